"""What a voucher buys: an order of a service product, its delivery, the agency's redemption claim, the
officers' reviews of it and the settlement batch that pays it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.models import Organisation
from payments.models import MONEY, Payment

from .agencies import ServiceProduct, voucher_file_upload_to
from .programmes import Programme
from .vouchers import Voucher


class ServiceOrder(models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", _("Awaiting co-payment")
        IN_PROGRESS = "in_progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        DISPUTED = "disputed", _("Disputed")
        CONFIRMED = "confirmed", _("Delivery confirmed")
        CLAIMED = "claimed", _("Claimed")
        REDEEMED = "redeemed", _("Redeemed")
        SETTLED = "settled", _("Settled")
        CANCELLED = "cancelled", _("Cancelled")
        LAPSED = "lapsed", _("Lapsed")
        REFUSED = "refused", _("Claim refused")

    # Orders whose voucher amount is still held (vouchers.ledger hold account).
    HOLDING = (Status.PLACED, Status.IN_PROGRESS, Status.DELIVERED, Status.DISPUTED, Status.CONFIRMED,
               Status.CLAIMED)

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="orders")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="orders")
    product = models.ForeignKey(ServiceProduct, on_delete=models.PROTECT, related_name="orders")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="service_orders_received")
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="service_orders_placed")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLACED,
                              db_index=True)
    price = models.DecimalField(_("agreed price"), **MONEY)
    voucher_amount = models.DecimalField(_("paid by the voucher"), **MONEY)
    copay_amount = models.DecimalField(_("paid by the enterprise"), max_digits=14, decimal_places=2)
    copay_payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="voucher_order")
    note = models.TextField(_("what is needed"), blank=True)
    deliverable = models.FileField(_("deliverable"), upload_to=voucher_file_upload_to, max_length=200,
                                   blank=True)
    delivery_note = models.TextField(_("delivery note"), blank=True)
    dispute_reason = models.TextField(_("dispute"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.TextField(_("comment"), blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    FOLDER = "deliverables"

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(voucher_amount__lte=models.F("price")),
                                   name="order_voucher_within_price"),
            models.CheckConstraint(
                condition=models.Q(copay_amount=models.F("price") - models.F("voucher_amount")),
                name="order_copay_is_the_rest"),
        ]
        verbose_name = _("service order")
        verbose_name_plural = _("service orders")

    def __str__(self) -> str:
        return f"#{self.pk} {self.product}"


class SettlementBatch(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting payment")
        PAID = "paid", _("Paid")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="settlement_batches")
    period_start = models.DateField(_("cycle from"))
    period_end = models.DateField(_("cycle to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    bank_reference = models.CharField(_("treasury payment reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "period_start"], name="one_batch_per_cycle"),
        ]
        verbose_name = _("settlement batch")
        verbose_name_plural = _("settlement batches")

    def __str__(self) -> str:
        return f"{self.programme} {self.period_start:%Y-%m}"


class Claim(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
        CHECKED = "checked", _("First review passed")
        RETURNED = "returned", _("Returned for correction")
        REFUSED = "refused", _("Refused")
        APPROVED = "approved", _("Approved")
        REVERSED = "reversed", _("Reversed")
        SETTLED = "settled", _("Settled")

    FOLDER = "claims"
    order = models.OneToOneField(ServiceOrder, on_delete=models.PROTECT, related_name="claim")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="voucher_claims")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="claims")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    amount = models.DecimalField(_("amount claimed"), **MONEY)
    invoice_number = models.CharField(_("invoice number"), max_length=40)
    contract = models.FileField(_("service contract"), upload_to=voucher_file_upload_to, max_length=200)
    copay_proof = models.FileField(_("proof of the enterprise's co-payment"), upload_to=voucher_file_upload_to,
                                   max_length=200)
    resubmissions = models.PositiveSmallIntegerField(default=0)
    batch = models.ForeignKey(SettlementBatch, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="claims")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "invoice_number"], name="invoice_claimed_once_per_agency"),
        ]
        verbose_name = _("redemption claim")
        verbose_name_plural = _("redemption claims")

    def __str__(self) -> str:
        return f"{self.invoice_number} ({self.agency})"


class ClaimReview(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned for correction")
        REFUSE = "refuse", _("Refused")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reviews")
    stage = models.PositiveSmallIntegerField(_("stage"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("claim review")
        verbose_name_plural = _("claim reviews")
