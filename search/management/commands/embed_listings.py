import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.semantic.embedders import get_embedder
from search.semantic.services import listings_embed, listings_without_vectors, vector_index_rebuild
from search.selectors import published_listing_count


class Command(BaseCommand):
    help = ("Embed published listings for semantic search (only texts never embedded by the model before) and "
            "update the vector index.")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true",
                            help="Every published listing (changed texts too), not only those without a vector.")
        parser.add_argument("--rebuild-index", action="store_true",
                            help="Afterwards build the vector index afresh from the stored vectors.")

    def handle(self, *args, all: bool, rebuild_index: bool, **options):
        embedder = get_embedder()
        pending = None if all else listings_without_vectors(model_name=embedder.model_name)
        total = published_listing_count() if pending is None else len(pending)
        interactive = sys.stdout.isatty() and options["verbosity"] > 0
        with tqdm(total=total, unit="listing", disable=not interactive) as bar:
            linked = listings_embed(listing_ids=pending, embedder=embedder, progress=bar.update) if total else 0
        self.stdout.write(self.style.SUCCESS(f"{linked} listings have vectors by {embedder.model_name}."))
        if rebuild_index:
            held = vector_index_rebuild(embedder=embedder)
            self.stdout.write(self.style.SUCCESS(f"The vector index holds {held} listings."))
