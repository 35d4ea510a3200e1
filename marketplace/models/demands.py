from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .listings import DealType, Sector
from .organisations import Organisation


class Demand(models.Model):
    """An SME's technology need."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="demands", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, default=Sector.OTHER)
    ipc_hints = models.JSONField(_("IPC hints"), default=list, blank=True)
    budget_min = models.DecimalField(_("budget from"), max_digits=14, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(_("budget up to"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    deal_types = models.ManyToManyField(DealType, blank=True, related_name="demands", verbose_name=_("wanted deal types"))
    province = models.CharField(_("province"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    published = models.BooleanField(
        _("publish on the demand board"), default=False,
        help_text=_("Anyone can read a published demand and members of other organisations can offer a solution; "
                    "otherwise only your organisation and the operation centre see it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_min__lte=models.F("budget_max")),
                name="demand_budget_range_ordered",
            )
        ]
        verbose_name = _("technology demand")
        verbose_name_plural = _("technology demands")

    def __str__(self) -> str:
        return self.title


class DemandResponse(models.Model):
    """An organisation's "I can offer this" to a demand published on the demand board: one open response per
    organisation and demand."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="responses", verbose_name=_("demand"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="demand_responses", verbose_name=_("organisation")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=3000)
    listing = models.ForeignKey(
        "marketplace.Listing", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("offered listing"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "organisation"], condition=models.Q(status="open"),
                name="one_open_demand_response_per_organisation",
            )
        ]
        verbose_name = _("demand response")
        verbose_name_plural = _("demand responses")

    def __str__(self) -> str:
        return f"{self.organisation} → {self.demand}"
