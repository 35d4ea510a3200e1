"""A voucher authority's programmes: the budget, what a voucher is worth and covers, who may apply and when."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.models import Organisation
from payments.models import MONEY


class ServiceCategory(models.TextChoices):
    """The IP services a voucher can pay for (those public schemes fund)."""

    PATENT_SEARCH = "patent_search", _("Patent search")
    NAVIGATION = "navigation", _("Patent navigation analysis")
    DRAFTING = "drafting", _("Drafting and filing")
    VALUATION = "valuation", _("IP valuation")
    PLEDGE_FINANCING = "pledge_financing", _("Pledge-financing advice")
    TRAINING = "training", _("IP training")


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("programme status", "Open")
        CLOSED = "closed", _("Closed")

    class FaceValue(models.TextChoices):
        FIXED = "fixed", _("Fixed face value per voucher")
        CAPPED = "capped", _("Amount asked, up to the annual cap per SME")

    class SettlementCycle(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="voucher_programmes",
                                  verbose_name=_("authority"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    # The budget itself is the ledger's (vouchers.ledger): funding entries put it there, vouchers take from it.
    face_value_rule = models.CharField(_("face value"), max_length=10, choices=FaceValue.choices,
                                       default=FaceValue.FIXED)
    face_value = models.DecimalField(_("face value per voucher"), null=True, blank=True, **MONEY)
    # Across every programme of the same authority in a calendar year (blank: no cap).
    annual_cap_per_sme = models.DecimalField(_("annual cap per SME"), null=True, blank=True, **MONEY)
    copay_ratio = models.DecimalField(
        _("share of a price the voucher pays at most"), max_digits=4, decimal_places=3,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        # Translators: "60 %" is a percentage, not a placeholder. xgettext:no-python-format
        help_text=_("0.600 means the voucher pays at most 60 % of a service's price; the SME pays the rest."),
    )
    categories = models.JSONField(_("eligible service categories"), default=list)
    applications_open = models.DateField(_("applications open"))
    applications_close = models.DateField(_("applications close"))
    voucher_validity_days = models.PositiveIntegerField(_("a voucher is valid for (days)"), default=120)
    claim_deadline = models.DateField(_("claim deadline"))
    max_employees = models.PositiveIntegerField(_("at most employees"), null=True, blank=True)
    max_annual_revenue = models.DecimalField(_("at most annual revenue (CNY)"), null=True, blank=True, **MONEY)
    eligible_provinces = models.JSONField(_("eligible provinces"), default=list, blank=True)
    eligible_cities = models.JSONField(_("eligible cities"), default=list, blank=True)
    review_stages = models.PositiveSmallIntegerField(
        _("claim review stages"), choices=[(1, _("One")), (2, _("Two (a second officer confirms)"))], default=1)
    settlement_cycle = models.CharField(_("settlement cycle"), max_length=10, choices=SettlementCycle.choices,
                                        default=SettlementCycle.MONTHLY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-applications_open", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(applications_close__gte=models.F("applications_open")),
                                   name="programme_window_ordered"),
            models.CheckConstraint(condition=models.Q(claim_deadline__gte=models.F("applications_close")),
                                   name="programme_claims_after_window"),
            models.CheckConstraint(
                condition=models.Q(face_value_rule="capped") | models.Q(face_value__isnull=False),
                name="programme_fixed_has_face_value"),
        ]
        verbose_name = _("voucher programme")
        verbose_name_plural = _("voucher programmes")

    def __str__(self) -> str:
        return self.name_zh

    def category_labels(self) -> list[str]:
        return [str(ServiceCategory(code).label) for code in self.categories if code in ServiceCategory.values]
