"""Operators look deals up here; every change goes through deals.services."""

from django.contrib import admin

from payments.admin import ReadOnlyAdmin

from .models import Deal, DealAttachment, DealMessage, DealReadMark, NdaAcceptance


class DealMessageInline(admin.TabularInline):
    model = DealMessage
    extra = 0
    fields = ["created_at", "side", "author", "body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deal)
class DealAdmin(ReadOnlyAdmin):
    list_display = ["pk", "listing", "buyer", "seller", "status", "created_at", "last_message_at"]
    list_filter = ["status"]
    search_fields = [
        "buyer__name_zh", "seller__name_zh", "listing__title_zh", "listing__patent__publication_number"
    ]
    date_hierarchy = "created_at"
    inlines = [DealMessageInline]


@admin.register(DealReadMark)
class DealReadMarkAdmin(ReadOnlyAdmin):
    list_display = ["deal", "user", "last_read_at"]


@admin.register(DealAttachment)
class DealAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "deal", "content_type", "size", "confidential", "uploaded_by", "created_at"]
    list_filter = ["confidential", "content_type"]


@admin.register(NdaAcceptance)
class NdaAcceptanceAdmin(ReadOnlyAdmin):
    """Who accepted which NDA version in which deal, from which IP (the text is edited in the Wagtail admin)."""

    list_display = ["deal", "organisation", "user", "version", "accepted_at", "ip_address"]
