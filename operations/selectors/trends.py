"""Grouping a queryset by the period's weeks or months, and laying the groups out as rows with zeros for the
quiet ones."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Aggregate, QuerySet

from marketplace.models import AuditEvent
from vouchers.ledger import cents

from ..periods import Period

BUCKET = "bucket"


def per_bucket(queryset: QuerySet, *, period: Period, field: str, **aggregates: Aggregate) -> dict[datetime.date, dict]:
    """One query: the rows of `queryset` whose `field` lies in the period, grouped by week or month, each
    group's `aggregates`. Keyed by the bucket's first day."""
    rows = (queryset.filter(**period.within(field)).annotate(**{BUCKET: period.bucket(field)})
            .values(BUCKET).order_by(BUCKET).annotate(**aggregates))
    return {row[BUCKET]: row for row in rows}


def events(model, *actions: str) -> QuerySet:
    """The audit events of `model`'s workflow, of the given actions."""
    return AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(model), action__in=actions)


def series_rows(period: Period, groups: dict[datetime.date, dict], keys: Iterable[str]) -> list[list]:
    """One row per bucket of the period: its label, then each of `keys` (0 where nothing happened)."""
    keys = list(keys)
    return [[period.label(bucket), *(figure(groups.get(bucket, {}).get(key)) for key in keys)]
            for bucket in period.buckets()]


def figure(value):
    """A count as an int, an amount as a Decimal to the cent (SQLite's SUM drops the scale), nothing as 0."""
    if value is None:
        return 0
    if isinstance(value, Decimal | float):
        return cents(value)
    return value


def column_totals(rows: list[list]) -> list:
    """Each numeric column's total over the rows (the first column is the label)."""
    if not rows:
        return []
    return [sum((row[i] for row in rows), start=type(rows[0][i])(0)) for i in range(1, len(rows[0]))]
