from django.core.management.base import BaseCommand, CommandError

from licences.demo import POOL_LICENSEE_USER, demo_deals_load


class Command(BaseCommand):
    help = ("Add demo deals in every stage (inquiry, negotiation, agreed, awaiting payment, licences with "
            "royalties, a pool licence, a dispute) between the demo accounts. Run by load_demo_data; safe to "
            "run again.")

    def handle(self, *args, **options):
        try:
            created = demo_deals_load()
        except LookupError as error:
            raise CommandError(str(error)) from None
        if not created:
            self.stdout.write("Demo deals already loaded.")
            return
        for line in created:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(
            f"Demo deals loaded; the pool's licensee acts as {POOL_LICENSEE_USER[0]} (same password)."))
