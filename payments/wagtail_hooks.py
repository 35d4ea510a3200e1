"""Operators look payments, refunds and webhook events up in the Wagtail admin, which they can reach (the
Django admin is for superusers). Nothing is edited here: every change goes through payments.services."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from cms.operators import OperatorPermissionPolicy

from .models import Payment, Refund, WebhookEvent


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False  # nothing links to payments from pages: no index rows on every save
    exclude_form_fields = []  # the add and edit views exist but the permission policy lets nobody in
    search_backend_name = None  # search the database directly


class PaymentViewSet(ReadOnlyViewSet):
    model = Payment
    name, url_prefix = "payment_records", "payments"
    icon = "doc-full"
    list_display = ["payer", "payee", "amount", "currency", "status", "provider_reference", "created_at"]
    list_filter = ["status", "provider", "currency"]
    inspect_view_fields = ["payer", "payee", "amount", "currency", "description", "status", "failure_reason",
                           "provider", "provider_reference", "created_at", "succeeded_at"]
    list_export = ["pk", "payer", "payee", "amount", "currency", "status", "provider", "provider_reference",
                   "description", "created_at", "succeeded_at"]
    search_fields = ["provider_reference", "description"]


class RefundViewSet(ReadOnlyViewSet):
    model = Refund
    name, url_prefix = "refunds", "payments/refunds"
    icon = "undo"
    list_display = ["payment", "amount", "status", "provider_reference", "created_at"]
    list_filter = ["status"]
    search_fields = ["provider_reference", "reason"]


class WebhookEventViewSet(ReadOnlyViewSet):
    model = WebhookEvent
    name, url_prefix = "webhook_events", "payments/webhook-events"
    icon = "link-external"
    list_display = ["event_id", "event_type", "provider", "payment", "received_at"]
    list_filter = ["provider", "event_type"]
    search_fields = ["event_id", "event_type"]


class PaymentsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Payments")
    menu_icon = "doc-full"
    menu_order = 260
    items = (PaymentViewSet, RefundViewSet, WebhookEventViewSet)


for model in (Payment, Refund, WebhookEvent):
    register_permission_policy(model, OperatorPermissionPolicy(model, actions=frozenset({"view"})))


@hooks.register("register_admin_viewset")
def payments_viewsets():
    return PaymentsViewSetGroup()
