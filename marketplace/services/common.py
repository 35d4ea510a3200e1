from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..models import DealType


def send_on_commit(signal: Signal, **kwargs) -> None:
    """Side effects (indexing, alerts, emails) run only once the change is committed."""
    transaction.on_commit(lambda: signal.send(sender=None, **kwargs))


def deal_types_resolve(codes: Iterable[str], *, field: str = "deal_types", required: bool = True) -> list[DealType]:
    """The DealType rows for `codes` (duplicates dropped); a ValidationError on `field` for none or an unknown one."""
    codes = list(dict.fromkeys(codes))
    if required and not codes:
        raise ValidationError({field: _("Choose at least one deal type.")})
    found = list(DealType.objects.filter(code__in=codes))
    if len(found) != len(codes):
        raise ValidationError({field: _("Unknown deal type.")})
    return found


def delete_file_on_commit(storage, name: str) -> None:
    """The stored file goes only once the change that dropped it is committed (an organisation's replaced
    logo, a listing's removed image or discarded proposed one)."""
    transaction.on_commit(lambda: storage.delete(name))
