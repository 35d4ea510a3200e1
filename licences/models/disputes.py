"""Disputes between the parties of a deal, mediated by the operation centre.

Either party opens one once an agreement exists (or on the licence), with a reason and evidence files; the centre
takes it into mediation, writes notes both parties read, and records the outcome; the opener may withdraw it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from deals.models import Deal
from marketplace.models import Organisation
from marketplace.uploads import generated_name, image_extension, validate_pdf

from .licence import Licence

REASON_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 5000


class Dispute(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MEDIATING = "mediating", _("In mediation")
        RESOLVED = "resolved", _("Resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        SETTLED = "settled", _("Settled between the parties")
        REFUND_AGREED = "refund_agreed", _("Refund agreed")
        ARBITRATION = "arbitration", _("Referred to arbitration")
        DISMISSED = "dismissed", _("Dismissed")

    LIVE = (Status.OPEN, Status.MEDIATING)

    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="disputes")
    licence = models.ForeignKey(Licence, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes")
    # The party that opened it (the deal's buyer or owner); only its members may withdraw it.
    opened_for = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="disputes_opened",
                                   verbose_name=_("opened by"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(_("outcome details"), blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # resolved or withdrawn

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live dispute per deal: a second complaint goes into the one being mediated.
            models.UniqueConstraint(fields=["deal"], condition=models.Q(status__in=["open", "mediating"]),
                                    name="dispute_one_live_per_deal"),
        ]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return f"Dispute {self.pk} on deal {self.deal_id} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


def evidence_upload_to(instance, filename: str) -> str:
    """A generated name with the extension of the file's detected type (checked before, by the service)."""
    try:
        validate_pdf(instance.file.file)
        extension = "pdf"
    except ValidationError:
        extension = image_extension(instance.file.file)
    return generated_name("disputes/evidence", extension)


class DisputeEvidence(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="evidence")
    # Served only to the dispute's parties and operators (ipmarket/media.py).
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    title = models.CharField(_("title"), max_length=200)
    submitted_for = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")  # None: the operation centre
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class DisputeNote(models.Model):
    """The operation centre's mediation notes, read by both parties."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dispute note")
        verbose_name_plural = _("dispute notes")
