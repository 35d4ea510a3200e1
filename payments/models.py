"""Money moving between organisations: a payment for something (a deal, a pool royalty share, a voucher
settlement), its refunds, and the provider webhooks that report on it.

A payment always has one payer and one payee; a royalty split is several payments for the same purpose.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models import Organisation

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}


class Payment(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PROCESSING = "processing", _("Processing")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
        REFUNDED = "refunded", _("Refunded")

    payer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="payments_made", verbose_name=_("payer")
    )
    payee = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="payments_received", verbose_name=_("payee")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    description = models.CharField(_("description"), max_length=300, blank=True)
    purpose_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    purpose_id = models.CharField(max_length=64, blank=True)
    purpose = GenericForeignKey("purpose_type", "purpose_id")
    provider = models.CharField(_("provider"), max_length=30)
    provider_reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    # Sent with every provider call that creates something, so a retried request never charges twice.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CREATED, db_index=True
    )
    failure_reason = models.TextField(_("failure reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~models.Q(payer=models.F("payee")), name="payment_payer_is_not_payee"
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_reference"],
                condition=~models.Q(provider_reference=""),
                name="payment_unique_provider_reference",
            ),
        ]
        indexes = [models.Index(fields=["purpose_type", "purpose_id"])]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} {self.payer} → {self.payee} ({self.status})"


class Refund(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    # Pending and succeeded refunds both count against what is left to refund.
    COMMITTED = (Status.PENDING, Status.SUCCEEDED)

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.TextField(_("reason"))
    provider_reference = models.CharField(_("provider reference"), max_length=255, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")
        ]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"{self.amount} {self.payment.currency} ({self.status})"


class WebhookEvent(models.Model):
    """Every provider event received once; a repeated delivery finds its row and is ignored."""

    provider = models.CharField(max_length=30)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_events"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_unique")]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"
