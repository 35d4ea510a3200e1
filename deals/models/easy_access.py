"""Easy-access licences: fixed non-exclusive terms a listing's owner (typically a university) switches on, so a
buyer can accept them at once instead of negotiating.

The term starts on the day a buyer accepts, so only its length is stored (`duration_months`); `terms_data` holds
the rest of the terms (fees, royalty, territory, field of use), and deals.easy_access builds the full
LicenceTerms at acceptance, covering the listing's patent or every patent of its pool.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Listing

MAX_DURATION_MONTHS = 600


class EasyAccessTerms(models.Model):
    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="easy_access_terms",
                                   verbose_name=_("listing"))
    # LicenceTerms as JSON without deal_kind, patent_ids and dates (fixed, or known only at acceptance).
    terms_data = models.JSONField(_("terms"), default=dict)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MONTHS)]
    )
    enabled = models.BooleanField(_("offered"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("easy-access terms")
        verbose_name_plural = _("easy-access terms")

    def __str__(self) -> str:
        return f"Easy access for listing {self.listing_id} ({'on' if self.enabled else 'off'})"
