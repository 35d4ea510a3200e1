"""Does the ledger hold together? Every transaction balances, no account is where it must never be, and the
balances agree with what the vouchers, orders and claims say (`manage.py check_voucher_ledger`)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from .ledger import (
    ZERO,
    budget_account,
    cents,
    funding_account,
    hold_account,
    paid_account,
    receivable_account,
    voucher_account,
)
from .models import Claim, LedgerLine, LedgerTransaction, Programme, ServiceOrder, Voucher


def ledger_problems() -> list[str]:
    """Every disagreement found, one sentence each; empty when all is well."""
    balances = {account: cents(total) for account, total in LedgerLine.objects.values("account")
                .annotate(total=Sum("amount")).values_list("account", "total")}
    return [*_unbalanced(), *_programme_accounts(balances), *_vouchers(balances), *_orders(balances),
            *_claims(balances)]


def _unbalanced() -> list[str]:
    problems = []
    lines = (LedgerTransaction.objects.annotate(total=Sum("lines__amount"), lines_count=Count("lines"),
                                                into=Sum("lines__amount", filter=Q(lines__amount__gt=0)))
             .exclude(total=0, lines_count__gte=2, into=F("amount")))
    for entry in lines.values("pk", "kind", "total", "lines_count"):
        problems.append(f"transaction {entry['pk']} ({entry['kind']}) does not balance: its {entry['lines_count']} "
                        f"lines sum to {entry['total']}")
    return problems


def _programme_accounts(balances: dict[str, Decimal]) -> list[str]:
    problems = []
    for programme_id in Programme.objects.values_list("pk", flat=True):
        if balances.get(budget_account(programme_id), ZERO) < 0:
            problems.append(f"programme {programme_id}: budget below zero ({balances[budget_account(programme_id)]})")
        if balances.get(funding_account(programme_id), ZERO) > 0:
            problems.append(f"programme {programme_id}: funding account above zero")
        if balances.get(paid_account(programme_id), ZERO) < 0:
            problems.append(f"programme {programme_id}: paid account below zero")
    return problems


def _vouchers(balances: dict[str, Decimal]) -> list[str]:
    problems = []
    reserved = dict(LedgerTransaction.objects.filter(kind=LedgerTransaction.Kind.RESERVE)
                    .values("voucher").annotate(total=Sum("amount")).values_list("voucher", "total"))
    for voucher_id, code, face_value, status in Voucher.objects.values_list("pk", "code", "face_value", "status"):
        left = balances.get(voucher_account(voucher_id), ZERO)
        if reserved.get(voucher_id) != face_value:
            problems.append(f"voucher {code}: face value {face_value} but {reserved.get(voucher_id)} reserved")
        if left < 0 or left > face_value:
            problems.append(f"voucher {code}: balance {left} outside 0 – {face_value}")
        if status != Voucher.Status.ACTIVE and left != 0:
            problems.append(f"voucher {code}: {status} but {left} still on it")
    return problems


def _orders(balances: dict[str, Decimal]) -> list[str]:
    problems = []
    for order_id, status, voucher_amount in ServiceOrder.objects.values_list("pk", "status", "voucher_amount"):
        held = balances.get(hold_account(order_id), ZERO)
        expected = voucher_amount if status in ServiceOrder.HOLDING else ZERO
        if held != expected:
            problems.append(f"order {order_id} ({status}): {held} held, {expected} expected")
    return problems


def _claims(balances: dict[str, Decimal]) -> list[str]:
    problems = []
    owed: dict[str, Decimal] = defaultdict(lambda: ZERO)
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for agency_id, programme_id, status, amount in Claim.objects.filter(
            status__in=(Claim.Status.APPROVED, Claim.Status.SETTLED)).values_list(
            "agency", "programme", "status", "amount"):
        if status == Claim.Status.APPROVED:
            owed[receivable_account(agency_id, programme_id)] += amount
        else:
            paid[paid_account(programme_id)] += amount
    receivables = {a for a in balances if a.endswith(":receivable")} | owed.keys()
    for account in sorted(receivables):
        if balances.get(account, ZERO) != owed[account]:
            problems.append(f"{account}: {balances.get(account, ZERO)} on the ledger, {owed[account]} approved "
                            "and unpaid")
    for account in sorted({a for a in balances if a.endswith(":paid")} | paid.keys()):
        if balances.get(account, ZERO) != paid[account]:
            problems.append(f"{account}: {balances.get(account, ZERO)} on the ledger, {paid[account]} settled")
    return problems
