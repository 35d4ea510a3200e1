import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.selectors import published_listing_count
from search.services import search_rebuild


class Command(BaseCommand):
    help = "Empty the marketplace search index and index every published listing again."

    def handle(self, *args, **options):
        interactive = sys.stdout.isatty() and options["verbosity"] > 0
        with tqdm(total=published_listing_count(), unit="listing", disable=not interactive) as bar:
            indexed = search_rebuild(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} published listings."))
