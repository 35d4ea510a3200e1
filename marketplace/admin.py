from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    AuditEvent, DealType, Demand, Invitation, IpcClass, JoinRequest, Listing, Membership, Organisation, Patent,
    PatentPool, PoolMember, User,
)
from .workflow import auto_now_fields, record_event


class ChangedFieldsOnlyAdmin(admin.ModelAdmin):
    """An admin edit writes only the fields the form changed, and is audited.

    Saving the whole row would write back whatever status the object had when the form was read, undoing a
    transition committed in between.
    """

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        concrete = {field.name for field in obj._meta.concrete_fields}
        fields = [name for name in form.changed_data if name in concrete]
        if fields:
            obj.save(update_fields=[*fields, *auto_now_fields(obj)])
        record_event(obj, action="admin_edit", actor=request.user, data={"fields": sorted(form.changed_data)})


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class MarketplaceUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Marketplace", {"fields": ("display_name", "phone", "preferred_language")}),)


@admin.register(Organisation)
class OrganisationAdmin(ChangedFieldsOnlyAdmin):
    list_display = ["name_zh", "name_en", "kind", "province", "city", "verified"]
    list_filter = ["kind", "verified", "province"]
    search_fields = ["name_zh", "name_en"]
    inlines = [MembershipInline]


@admin.register(Patent)
class PatentAdmin(ChangedFieldsOnlyAdmin):
    list_display = ["publication_number", "title_zh", "jurisdiction", "patent_type", "legal_status",
                    "legal_status_as_of", "legal_status_source", "expiry_date"]
    list_filter = ["jurisdiction", "patent_type", "legal_status", "legal_status_source", "ipc_section"]
    search_fields = ["publication_number", "application_number", "title_zh", "title_en"]


class PoolMemberInline(admin.TabularInline):
    model = PoolMember
    extra = 0


@admin.register(PatentPool)
class PatentPoolAdmin(ChangedFieldsOnlyAdmin):
    list_display = ["name_zh", "kind", "administrator"]
    inlines = [PoolMemberInline]
    raw_id_fields = ["patents"]


@admin.register(Listing)
class ListingAdmin(ChangedFieldsOnlyAdmin):
    """Read-mostly: status changes go through the moderation views, which call the services."""

    list_display = ["title_zh", "owner", "status", "published_at"]
    list_filter = ["status", "sector"]
    search_fields = ["title_zh", "title_en", "patent__publication_number"]
    raw_id_fields = ["patent", "pool", "owner", "created_by"]
    readonly_fields = ["status", "submitted_at", "published_at", "moderation_note"]


@admin.register(Demand)
class DemandAdmin(ChangedFieldsOnlyAdmin):
    list_display = ["title", "organisation", "status", "deadline"]
    list_filter = ["status", "sector"]
    readonly_fields = ["status"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", "action", "from_state_label", "to_state_label", "actor"]
    list_filter = ["content_type", "action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seen, never edited here: every change goes through the services' workflows (audited)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "role", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "organisation__name_zh"]
    exclude = ["token"]  # the link's credential stays in the invitee's mailbox


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ["user", "organisation", "status", "decided_by", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "user__email", "organisation__name_zh"]


admin.site.register(DealType)
admin.site.register(IpcClass)
