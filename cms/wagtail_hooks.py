from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from marketplace.permissions import is_operator
from marketplace.selectors.listing_revisions import revision_list_awaiting_review
from marketplace.selectors.listings import listing_list_awaiting_moderation

from .views.moderation import ModerationDetailView, ModerationIndexView
from .views.revision_moderation import RevisionReviewView


@hooks.register("register_admin_urls")
def moderation_urls():
    return [
        path("listing-moderation/", ModerationIndexView.as_view(), name="listing_moderation"),
        path("listing-moderation/<int:pk>/", ModerationDetailView.as_view(), name="listing_moderation_detail"),
        path("listing-moderation/changes/<int:pk>/", RevisionReviewView.as_view(), name="listing_revision_review"),
    ]


class OperatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_operator(request.user)


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return OperatorMenuItem(_("Listing moderation"), reverse("listing_moderation"), icon_name="tasks", order=250)


class AwaitingModerationPanel(Component):
    """Admin home panel: how many listings wait for review."""

    name = "awaiting_moderation"
    order = 50
    template_name = "cms/admin/awaiting_panel.html"

    def get_context_data(self, parent_context=None):
        return {"count": listing_list_awaiting_moderation().count(), "url": reverse("listing_moderation"),
                "revision_count": revision_list_awaiting_review().count()}


@hooks.register("construct_homepage_panels")
def add_awaiting_panel(request, panels):
    if is_operator(request.user):
        panels.append(AwaitingModerationPanel())
