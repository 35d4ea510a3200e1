"""Records dated at will: the services stamp `now`, the dashboard is about when things happened."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from marketplace.models import AuditEvent


def local(*args) -> datetime.datetime:
    """A moment in the site's time zone (Asia/Shanghai): local(2026, 2, 1, 0, 30) is 2026-01-31 16:30 UTC."""
    return timezone.make_aware(datetime.datetime(*args), timezone.get_current_timezone())


def dated(obj, when: datetime.datetime, field: str = "created_at"):
    type(obj).objects.filter(pk=obj.pk).update(**{field: when})
    setattr(obj, field, when)
    return obj


def event(obj, action: str, when: datetime.datetime, *, from_state: str = "", to_state: str = "") -> AuditEvent:
    created = AuditEvent.objects.create(content_type=ContentType.objects.get_for_model(type(obj)),
                                        object_id=str(obj.pk), action=action, from_state=from_state,
                                        to_state=to_state)
    return dated(created, when)
