"""Deals through their stages and the money the marketplace moved: licence fees and royalties collected (paid
instalments: money actually received, not money owed) and the platform's commission on them."""

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from deals.models import Agreement, Deal
from licences.models import Distribution, DistributionRefund, Instalment
from payments.models import Refund

from ..periods import Period
from .trends import events, figure, per_bucket, series_rows

DEAL_ACTIONS = {"agreed": "agree", "signed": "sign", "licensed": "license", "closed": "close"}
DEAL_COLUMNS = ("opened", *DEAL_ACTIONS)
AMOUNT = DecimalField(max_digits=16, decimal_places=2)


def deal_trend(period: Period) -> list[list]:
    """Per bucket: deal rooms opened (inquiries), and how many deals were agreed, signed, licensed (the licence
    recorded) or closed without a deal, each as its workflow recorded it."""
    opened = per_bucket(Deal.objects.all(), period=period, field="created_at", opened=Count("pk"))
    moved = per_bucket(events(Deal, *DEAL_ACTIONS.values()), period=period, field="created_at",
                       **{column: Count("pk", filter=Q(action=action)) for column, action in DEAL_ACTIONS.items()})
    merged = {bucket: {**opened.get(bucket, {}), **moved.get(bucket, {})} for bucket in {*opened, *moved}}
    return series_rows(period, merged, DEAL_COLUMNS)


def deals_by_stage(period: Period) -> list[list]:
    """The deals opened in the period by the stage they are in now, each stage's count and value: the upfront
    fee of the deal's current agreement (open deals have none yet; royalties depend on future sales)."""
    live_agreement = ~Q(agreements__status=Agreement.Status.VOID)
    upfront = Cast(KeyTextTransform("upfront_fee", "agreements__terms_data"), AMOUNT)
    rows = (Deal.objects.filter(**period.within("created_at")).values("status").order_by("status")
            .annotate(deals=Count("pk", distinct=True), value=Sum(upfront, filter=live_agreement)))
    figures = {row["status"]: row for row in rows}
    return [[str(label), figures.get(status, {}).get("deals", 0), figure(figures.get(status, {}).get("value"))]
            for status, label in Deal.Status.choices]


INCOME_COLUMNS = ("licence_fees", "royalties", "commission", "commission_refunded")
FEES = (Instalment.Kind.UPFRONT, Instalment.Kind.MILESTONE)


def income_trend(period: Period) -> list[list]:
    """Per bucket: licence fees (upfront and milestone payments) and royalties collected, the platform's
    commission kept from them, and commission given back by refunds; each from the payments themselves."""
    paid = per_bucket(Instalment.objects.filter(status=Instalment.Status.PAID), period=period, field="paid_at",
                      licence_fees=Sum("amount", filter=Q(kind__in=FEES)),
                      royalties=Sum("amount", filter=Q(kind=Instalment.Kind.ROYALTY)))
    commission = per_bucket(Distribution.objects.filter(role=Distribution.Role.COMMISSION), period=period,
                            field="created_at", commission=Sum("amount"))
    refunded = per_bucket(DistributionRefund.objects.filter(distribution__role=Distribution.Role.COMMISSION,
                                                            refund__status__in=Refund.COMMITTED),
                          period=period, field="created_at", commission_refunded=Sum("amount"))
    merged = {bucket: {**paid.get(bucket, {}), **commission.get(bucket, {}), **refunded.get(bucket, {})}
              for bucket in {*paid, *commission, *refunded}}
    return series_rows(period, merged, INCOME_COLUMNS)
