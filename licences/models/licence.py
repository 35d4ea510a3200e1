"""Licences recorded from signed agreements, and what they go on to owe: the upfront fee, milestones and
running royalties, paid through payments/.

A licence copies the parties and the terms of its agreement: it is the platform's record of what was licensed
to whom, from when to when, and on what money terms, and it must read the same if the listing, the pool or an
organisation's name changes later.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from deals.models import Agreement, Deal
from deals.terms import DealKind, LicenceTerms, terms_from_json
from marketplace.models import Listing, Organisation, PatentPool
from marketplace.models.patents import Patent


class Licence(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    deal = models.OneToOneField(Deal, on_delete=models.PROTECT, related_name="licence")
    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="licence")
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="licences")
    # The pool whose members share every payment under this licence (None for a single patent).
    pool = models.ForeignKey(PatentPool, null=True, blank=True, on_delete=models.PROTECT, related_name="licences")
    licensor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="licences_granted",
                                 verbose_name=_("licensor"))
    licensee = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="licences_held",
                                 verbose_name=_("licensee"))
    patents = models.ManyToManyField(Patent, related_name="licences", verbose_name=_("patents"))
    deal_kind = models.CharField(_("deal type"), max_length=30, choices=DealKind.choices)
    terms_data = models.JSONField(_("terms"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)  # None for an assignment
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    # Percentage of every payment under the licence kept by the platform, fixed when the agreement was
    # generated (and shown before signing).
    commission_percent = models.DecimalField(_("platform commission (%)"), max_digits=5, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self) -> str:
        return f"{self.get_deal_kind_display()}: {self.licensor} → {self.licensee}"

    @property
    def terms(self) -> LicenceTerms:
        return terms_from_json(self.terms_data)
