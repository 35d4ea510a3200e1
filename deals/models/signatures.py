"""A party's signature of an agreement: who signed for which organisation, when, from which address, and
the SHA-256 of the exact PDF they signed (so a later change of the file, or a signature over another
version, shows in the verification)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Organisation

from .offers import Agreement


class Signature(models.Model):
    class Side(models.TextChoices):  # the codes of DealMessage.Side's two parties
        BUYER = "buyer", _("Licensee (buyer)")
        SELLER = "seller", _("Licensor (owner)")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="signatures")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF signed"), max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "side"], name="signature_one_per_side")]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.get_side_display()} signature of agreement {self.agreement_id} by {self.user}"
