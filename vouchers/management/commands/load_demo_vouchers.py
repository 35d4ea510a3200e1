from django.core.management.base import BaseCommand, CommandError

from vouchers.demo import SECOND_OFFICER, demo_vouchers_load
from vouchers.ledger_check import ledger_problems


class Command(BaseCommand):
    help = ("Add demo service vouchers: two programmes of the demo voucher authority, accredited agencies with "
            "service products and one in public notice, SMEs' vouchers at every stage and a settled batch. Run "
            "by load_demo_data; safe to run again. Checks the voucher ledger at the end.")

    def handle(self, *args, **options):
        try:
            created = demo_vouchers_load()
        except LookupError as error:
            raise CommandError(str(error)) from None
        problems = ledger_problems()
        if problems:
            raise CommandError("voucher ledger inconsistent: " + "; ".join(problems[:5]))
        if not created:
            self.stdout.write("Demo vouchers already loaded; ledger=ok.")
            return
        for line in created:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(
            f"Demo vouchers loaded; ledger=ok. The second reviewing officer is {SECOND_OFFICER[0]} (same password)."))
