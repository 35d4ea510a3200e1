"""Offers and the agreement an accepted offer becomes.

An offer never changes once made: a counter-offer supersedes it, its author may withdraw it, the other side
may accept it while it is the latest live one. Its terms are a deals.terms.LicenceTerms stored as JSON; the
agreement keeps its own copy of them, so what was signed reads the same whatever happens later.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..terms import LicenceTerms, terms_from_json
from .room import Deal, DealMessage


class Offer(models.Model):
    class Status(models.TextChoices):
        LIVE = "live", _("Open for acceptance")
        SUPERSEDED = "superseded", _("Superseded")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="offers")
    # Buyer or owner (DealMessage.Side): whose proposal this is; only the other side may accept it.
    side = models.CharField(_("side"), max_length=10, choices=DealMessage.Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terms_data = models.JSONField(_("terms"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # The offer this one answers or revises, if any.
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.LIVE,
                              db_index=True)
    # Made from the listing's easy-access terms, accepted at once by the buyer.
    easy_access = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # withdrawn, superseded or accepted

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # At most one offer of a deal is open for acceptance: a new one supersedes the last.
            models.UniqueConstraint(fields=["deal"], condition=models.Q(status="live"),
                                    name="offer_one_live_per_deal"),
            models.UniqueConstraint(fields=["deal"], condition=models.Q(status="accepted"),
                                    name="offer_one_accepted_per_deal"),
        ]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.get_side_display()} offer {self.pk} on deal {self.deal_id} ({self.status})"

    @property
    def terms(self) -> LicenceTerms:
        return terms_from_json(self.terms_data)


class Agreement(models.Model):
    """The licence or assignment agreement generated from an accepted offer, awaiting or bearing signatures.

    `pdf_sha256` is the digest of the exact PDF file generated; a signature records the digest its signer
    saw, so a document changed after signing (or a signature over another version) is detectable."""

    class Status(models.TextChoices):
        AWAITING_SIGNATURES = "awaiting", _("Awaiting signatures")
        SIGNED = "signed", _("Signed by both parties")
        VOID = "void", _("Void")

    deal = models.ForeignKey(Deal, on_delete=models.PROTECT, related_name="agreements")
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="agreement")
    terms_data = models.JSONField(_("terms"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.AWAITING_SIGNATURES, db_index=True)
    html = models.TextField(_("agreement text"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="agreements/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    template = models.ForeignKey("deals.AgreementTemplate", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="agreements", verbose_name=_("template"))
    # Everything the document was rendered from besides the terms, as it was at generation: the template's
    # text, the parties' names and addresses, the patents (deals.agreement_document.agreement_snapshot). The
    # recordal pack reads the same data, so it always matches what was signed.
    snapshot = models.JSONField(_("document data"), default=dict, blank=True)
    # The platform's commission stated in the agreement (settings.PLATFORM_COMMISSION_PERCENT when generated).
    commission_percent = models.DecimalField(_("platform commission (%)"), max_digits=5, decimal_places=2,
                                             null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["deal"], condition=~models.Q(status="void"),
                                    name="agreement_one_current_per_deal"),
        ]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"Agreement {self.pk} of deal {self.deal_id} ({self.status})"

    @property
    def terms(self) -> LicenceTerms:
        return terms_from_json(self.terms_data)

    @property
    def number(self) -> str:
        return f"IPM-{self.deal_id:06d}-{self.pk}"
