"""Voucher money over the period (from the voucher ledger, where every movement is a balanced transaction),
each programme's budget as its officers see it, and the accredited agencies with their ratings."""

from django.db.models import Avg, Count, Q, Sum

from marketplace.bilingual import in_active_language
from marketplace.models import Organisation
from vouchers.models import Accreditation, LedgerTransaction, Programme
from vouchers.selectors.catalogue import COMPLETED
from vouchers.selectors.officer import programme_budget_summaries

from ..periods import Period
from .trends import per_bucket, series_rows

Kind = LedgerTransaction.Kind
# Ledger movements by the column they fill: vouchers issued (budget reserved on them), claims approved
# (redeemed), paid by the treasury (settled), and money given back (expired vouchers, reversed claims).
VOUCHER_KINDS = {"issued": Kind.RESERVE, "redeemed": Kind.REDEEM, "settled": Kind.SETTLE, "expired": Kind.EXPIRE,
                 "reversed": Kind.REVERSE}


def voucher_trend(period: Period) -> list[list]:
    sums = {column: Sum("amount", filter=Q(kind=kind)) for column, kind in VOUCHER_KINDS.items()}
    groups = per_bucket(LedgerTransaction.objects.filter(kind__in=VOUCHER_KINDS.values()), period=period,
                        field="created_at", **sums)
    return series_rows(period, groups, VOUCHER_KINDS)


def programme_budgets() -> list[list]:
    """Every programme that is not a draft, with the voucher officers' budget figures (one ledger query)."""
    programmes = list(Programme.objects.exclude(status=Programme.Status.DRAFT).select_related("authority")
                      .order_by("authority__name_zh", "name_zh"))
    summaries = programme_budget_summaries(programmes)
    return [[in_active_language(p.name_zh, p.name_en), str(p.authority), s.funded, s.available, s.reserved,
             s.held, s.approved_unpaid, s.paid]
            for p in programmes for s in [summaries[p.pk]]]


def agencies(period: Period) -> list[list]:
    """The service agencies accredited now, with the voucher orders they received in the period, how many of
    those were completed, and the enterprises' average rating of them (orders rated, and the average)."""
    in_period = Q(**{f"service_orders_received__{k}": v for k, v in period.within("created_at").items()})
    rows = (_accredited()
            .annotate(orders=Count("service_orders_received", filter=in_period, distinct=True),
                      completed=Count("service_orders_received",
                                      filter=in_period & Q(service_orders_received__status__in=COMPLETED),
                                      distinct=True),
                      rated=Count("service_orders_received",
                                  filter=in_period & Q(service_orders_received__rating__isnull=False),
                                  distinct=True),
                      rating=Avg("service_orders_received__rating", filter=in_period))
            .order_by("province", "city", "name_zh"))
    return [[str(agency), agency.province, agency.city, agency.orders, agency.completed, agency.rated,
             None if agency.rating is None else round(float(agency.rating), 2)] for agency in rows]


def _accredited():
    """Agencies holding an accreditation now (a subquery, not a join: an agency accredited by two authorities
    is one agency, and its orders are not counted twice)."""
    active = Accreditation.objects.filter(status=Accreditation.Status.ACTIVE).values("agency")
    return Organisation.objects.filter(pk__in=active)


def active_agency_count() -> int:
    return _accredited().count()
