"""An SME's application to a programme and the voucher its approval issues."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.models import Organisation
from payments.models import MONEY

from .programmes import Programme


class VoucherApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
        APPROVED = "approved", pgettext_lazy("application status", "Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="voucher_applications",
                                  verbose_name=_("enterprise"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    employees = models.PositiveIntegerField(_("employees"))
    annual_revenue = models.DecimalField(_("annual revenue (CNY)"), max_digits=14, decimal_places=2)
    # Asked for under a capped programme; a fixed programme's face value is the programme's.
    amount_requested = models.DecimalField(_("amount asked for"), null=True, blank=True, **MONEY)
    purpose = models.TextField(_("what the voucher is for"))
    decision_reason = models.TextField(_("reason"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "applicant"],
                                    condition=models.Q(status__in=["submitted", "approved"]),
                                    name="one_live_application_per_programme"),
        ]
        verbose_name = _("voucher application")
        verbose_name_plural = _("voucher applications")

    def __str__(self) -> str:
        return f"{self.applicant} → {self.programme}"


class Voucher(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(_("code"), max_length=24, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="vouchers")
    application = models.OneToOneField(VoucherApplication, on_delete=models.PROTECT, related_name="voucher")
    holder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="vouchers",
                               verbose_name=_("enterprise"))
    # What was issued; what is left is the ledger's voucher account (vouchers.ledger).
    face_value = models.DecimalField(_("face value"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("use by"), db_index=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")

    def __str__(self) -> str:
        return self.code
