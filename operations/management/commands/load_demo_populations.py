from django.core.management.base import BaseCommand, CommandError

from operations.demo import CENSUS_YEAR, demo_populations_load


class Command(BaseCommand):
    help = ("Add the demo cities' populations (2020 census) for the operations dashboard's city indicators. Run "
            "by load_demo_data; safe to run again.")

    def handle(self, *args, **options):
        try:
            added = demo_populations_load()
        except LookupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Demo city populations: {added} added for {CENSUS_YEAR}."))
