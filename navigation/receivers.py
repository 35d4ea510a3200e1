"""The facts and applicant rows follow their patents in the same transaction: saved one by one (post_save) or written in
bulk by an import or a queryset update (marketplace.signals.patents_written). Deleting a patent deletes its rows (CASCADE)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from marketplace.models import Patent
from marketplace.signals import patents_written

from .applicants import PATENT_FIELDS
from .services import patent_facts_refresh


@receiver(post_save, sender=Patent, dispatch_uid="navigation_patent_saved")
def patent_saved(sender, instance: Patent, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw:  # fixtures being loaded: their rows come as they are
        return
    if update_fields is not None and not set(PATENT_FIELDS) & set(update_fields):
        return
    patent_facts_refresh(patent_ids=[instance.pk])


@receiver(patents_written, dispatch_uid="navigation_patents_written")
def patents_bulk_written(sender, patent_ids: list[int], **kwargs) -> None:
    patent_facts_refresh(patent_ids=patent_ids)
