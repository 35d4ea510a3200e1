"""Review of proposed changes to published listings, in the Wagtail admin next to listing moderation: the
operator sees each change against the public version and approves (applied at once) or rejects with a reason."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from marketplace.models import ListingRevision
from marketplace.selectors.listing_revisions import revision_diff, revision_get_for_review
from marketplace.services.listing_revisions import (
    RevisionStale,
    listing_revision_approve,
    listing_revision_reject,
)
from marketplace.workflow import IllegalTransition, history

from ..forms import RejectForm
from ..templatetags.ipmarket import bilingual_value
from .moderation import OperatorRequiredMixin


class RevisionReviewView(OperatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"
    template_name = "cms/admin/revision_detail.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.revision = revision_get_for_review(pk=kwargs["pk"])
        except ListingRevision.DoesNotExist:
            raise Http404 from None

    def get_page_title(self):
        return _("Review changes")

    def get_page_subtitle(self):
        return bilingual_value(self.revision.listing, "title")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("listing_moderation"), "label": _("Listing moderation")},
                {"url": "", "label": self.revision.listing.title}]

    def get_context_data(self, reject_form=None, **kwargs):
        revision = self.revision
        return {
            **super().get_context_data(**kwargs),
            "revision": revision,
            "listing": revision.listing,
            "diff": revision_diff(revision=revision),
            "can_decide": revision.status == ListingRevision.Status.PENDING,
            "reject_form": reject_form or RejectForm(),
            "events": history(revision),
        }

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = 0  # no version reviewed: refused below as a changed proposal
        title = self.revision.listing.title
        try:
            if decision == "approve":
                listing_revision_approve(revision=self.revision, actor=request.user, version=version,
                                         note=request.POST.get("note", ""))
                messages.success(request, _("The changes to “%(title)s” are public.") % {"title": title})
            elif decision == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("A rejection needs a reason."))
                    return self.render_to_response(self.get_context_data(reject_form=form))
                listing_revision_reject(revision=self.revision, actor=request.user, version=version,
                                        reason=form.cleaned_data["reason"])
                messages.success(request, _("The changes to “%(title)s” are rejected; the owner sees your reason.")
                                 % {"title": title})
            else:
                messages.error(request, _("Choose approve or reject."))
                return redirect("listing_revision_review", pk=self.revision.pk)
        except RevisionStale as error:
            messages.error(request, " ".join(error.messages))
        except IllegalTransition:
            messages.error(request, _("These changes were already decided or withdrawn."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("listing_revision_review", pk=self.revision.pk)
        return redirect("listing_moderation")
