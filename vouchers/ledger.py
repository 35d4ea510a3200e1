"""Posting to and reading the voucher ledger (vouchers.models.ledger).

Accounts are names. Per programme: `funding` (what the authority put in, negative), `budget` (not yet given to
any voucher), `paid` (what the treasury paid out); per voucher its unspent balance; per order what is held for
it; per agency and programme what the authority owes it (receivable). Money only moves between them, so every
programme's accounts sum to zero.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum

from .models import LedgerLine, LedgerTransaction, Programme, ServiceOrder, Voucher

ZERO = Decimal("0.00")
Kind = LedgerTransaction.Kind


def funding_account(programme_id: int) -> str:
    return f"programme:{programme_id}:funding"


def budget_account(programme_id: int) -> str:
    return f"programme:{programme_id}:budget"


def paid_account(programme_id: int) -> str:
    return f"programme:{programme_id}:paid"


def voucher_account(voucher_id: int) -> str:
    return f"voucher:{voucher_id}"


def hold_account(order_id: int) -> str:
    return f"order:{order_id}:hold"


def receivable_account(agency_id: int, programme_id: int) -> str:
    return f"agency:{agency_id}:programme:{programme_id}:receivable"


def ledger_move(*, kind: str, programme: Programme, amount: Decimal, source: str, target: str, actor=None,
                memo: str = "", voucher: Voucher | None = None, order: ServiceOrder | None = None,
                claim=None) -> LedgerTransaction:
    """Move `amount` from `source` to `target` as one balanced transaction (call inside the caller's atomic
    block, after locking whatever row guards `source`'s balance)."""
    if amount <= 0:
        raise ValueError(f"a ledger movement needs a positive amount, not {amount}")
    entry = LedgerTransaction.objects.create(kind=kind, programme=programme, amount=amount, voucher=voucher,
                                             order=order, claim=claim, memo=memo[:300],
                                             actor=actor if getattr(actor, "is_authenticated", False) else None)
    LedgerLine.objects.bulk_create([LedgerLine(transaction=entry, account=source, amount=-amount),
                                    LedgerLine(transaction=entry, account=target, amount=amount)])
    return entry


def cents(total: Decimal | None) -> Decimal:
    """A sum of lines as money: SQLite's SUM loses the scale (5000 for 5000.00), which would show in messages."""
    return ZERO if total is None else Decimal(total).quantize(ZERO)


def balance(account: str) -> Decimal:
    return cents(LedgerLine.objects.filter(account=account).aggregate(total=Sum("amount"))["total"])


def balances(accounts: Iterable[str]) -> dict[str, Decimal]:
    accounts = list(accounts)
    totals = dict(LedgerLine.objects.filter(account__in=accounts).values("account")
                  .annotate(total=Sum("amount")).values_list("account", "total"))
    return {account: cents(totals.get(account)) for account in accounts}
