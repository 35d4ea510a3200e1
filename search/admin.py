from django.contrib import admin

from .matching.selectors import match_proposal_list
from .models import AlertDelivery, MatchProposal, SavedSearch


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what the platform did: operators look, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchProposal)
class MatchProposalAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "demand", "listing", "score", "inquired_at")
    list_filter = (
        "created_at",
        ("inquired_at", admin.EmptyFieldListFilter),
        "demand__organisation__province",
    )
    search_fields = (
        "demand__title",
        "listing__title_zh",
        "listing__title_en",
        "listing__patent__publication_number",
    )

    def get_queryset(self, request):
        return match_proposal_list()


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "listing", "saved_search", "demand_subscription", "emailed_at")
    list_filter = ("created_at", ("emailed_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "listing", "saved_search", "demand_subscription__demand")


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("user", "query", "filters", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("query", "user__username")
