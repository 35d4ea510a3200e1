"""Running royalties: the licensee's report for each reporting period of a licence, and the invoice it raises.

A report is never edited: once filed it has issued its invoice (an Instalment of kind ROYALTY), so a mistake is
corrected by an operator voiding it (with a reason, audited) and the licensee filing the period again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .licence import Licence
from .money import Instalment


class RoyaltyReport(models.Model):
    class Status(models.TextChoices):
        # FILED lasts only inside the filing transaction, which goes on to invoice it (or, with nothing due,
        # to mark it paid); it is the state a report is audited as having been filed in.
        FILED = "filed", _("Filed")
        INVOICED = "invoiced", _("Invoiced")
        PAID = "paid", _("Paid")
        VOID = "void", _("Void")

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="royalty_reports")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The royalty base of the period: an amount of sales in the licence's currency, or a number of units.
    base_amount = models.DecimalField(_("sales base"), max_digits=16, decimal_places=2)
    royalty_rate = models.DecimalField(_("royalty rate"), max_digits=7, decimal_places=3)
    royalty = models.DecimalField(_("royalty"), max_digits=14, decimal_places=2)
    # The minimum annual royalty's top-up, on the report of the period that closes a licence year.
    minimum_top_up = models.DecimalField(_("minimum annual royalty top-up"), max_digits=14, decimal_places=2,
                                         default=0)
    total_due = models.DecimalField(_("total due"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.FILED,
                              db_index=True)
    invoice = models.OneToOneField(Instalment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="royalty_report", verbose_name=_("invoice"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["licence", "period_start", "pk"]
        constraints = [
            # One report per period of a licence, even for two colleagues filing at the same instant.
            models.UniqueConstraint(fields=["licence", "period_start"], condition=~models.Q(status="void"),
                                    name="royalty_report_one_per_period"),
            models.CheckConstraint(condition=models.Q(base_amount__gte=0, royalty__gte=0, minimum_top_up__gte=0,
                                                      total_due__gte=0),
                                   name="royalty_report_amounts_not_negative"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="royalty_report_period_ordered"),
        ]
        verbose_name = _("royalty report")
        verbose_name_plural = _("royalty reports")

    def __str__(self) -> str:
        return f"{self.licence_id} {self.period_start}–{self.period_end}: {self.total_due} {self.currency}"


class RoyaltyReportReminder(models.Model):
    """When the licensee was last reminded of a period's missing report (at most one reminder per interval)."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="royalty_reminders")
    period_start = models.DateField()
    last_reminded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["licence", "period_start"],
                                               name="royalty_reminder_one_per_period")]
        verbose_name = _("royalty report reminder")
        verbose_name_plural = _("royalty report reminders")


