from django.core.management.base import BaseCommand, CommandError

from vouchers.ledger_check import ledger_problems
from vouchers.models import LedgerTransaction


class Command(BaseCommand):
    help = ("Verify the voucher ledger: every entry balances; budgets, vouchers, holds, receivables and payments "
            "reconcile with the vouchers, orders and claims. Exits non-zero on any disagreement.")

    def handle(self, *args, **options):
        problems = ledger_problems()
        for problem in problems:
            self.stderr.write(problem)
        count = LedgerTransaction.objects.count()
        if problems:
            raise CommandError(f"ledger=broken problems={len(problems)} transactions={count}")
        self.stdout.write(f"ledger=ok transactions={count}")
