"""Listing moderation in the Wagtail admin: operators approve or reject submitted listings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from marketplace.models import Listing
from marketplace.permissions import is_operator
from marketplace.selectors.listing_revisions import revision_list_awaiting_review
from marketplace.selectors.listings import listing_list_awaiting_moderation
from marketplace.selectors.moderation import listing_moderation_flags
from marketplace.selectors.patents import ipc_titles_for
from marketplace.services.listings import listing_expiry_date, listing_publish, listing_reject
from marketplace.workflow import IllegalTransition, history

from ..forms import RejectForm
from ..paging import paginate
from ..templatetags.ipmarket import bilingual_value

# The revision queue sits under the submissions on one page; the oldest come first, so none waits unseen.
REVISIONS_SHOWN = 100


class OperatorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_operator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModerationIndexView(OperatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Listing moderation")
    header_icon = "tasks"
    template_name = "cms/admin/moderation_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        page_obj = paginate(self.request, listing_list_awaiting_moderation(), per_page=50)
        for listing in page_obj.object_list:
            listing.moderation_flags = listing_moderation_flags(listing=listing)
        revisions = revision_list_awaiting_review()
        return {**super().get_context_data(**kwargs), "page_obj": page_obj,
                "revisions": revisions[:REVISIONS_SHOWN], "revision_count": revisions.count()}


class ModerationDetailView(OperatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"
    template_name = "cms/admin/moderation_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.listing = get_object_or_404(
            Listing.objects.select_related("owner", "patent", "pool", "mandate")
            .prefetch_related("deal_types", "images", "attachments"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("Review listing")

    def get_page_subtitle(self):
        return bilingual_value(self.listing, "title")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("listing_moderation"), "label": _("Listing moderation")},
                {"url": "", "label": self.listing.title}]

    def get_context_data(self, reject_form=None, **kwargs):
        listing = self.listing
        return {
            **super().get_context_data(**kwargs),
            "listing": listing,
            "ipc_titles": ipc_titles_for(patent=listing.patent) if listing.patent_id else {},
            "expiry_date": listing_expiry_date(listing),
            "flags": listing_moderation_flags(listing=listing),
            "can_moderate": listing.status == Listing.Status.SUBMITTED,
            "reject_form": reject_form or RejectForm(),
            "events": history(listing),
        }

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                listing_publish(listing=self.listing, actor=request.user, reason=request.POST.get("note", ""))
                messages.success(request, _("“%(title)s” is published.") % {"title": self.listing.title})
            elif decision == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("A rejection needs a reason."))
                    return self.render_to_response(self.get_context_data(reject_form=form))
                listing_reject(listing=self.listing, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("“%(title)s” is rejected; the owner sees your reason.")
                                 % {"title": self.listing.title})
            else:
                messages.error(request, _("Choose approve or reject."))
                return redirect("listing_moderation_detail", pk=self.listing.pk)
        except IllegalTransition:
            messages.error(request, _("This listing is no longer awaiting review."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("listing_moderation_detail", pk=self.listing.pk)
        return redirect("listing_moderation")
