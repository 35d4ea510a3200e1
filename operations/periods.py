"""The period an operator looks at: from one local date to another (both included), in weeks or months.

Figures are counted in the site's time zone (settings.TIME_ZONE, Asia/Shanghai): a listing published at
00:30 on 1 March Beijing time counts in March even though it is still February in UTC.
"""

import datetime
from dataclasses import dataclass

from django.db.models import DateField
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEK, MONTH = "week", "month"
GRAINS = ((WEEK, _("Weekly")), (MONTH, _("Monthly")))


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # included
    grain: str = MONTH

    @property
    def start_at(self) -> datetime.datetime:
        """The first instant of `start`, local time."""
        return _local_midnight(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first instant after `end`, local time (ranges are half open: >= start_at, < end_before)."""
        return _local_midnight(self.end + datetime.timedelta(days=1))

    def within(self, field: str) -> dict:
        """Filter keyword arguments keeping `field` (a DateTimeField path) inside the period."""
        return {f"{field}__gte": self.start_at, f"{field}__lt": self.end_before}

    def bucket(self, field: str) -> Trunc:
        """The local date of the week's Monday or the month's first day `field` falls in, computed by the
        database."""
        return Trunc(field, self.grain, output_field=DateField(), tzinfo=timezone.get_current_timezone())

    def buckets(self) -> list[datetime.date]:
        """Every week or month the period touches, in order, so that quiet ones show as zero."""
        first = (self.start - datetime.timedelta(days=self.start.weekday()) if self.grain == WEEK
                 else self.start.replace(day=1))
        buckets = []
        while first <= self.end:
            buckets.append(first)
            first = first + datetime.timedelta(days=7) if self.grain == WEEK else _next_month(first)
        return buckets

    def label(self, bucket: datetime.date) -> str:
        """A bucket as the charts and tables show it: the Monday of a week, the year and month of a month."""
        return bucket.isoformat() if self.grain == WEEK else bucket.strftime("%Y-%m")


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_current_timezone())


def _next_month(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)


def period_default(today: datetime.date | None = None) -> Period:
    """The last twelve months to today, month by month."""
    today = today or timezone.localdate()
    start = _next_month(today.replace(year=today.year - 1, day=1))
    return Period(start=start, end=today, grain=MONTH)
