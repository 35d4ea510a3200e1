"""What a signed agreement owes (instalments: the upfront fee, milestones, each period's royalties) and where
each payment's money goes (distributions: the platform's commission, the licensor's part, or each pool member's
share of it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from deals.models import Agreement
from marketplace.models import Organisation
from payments.models import MONEY, Payment

from .licence import Licence


class Instalment(models.Model):
    class Kind(models.TextChoices):
        UPFRONT = "upfront", _("Upfront fee")
        MILESTONE = "milestone", _("Milestone payment")
        ROYALTY = "royalty", _("Royalties")

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="instalments")
    # Set once the licence is recorded (always for royalties; the upfront fee is paid before it exists).
    licence = models.ForeignKey(Licence, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="instalments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    due_date = models.DateField(_("due"), null=True, blank=True)  # None: due on an event (a milestone)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DUE,
                              db_index=True)
    # The payment that settled it (a payment of any other attempt failed or was cancelled).
    paid_by = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="settled_instalment")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="instalment_amount_positive"),
        ]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")

    def __str__(self) -> str:
        return f"{self.title}: {self.amount} {self.currency} ({self.status})"

    @property
    def title(self) -> str:
        """A milestone's own description (in the agreement's words), else the kind in the reader's language."""
        return self.label or self.get_kind_display()


class Distribution(models.Model):
    """One recipient's part of one succeeded payment. The parts of a payment always sum to its amount."""

    class Role(models.TextChoices):
        COMMISSION = "commission", _("Platform commission")
        LICENSOR = "licensor", _("Licensor")
        POOL_MEMBER = "pool_member", _("Pool member")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="distributions")
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="distributions")
    # None: the platform (the operation centre keeps the commission).
    recipient = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="distributions", verbose_name=_("recipient"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    share_percent = models.DecimalField(_("share (%)"), max_digits=7, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="distribution_amount_not_negative"),
            # A payment is distributed once, however often its success is reported.
            models.UniqueConstraint(fields=["payment", "recipient", "role"], name="distribution_unique_part"),
            models.UniqueConstraint(fields=["payment", "role"], condition=models.Q(recipient__isnull=True),
                                    name="distribution_unique_platform_part"),
        ]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.recipient or 'platform'}: {self.amount} {self.currency}"


class DistributionRefund(models.Model):
    """The part of one refund taken back from one distribution. Distributions are never changed or negative:
    what a recipient keeps is its distribution less the parts of the refunds that still count (pending or
    succeeded), and the parts of a refund sum to the refund."""

    distribution = models.ForeignKey(Distribution, on_delete=models.PROTECT, related_name="refund_parts")
    refund = models.ForeignKey("payments.Refund", on_delete=models.PROTECT, related_name="distribution_parts")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="distribution_refund_positive"),
            models.UniqueConstraint(fields=["distribution", "refund"], name="distribution_refund_unique"),
        ]
        verbose_name = _("refunded part of a distribution")
        verbose_name_plural = _("refunded parts of distributions")

    def __str__(self) -> str:
        return f"{self.amount} back from {self.distribution}"
