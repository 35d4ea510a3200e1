"""Operators look vouchers and the ledger up in the Django admin, read only: every change goes through
vouchers.services, and the ledger is append-only."""

from django.contrib import admin

from payments.admin import DateHierarchyChangeList, ReadOnlyAdmin

from .models import Claim, LedgerLine, LedgerTransaction, Programme, ServiceOrder, Voucher


class LedgerLineInline(admin.TabularInline):
    model = LedgerLine
    extra = 0
    fields = ["account", "amount"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "created_at", "kind", "programme", "amount", "voucher", "order", "claim", "memo"]
    list_filter = ["kind", "programme"]
    search_fields = ["memo", "voucher__code"]
    date_hierarchy = "created_at"
    inlines = [LedgerLineInline]

    def get_changelist(self, request, **kwargs):
        return DateHierarchyChangeList


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "authority", "status", "applications_open", "applications_close", "claim_deadline"]
    list_filter = ["status", "authority"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["code", "programme", "holder", "face_value", "status", "issued_at", "expires_at"]
    list_filter = ["status", "programme"]
    search_fields = ["code", "holder__name_zh"]


@admin.register(ServiceOrder)
class ServiceOrderAdmin(ReadOnlyAdmin):
    list_display = ["pk", "voucher", "agency", "buyer", "price", "voucher_amount", "status", "created_at"]
    list_filter = ["status", "programme"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["invoice_number", "agency", "programme", "amount", "status", "submitted_at", "batch"]
    list_filter = ["status", "programme"]
    search_fields = ["invoice_number", "agency__name_zh"]
