"""The click-through NDA (保密协议) a listing's owner may require before the buyer sees confidential files.

Its text is versioned: operators publish a new version rather than change one, so an acceptance always names
the exact text that was accepted. The latest version is the one buyers are asked to accept.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Organisation

from .room import Deal


class NdaVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    body_zh = models.TextField(_("text (Chinese)"))
    body_en = models.TextField(_("text (English)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("NDA version")
        verbose_name_plural = _("NDA versions")

    def __str__(self) -> str:
        return f"NDA v{self.number}"


class NdaAcceptance(models.Model):
    """The buyer organisation accepted one version of the NDA in one deal: who clicked, when, from where."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="nda_acceptances")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.ForeignKey(NdaVersion, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            # A double click or two colleagues at once: one acceptance.
            models.UniqueConstraint(fields=["deal", "version"], name="nda_acceptance_one_per_deal_version"),
        ]
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")

    def __str__(self) -> str:
        return f"{self.organisation} accepted {self.version} in deal {self.deal_id}"
