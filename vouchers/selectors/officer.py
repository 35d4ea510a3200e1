"""What the voucher officers read: their programmes with the budget as the ledger has it, the review queues, the
claim evidence and the settlement batches. Everything is scoped to the authorities the user is an officer of."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from marketplace.models import Organisation

from ..ledger import ZERO, budget_account, cents
from ..models import (
    Accreditation,
    Claim,
    LedgerLine,
    LedgerTransaction,
    Programme,
    SettlementBatch,
    Voucher,
    VoucherApplication,
)
from ..permissions import officer_authorities
from ..risk import RiskFlag, claim_risk_flags
from ..services.applications import eligibility_problems
from ..services.common import sanction_standing

# Claims an officer still has to decide.
CLAIMS_TO_REVIEW = (Claim.Status.SUBMITTED, Claim.Status.CHECKED)


@dataclass(frozen=True)
class BudgetSummary:
    """Where a programme's money is, each figure a ledger balance: funded = available + reserved + held +
    approved_unpaid + paid, always (the programme's accounts sum to zero)."""

    funded: Decimal = ZERO
    available: Decimal = ZERO  # not given to any voucher
    reserved: Decimal = ZERO  # on vouchers, not yet spent
    held: Decimal = ZERO  # held for orders in progress
    approved_unpaid: Decimal = ZERO  # claims approved, owed to agencies
    paid: Decimal = ZERO  # paid out by the treasury

    @property
    def committed(self) -> Decimal:
        return self.funded - self.available

    @property
    def available_percent(self) -> int:
        return int(self.available * 100 / self.funded) if self.funded else 0


def programme_budget_summaries(programmes) -> dict[int, BudgetSummary]:
    """One aggregate query over the ledger lines of `programmes`, each account kind summed per programme."""
    ids = [p.pk for p in programmes]
    rows = {}
    if ids:
        per_programme = (LedgerLine.objects.filter(transaction__programme__in=ids)
                         .values("transaction__programme")
                         .annotate(funding=Sum("amount", filter=Q(account__endswith=":funding")),
                                   budget=Sum("amount", filter=Q(account__endswith=":budget")),
                                   vouchers=Sum("amount", filter=Q(account__startswith="voucher:")),
                                   holds=Sum("amount", filter=Q(account__endswith=":hold")),
                                   receivable=Sum("amount", filter=Q(account__endswith=":receivable")),
                                   paid=Sum("amount", filter=Q(account__endswith=":paid"))))
        rows = {row["transaction__programme"]: row for row in per_programme}
    summaries = {}
    for pk in ids:
        row = rows.get(pk, {})
        summaries[pk] = BudgetSummary(
            funded=-cents(row.get("funding")), available=cents(row.get("budget")),
            reserved=cents(row.get("vouchers")), held=cents(row.get("holds")),
            approved_unpaid=cents(row.get("receivable")), paid=cents(row.get("paid")))
    return summaries


def programme_budget_summary(programme: Programme) -> BudgetSummary:
    return programme_budget_summaries([programme])[programme.pk]


@dataclass(frozen=True)
class BurnDownDay:
    day: datetime.date
    added: Decimal  # funded, or given back (expired vouchers, lapsed orders, reversed claims)
    taken: Decimal  # reserved on vouchers issued
    available: Decimal  # at the end of the day


def programme_burn_down(programme: Programme) -> list[BurnDownDay]:
    """The available budget at the end of each day something moved it: the lines of the programme's budget
    account (fund, reserve, expire, lapse, reverse ...), summed per day."""
    per_day = (LedgerLine.objects.filter(account=budget_account(programme.pk))
               .annotate(day=TruncDate("transaction__created_at", tzinfo=timezone.get_current_timezone()))
               .values("day").order_by("day")
               .annotate(added=Sum("amount", filter=Q(amount__gt=0)), taken=Sum("amount", filter=Q(amount__lt=0))))
    running, days = ZERO, []
    for row in per_day:
        added, taken = cents(row["added"]), -cents(row["taken"])
        running += added - taken
        days.append(BurnDownDay(day=row["day"], added=added, taken=taken, available=running))
    return days


def burn_down_series(days: list[BurnDownDay], *, programme: Programme, today: datetime.date) -> dict:
    """The chart's data (vouchers/static/vouchers/burn_down.js reads it from json_script): the programme's period
    as the time axis (from its opening, or its first movement if earlier, to the claim deadline), the available
    budget as steps carried on to today, and what each day issued."""
    start = min([programme.applications_open, *(d.day for d in days)])
    return {"start": start.isoformat(), "end": max(programme.claim_deadline, today).isoformat(),
            "today": today.isoformat(), "days": [d.day.isoformat() for d in days],
            "available": [str(d.available) for d in days], "taken": [str(d.taken) for d in days],
            "added": [str(d.added) for d in days]}


# Programmes and queues --------------------------------------------------------------------------------------

def officer_programmes(user) -> QuerySet:
    """Programmes of every authority `user` is an officer of (what their object pages may show)."""
    return Programme.objects.filter(authority__in=officer_authorities(user)).select_related("authority")


def authority_programmes(authority: Organisation) -> QuerySet:
    return Programme.objects.filter(authority=authority).order_by("-applications_open", "-pk")


def programme_waiting_counts(programmes) -> dict[int, dict[str, int]]:
    """Applications and claims waiting for an officer, and approved claims waiting for a batch, per programme."""
    ids = [p.pk for p in programmes]
    counts = {pk: {"applications": 0, "claims": 0, "unbatched": 0} for pk in ids}
    for row in (VoucherApplication.objects.filter(programme__in=ids, status=VoucherApplication.Status.SUBMITTED)
                .values("programme").annotate(n=Count("pk"))):
        counts[row["programme"]]["applications"] = row["n"]
    for row in (Claim.objects.filter(programme__in=ids).values("programme")
                .annotate(review=Count("pk", filter=Q(status__in=CLAIMS_TO_REVIEW)),
                          unbatched=Count("pk", filter=Q(status=Claim.Status.APPROVED, batch__isnull=True)))):
        counts[row["programme"]].update(claims=row["review"], unbatched=row["unbatched"])
    return counts


def officer_programme(*, user, pk: int) -> Programme:
    """Raises Programme.DoesNotExist for a programme of an authority the user is not an officer of."""
    return officer_programmes(user).get(pk=pk)


@dataclass
class ApplicationFacts:
    """What the reviewer weighs: the enterprise's own statements, where it is registered, what the same
    authority already issued to it this year against the programme's cap, and anything that keeps it out."""

    application: VoucherApplication
    issued_this_year: Decimal
    cap_left: Decimal | None
    problems: list[str] = field(default_factory=list)

    @property
    def region(self) -> str:
        applicant = self.application.applicant
        return " ".join(part for part in (applicant.province, applicant.city) if part)


def applications_to_review(*, authority: Organisation) -> QuerySet:
    return (VoucherApplication.objects.filter(programme__authority=authority,
                                              status=VoucherApplication.Status.SUBMITTED)
            .select_related("programme", "applicant").order_by("created_at", "pk"))


def application_facts(*, authority: Organisation, applications) -> list[ApplicationFacts]:
    """The facts for a page of `applications` (what the year's vouchers add up to: one query for the page)."""
    applications = list(applications)
    year = timezone.localdate().year
    issued = dict(Voucher.objects.filter(programme__authority=authority, issued_at__year=year,
                                         holder__in=[a.applicant_id for a in applications])
                  .values("holder").annotate(total=Sum("face_value")).values_list("holder", "total"))
    queue = []
    for application in applications:
        programme_ = application.programme
        total = cents(issued.get(application.applicant_id))
        cap = programme_.annual_cap_per_sme
        problems = [str(message) for message in eligibility_problems(
            programme=programme_, applicant=application.applicant, employees=application.employees,
            annual_revenue=application.annual_revenue).values()]
        sanction = sanction_standing(application.applicant)
        if sanction is not None:
            problems.append(f"{sanction.get_kind_display()}: {sanction.reason}")
        queue.append(ApplicationFacts(application=application, issued_this_year=total,
                                      cap_left=max(cap - total, ZERO) if cap is not None else None,
                                      problems=problems))
    return queue


def application_queue(*, authority: Organisation) -> list[ApplicationFacts]:
    return application_facts(authority=authority, applications=applications_to_review(authority=authority))


def officer_application(*, user, pk: int) -> VoucherApplication:
    return VoucherApplication.objects.select_related("programme__authority", "applicant").get(
        pk=pk, programme__authority__in=officer_authorities(user))


@dataclass
class ClaimRow:
    claim: Claim
    flags: list[RiskFlag]


def claims_to_review(*, authority: Organisation) -> QuerySet:
    return (Claim.objects.filter(programme__authority=authority, status__in=CLAIMS_TO_REVIEW)
            .select_related("programme", "agency", "order__product", "order__buyer")
            .order_by("submitted_at", "pk"))


def claim_rows(claims) -> list[ClaimRow]:
    return [ClaimRow(claim=claim, flags=claim_risk_flags(claim)) for claim in claims]


def claim_queue(*, authority: Organisation, flagged_only: bool = False) -> list[ClaimRow]:
    rows = claim_rows(claims_to_review(authority=authority))
    return [row for row in rows if row.flags] if flagged_only else rows


def officer_claim(*, user, pk: int) -> Claim:
    return Claim.objects.select_related(
        "programme__authority", "agency", "order__product", "order__buyer", "order__voucher",
        "order__copay_payment", "batch").get(pk=pk, programme__authority__in=officer_authorities(user))


def claim_reviews(claim: Claim) -> QuerySet:
    return claim.reviews.select_related("reviewer").order_by("created_at", "pk")


def claim_ledger(claim: Claim) -> QuerySet:
    """The claim's order's movements: held, redeemed, settled or reversed."""
    return LedgerTransaction.objects.filter(order=claim.order_id).order_by("created_at", "pk")


# Settlement -------------------------------------------------------------------------------------------------

def authority_batches(authority: Organisation) -> QuerySet:
    return (SettlementBatch.objects.filter(programme__authority=authority).select_related("programme")
            .annotate(claims_count=Count("claims", filter=~Q(claims__status=Claim.Status.REVERSED)),
                      total=Sum("claims__amount", filter=~Q(claims__status=Claim.Status.REVERSED)))
            .order_by("-period_start", "-pk"))


def officer_batch(*, user, pk: int) -> SettlementBatch:
    return SettlementBatch.objects.select_related("programme__authority", "paid_by").get(
        pk=pk, programme__authority__in=officer_authorities(user))


def batch_claims(batch: SettlementBatch) -> QuerySet:
    """The claims the batch pays (a claim reversed after batching is left out: it is owed nothing)."""
    return (batch.claims.exclude(status=Claim.Status.REVERSED)
            .select_related("agency", "order__buyer", "order__product", "order__voucher")
            .order_by("agency__name_zh", "approved_at", "pk"))


@dataclass(frozen=True)
class AgencyTotal:
    agency: Organisation
    credit_code: str
    claims_count: int
    total: Decimal


def batch_agency_totals(batch: SettlementBatch) -> list[AgencyTotal]:
    """Per agency: how many claims and how much, with the credit code the authority accredited it under."""
    rows = (batch.claims.exclude(status=Claim.Status.REVERSED).values("agency")
            .annotate(n=Count("pk"), total=Sum("amount")))
    agencies = Organisation.objects.in_bulk([row["agency"] for row in rows])
    codes = dict(Accreditation.objects.filter(authority=batch.programme.authority_id, agency__in=agencies)
                 .order_by("created_at", "pk").values_list("agency", "unified_credit_code"))
    totals = [AgencyTotal(agency=agencies[row["agency"]],
                          credit_code=codes.get(row["agency"]) or agencies[row["agency"]].unified_credit_code,
                          claims_count=row["n"], total=cents(row["total"])) for row in rows]
    return sorted(totals, key=lambda t: t.agency.name_zh)


def batch_export_rows(batch: SettlementBatch) -> tuple[list[list], list[list]]:
    """The treasury's two tables: per agency, and the claim lines (values, not yet made spreadsheet-safe)."""
    agencies = [[t.agency.name_zh, t.credit_code, t.claims_count, t.total] for t in batch_agency_totals(batch)]
    lines = []
    for claim in batch_claims(batch):
        order = claim.order
        lines.append([order.voucher.code, order.buyer.name_zh, claim.agency.name_zh, order.product.title_zh,
                      claim.invoice_number, claim.amount,
                      timezone.localtime(claim.approved_at).strftime("%Y-%m-%d %H:%M") if claim.approved_at else ""])
    return agencies, lines


def programmes_awaiting_settlement(authority: Organisation) -> QuerySet:
    """The authority's programmes with approved claims not yet in a batch, and their sum."""
    unbatched = Q(claims__status=Claim.Status.APPROVED, claims__batch__isnull=True)
    return (authority_programmes(authority)
            .annotate(unbatched_count=Count("claims", filter=unbatched),
                      unbatched_total=Sum("claims__amount", filter=unbatched)))

