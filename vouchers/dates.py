"""Programme dates are calendar days in the platform's time zone: a deadline ends at midnight after it."""

import datetime

from django.utils import timezone


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def today() -> datetime.date:
    return timezone.localdate()
