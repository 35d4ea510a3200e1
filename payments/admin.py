"""Operators look payments up here; every change goes through payments.services."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from .models import Payment, Refund, WebhookEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DateHierarchyChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # Django turns ValueError only into a bad lookup: ?created_at__year=2**31
            raise IncorrectLookupParameters(error) from error


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    fields = ["amount", "status", "reason", "provider_reference", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = [
        "pk", "payer", "payee", "amount", "currency", "status", "provider", "provider_reference", "created_at"
    ]
    list_filter = ["status", "provider", "currency"]
    search_fields = ["provider_reference", "description", "payer__name_zh", "payee__name_zh"]
    date_hierarchy = "created_at"
    inlines = [RefundInline]

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["pk", "payment", "amount", "status", "provider_reference", "created_at"]
    list_filter = ["status"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "provider", "event_type", "payment", "received_at"]
    list_filter = ["provider", "event_type"]
    search_fields = ["event_id"]
