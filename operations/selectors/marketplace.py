"""Listings, their moderation, demands and match proposals over the period."""

import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery

from marketplace.models import Demand, Listing
from search.models import MatchProposal

from ..periods import Period
from .trends import events, per_bucket, series_rows

SUBMITTED = Listing.Status.SUBMITTED
# Workflow actions counted per bucket, by the column they fill.
LISTING_ACTIONS = {"submitted": "submit", "published": "publish", "rejected": "reject",
                   "transacted": "mark_transacted", "expired": "expire"}
LISTING_COLUMNS = ("created", *LISTING_ACTIONS)


def listing_trend(period: Period) -> list[list]:
    """Per bucket: listings created, and how many were submitted, published, rejected, transacted and expired
    (each a transition recorded in the audit trail, dated when it happened)."""
    created = per_bucket(Listing.objects.all(), period=period, field="created_at", created=Count("pk"))
    moved = per_bucket(events(Listing, *LISTING_ACTIONS.values()), period=period, field="created_at",
                       **{column: Count("pk", filter=Q(action=action)) for column, action in LISTING_ACTIONS.items()})
    merged = {bucket: {**created.get(bucket, {}), **moved.get(bucket, {})} for bucket in {*created, *moved}}
    return series_rows(period, merged, LISTING_COLUMNS)


def _into_review():
    return events(Listing, "submit").filter(to_state=SUBMITTED)


def _out_of_review():
    """Every way out of the queue: published, rejected, or withdrawn by the owner while waiting."""
    return events(Listing, "publish", "reject", "withdraw").filter(from_state=SUBMITTED)


def _backlog_before(moment: datetime.datetime) -> int:
    entered = _into_review().filter(created_at__lt=moment).count()
    return entered - _out_of_review().filter(created_at__lt=moment).count()


def moderation_trend(period: Period) -> list[list]:
    """Per bucket: listings submitted for review, decisions taken (published or rejected), the average days
    from the submission to its decision, and the backlog (waiting for a decision) at the bucket's end."""
    entered = per_bucket(_into_review(), period=period, field="created_at", entered=Count("pk"))
    left = per_bucket(_out_of_review(), period=period, field="created_at", left=Count("pk"),
                      decided=Count("pk", filter=Q(action__in=("publish", "reject"))))
    waits = per_bucket(_decisions_with_wait(), period=period, field="created_at", wait=Avg("wait"))
    backlog = _backlog_before(period.start_at)
    rows = []
    for bucket in period.buckets():
        backlog += entered.get(bucket, {}).get("entered", 0) - left.get(bucket, {}).get("left", 0)
        wait = waits.get(bucket, {}).get("wait")
        rows.append([period.label(bucket), entered.get(bucket, {}).get("entered", 0),
                     left.get(bucket, {}).get("decided", 0), _days(wait), backlog])
    return rows


def _decisions_with_wait():
    """Each publication or rejection of a submitted listing, with the time since that listing's latest
    submission before it."""
    submitted_at = (_into_review().filter(object_id=OuterRef("object_id"), created_at__lte=OuterRef("created_at"))
                    .order_by("-created_at").values("created_at")[:1])
    return (events(Listing, "publish", "reject").filter(from_state=SUBMITTED)
            .annotate(wait=ExpressionWrapper(F("created_at") - Subquery(submitted_at),
                                             output_field=DurationField())))


def moderation_wait_average(period: Period) -> float | None:
    """The average days from submission to decision over the whole period (None without decisions)."""
    # Grouped by the one content type rather than .aggregate(): Django cannot aggregate over an annotation
    # holding a subquery (it writes an empty SELECT).
    decisions = (_decisions_with_wait().filter(**period.within("created_at")).values("content_type")
                 .order_by().annotate(average=Avg("wait")))
    return _days(next(iter(decisions), {}).get("average"))


def _days(wait: datetime.timedelta | None) -> float | None:
    return None if wait is None else round(wait.total_seconds() / 86400, 1)


def moderation_backlog_now() -> int:
    """Listings waiting for a moderator's decision now."""
    return Listing.objects.filter(status=SUBMITTED).count()


DEMAND_COLUMNS = ("demands", "proposals", "inquired")


def demand_trend(period: Period) -> list[list]:
    """Per bucket: demands posted, listings proposed to them by matching, and how many of those proposals the
    demand's organisation went on to inquire about (a deal room opened on the proposed listing)."""
    demands = per_bucket(Demand.objects.all(), period=period, field="created_at", demands=Count("pk"))
    proposals = per_bucket(MatchProposal.objects.all(), period=period, field="created_at", proposals=Count("pk"),
                           inquired=Count("pk", filter=Q(inquired_at__isnull=False)))
    merged = {bucket: {**demands.get(bucket, {}), **proposals.get(bucket, {})} for bucket in {*demands, *proposals}}
    return series_rows(period, merged, DEMAND_COLUMNS)
