"""The members' dashboard: an organisation's listings and demands. Every write goes through a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.models import (
    Demand,
    JoinRequest,
    Listing,
    ListingRevision,
    Organisation,
    Patent,
    RevisionAttachment,
    RevisionImage,
)
from marketplace.permissions import is_member, user_organisations
from marketplace.selectors.demands import demand_get_managed, demand_list_for_organisation
from marketplace.selectors.invitations import (
    invitation_list_pending_for_organisation,
    invitation_list_pending_for_user,
    join_request_list_for_user,
    join_request_list_pending_for_organisation,
    organisation_search_joinable,
)
from marketplace.selectors.listing_revisions import (
    revision_diff,
    revision_get_latest,
    revision_get_pending,
    revision_proposed_values,
)
from marketplace.selectors.listings import listing_get_managed, listing_list_for_organisation
from marketplace.selectors.patents import patent_get_by_number
from marketplace.services import listing_media
from marketplace.services import listings as listing_services
from marketplace.services.demands import DEMAND_WORKFLOW, demand_close, demand_create
from marketplace.services.invitations import (
    invitation_create,
    invitation_revoke,
    join_request_approve,
    join_request_create,
    join_request_decline,
    join_request_withdraw,
)
from marketplace.services.listing_revisions import listing_revision_withdraw, revision_media_discard
from marketplace.services.organisations import (
    membership_change_role,
    membership_remove,
    organisation_update_profile,
)
from marketplace.services.patents import listing_create_with_new_patent
from marketplace.workflow import IllegalTransition, history
from vouchers.selectors.roles import voucher_home_path

from ..forms import (
    ActingOrganisationForm,
    AttachmentUploadForm,
    DemandForm,
    ImageUploadForm,
    InvitationForm,
    JoinRequestForm,
    ListingDetailsForm,
    ListingSourceForm,
    MandateForm,
    NewPatentForm,
    OrganisationProfileForm,
    add_service_errors,
)

SESSION_KEY = "dashboard_organisation"
# What an owner may do to its own listing, by workflow action (publish, reject and expire are not theirs).
OWNER_ACTIONS = {
    "submit": listing_services.listing_submit,
    "revise": listing_services.listing_revise,
    "withdraw": listing_services.listing_withdraw,
    "mark_transacted": listing_services.listing_mark_transacted,
}
# Asked twice (a confirmation page): they take the listing off the marketplace.
CONFIRMED_ACTIONS = frozenset({"withdraw", "mark_transacted"})
MEDIA_KINDS = ("image", "attachment")


def acting_organisation(request):
    """The organisation the user acts for: the one picked in this session, else the one they joined first.

    Never changes by itself: joining another organisation (an accepted invitation, an approved request) leaves
    it alone, the fallback is remembered in the session, and only the switch form changes it.
    """
    organisations = user_organisations(request.user)
    chosen = organisations.filter(pk=request.session.get(SESSION_KEY)).first()
    if chosen is None:
        chosen = organisations.order_by("memberships__created_at", "memberships__pk").first()
        if chosen is None:
            raise Http404(_("You are not a member of any organisation."))
        request.session[SESSION_KEY] = chosen.pk
    return chosen


def _marketplace_organisation(request):
    """The acting organisation, when its kind lists patents and posts demands; 403 for the others."""
    organisation = acting_organisation(request)
    if not organisation.trades_on_marketplace:
        raise PermissionDenied(_("%(kind)s organisations cannot list patents or post demands.")
                               % {"kind": organisation.get_kind_display()})
    return organisation


def _managed_listing(request, pk):
    try:
        return listing_get_managed(pk=pk, user=request.user)
    except Listing.DoesNotExist:
        raise Http404(_("No such listing among your organisations' listings."))


@login_required
def dashboard(request):
    organisations = user_organisations(request.user)
    invitations = invitation_list_pending_for_user(user=request.user)
    if not organisations.exists():
        return render(request, "dashboard/no_organisation.html", {
            "invitations": invitations, "join_requests": join_request_list_for_user(user=request.user)})
    organisation = acting_organisation(request)
    if not organisation.trades_on_marketplace:
        # A service agency or a voucher authority has no listings or demands: its work is on its voucher pages.
        return redirect(voucher_home_path(organisation))
    listings = listing_list_for_organisation(organisation=organisation)
    demands = demand_list_for_organisation(organisation=organisation)
    return render(request, "dashboard/index.html", {
        "organisation": organisation,
        "switch_form": ActingOrganisationForm(organisations=organisations, initial={"organisation": organisation}),
        "has_several": organisations.count() > 1,
        "is_admin": is_member(request.user, organisation, admin=True),
        "listings": [(listing, [a for a in listing_services.LISTING_WORKFLOW.allowed_actions(listing)
                                if a in OWNER_ACTIONS]) for listing in listings],
        "demands": [(demand, DEMAND_WORKFLOW.can(demand, "close")) for demand in demands],
        "invitations": invitations,
        "voucher_path": voucher_home_path(organisation),
    })


@login_required
@require_POST
def switch_organisation(request):
    form = ActingOrganisationForm(request.POST, organisations=user_organisations(request.user))
    if form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["organisation"].pk
        messages.success(request, _("You are now acting for %(organisation)s.")
                         % {"organisation": form.cleaned_data["organisation"]})
    return redirect("dashboard")


@login_required
def listing_create(request):
    """A draft listing of a patent already in the database or of one entered here. Only the chosen option's
    fields are validated; an operating agency may attach a client's mandate."""
    organisation = _marketplace_organisation(request)
    post = request.POST if request.method == "POST" else None
    forms_ = {
        "source_form": ListingSourceForm(post),
        "patent_form": NewPatentForm(post, prefix="patent"),
        "details_form": ListingDetailsForm(post),
        "mandate_form": (MandateForm(post, request.FILES or None)
                         if organisation.kind == Organisation.Kind.OPERATING_AGENCY else None),
    }
    if post is not None:
        listing = _listing_create_submitted(request, organisation, **forms_)
        if listing is not None:
            return _created(request, listing)
    return render(request, "dashboard/listing_create.html", {"organisation": organisation, **forms_})


def _listing_create_submitted(request, organisation, *, source_form, patent_form, details_form, mandate_form):
    """The listing created from the submitted forms, or None with the errors attached to the forms."""
    forms_ = [form for form in (source_form, details_form, mandate_form) if form is not None]
    results = [form.is_valid() for form in forms_]  # every form, so that every error shows at once
    valid = all(results)
    new_patent = source_form.is_valid() and source_form.cleaned_data["source"] == ListingSourceForm.NEW
    if new_patent:
        valid = patent_form.is_valid() and valid
    if not valid:
        return None
    option_form = patent_form if new_patent else source_form
    fields = {**details_form.service_fields(),
              "mandate": mandate_form.cleaned_data["mandate"] if mandate_form is not None else None}
    try:
        if new_patent:
            return listing_create_with_new_patent(owner=organisation, actor=request.user,
                                                  patent_fields=patent_form.service_fields(), **fields)
        patent = patent_get_by_number(publication_number=source_form.cleaned_data["publication_number"])
        return listing_services.listing_create(owner=organisation, patent=patent, actor=request.user, **fields)
    except Patent.DoesNotExist:
        source_form.add_error("publication_number", _("No patent has this publication number. Check it, or "
                                                      "choose “A patent not yet in the database”."))
    except ValidationError as error:
        add_service_errors(error, option_form, *forms_[1:])
    return None


def _created(request, listing):
    messages.success(request, _("Draft listing created. Add images or documents, then submit it for review."))
    return redirect("dashboard_listing_edit", pk=listing.pk)


@login_required
def listing_edit(request, pk):
    listing = _managed_listing(request, pk)
    editable = listing.status in listing_services.EDITABLE_STATES
    form = ListingDetailsForm(request.POST if request.method == "POST" else None, initial=_initial(listing))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            listing_services.listing_update(listing=listing, actor=request.user, **fields)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            if revision_get_pending(listing=listing) is not None:
                messages.success(request, _("Saved. Your changes await review by the operation centre; the public "
                                            "page shows the approved version until then."))
            else:
                messages.success(request, _("Listing saved."))
            return redirect("dashboard_listing_edit", pk=listing.pk)
    return _render_edit(request, listing, form=form, editable=editable)


def _render_edit(request, listing, *, form=None, image_form=None, attachment_form=None, editable=True):
    revision = revision_get_pending(listing=listing)
    latest = revision or revision_get_latest(listing=listing)
    return render(request, "dashboard/listing_edit.html", {
        "listing": listing,
        "form": form,
        "editable": editable,
        "reviewed": listing.status == Listing.Status.PUBLISHED,
        "revision": revision,
        "diff": revision_diff(revision=revision) if revision else None,
        "rejected_revision": latest if latest and latest.status == ListingRevision.Status.REJECTED else None,
        "image_form": image_form or ImageUploadForm(),
        "attachment_form": attachment_form or AttachmentUploadForm(),
        "actions": [a for a in listing_services.LISTING_WORKFLOW.allowed_actions(listing) if a in OWNER_ACTIONS],
        "events": history(listing),
    })


def _initial(listing) -> dict:
    """The form shows the owner's pending proposal, if any, over the approved values."""
    return revision_proposed_values(listing=listing, revision=revision_get_pending(listing=listing),
                                    names=listing_services.EDITABLE_FIELDS)


@login_required
@require_POST
def listing_upload(request, pk, kind):
    listing = _managed_listing(request, pk)
    if kind not in MEDIA_KINDS:
        raise Http404
    if kind == "image":
        form, add = ImageUploadForm(request.POST, request.FILES), listing_media.listing_image_add
    else:
        form, add = AttachmentUploadForm(request.POST, request.FILES), listing_media.listing_attachment_add
    if form.is_valid():
        try:
            add(listing=listing, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("File uploaded."))
            return redirect("dashboard_listing_edit", pk=listing.pk)
    forms_ = {"image_form": form} if kind == "image" else {"attachment_form": form}
    return _render_edit(request, listing, form=ListingDetailsForm(initial=_initial(listing)),
                        editable=listing.status in listing_services.EDITABLE_STATES, **forms_)


@login_required
@require_POST
def listing_media_delete(request, pk, kind, media_pk):
    listing = _managed_listing(request, pk)
    if kind not in MEDIA_KINDS:
        raise Http404
    if kind == "image":
        item = listing.images.filter(pk=media_pk).first()
        delete = listing_media.listing_image_delete
        keyword = "image"
    else:
        item = listing.attachments.filter(pk=media_pk).first()
        delete = listing_media.listing_attachment_delete
        keyword = "attachment"
    if item is None:
        raise Http404
    delete(actor=request.user, **{keyword: item})
    messages.success(request, _("File removed."))
    return redirect("dashboard_listing_edit", pk=listing.pk)


def _confirmation(request, *, heading, consequence, confirm_label, hidden=None):
    """The page a first click on an irreversible action leads to: nothing has changed yet; its button posts
    the same request again, confirmed."""
    referer = request.META.get("HTTP_REFERER", "")
    came_from_here = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure())
    return render(request, "dashboard/confirm.html", {
        "heading": heading, "consequence": consequence, "confirm_label": confirm_label,
        "action_url": request.path, "hidden": hidden or {},
        "cancel_url": referer if referer and came_from_here else reverse("dashboard"),
    })


def _confirmed(request) -> bool:
    return request.POST.get("confirmed") == "yes"


def _listing_confirmation(request, listing, action):
    title = {"title": listing.title}
    if action == "withdraw":
        texts = {"heading": _("Withdraw “%(title)s”?") % title, "confirm_label": _("Withdraw the listing"),
                 "consequence": _("The listing leaves the marketplace at once and its page says it is no longer "
                                  "available. To offer the patent again you revise it and submit it for review "
                                  "again.")}
    else:
        texts = {"heading": _("Mark “%(title)s” as transacted?") % title, "confirm_label": _("Mark as transacted"),
                 "consequence": _("Only when the patent has been assigned or licensed exclusively: the listing "
                                  "leaves the marketplace for good. This cannot be undone.")}
    return _confirmation(request, hidden={"next": request.POST.get("next", "")}, **texts)


@login_required
@require_POST
def listing_revision_withdraw_view(request, pk):
    """The owner takes back the changes awaiting review; the public listing stays as approved."""
    listing = _managed_listing(request, pk)
    revision = revision_get_pending(listing=listing)
    if revision is None:
        messages.error(request, _("No changes of this listing await review."))
        return redirect("dashboard_listing_edit", pk=listing.pk)
    try:
        listing_revision_withdraw(revision=revision, actor=request.user)
    except IllegalTransition:
        messages.error(request, _("These changes were already decided."))
    else:
        messages.success(request, _("Your changes were withdrawn; the listing stays as approved."))
    return redirect("dashboard_listing_edit", pk=listing.pk)


@login_required
@require_POST
def revision_media_discard_view(request, pk, kind, media_pk):
    """Drop an image or document proposed for a published listing before it is reviewed."""
    listing = _managed_listing(request, pk)
    if kind not in MEDIA_KINDS:
        raise Http404
    model = RevisionImage if kind == "image" else RevisionAttachment
    item = model.objects.filter(pk=media_pk, revision__listing=listing).select_related("revision__listing").first()
    if item is None:
        raise Http404
    try:
        revision_media_discard(item=item, actor=request.user)
    except IllegalTransition:
        messages.error(request, _("These changes were already decided."))
    else:
        messages.success(request, _("File removed."))
    return redirect("dashboard_listing_edit", pk=listing.pk)


@login_required
@require_POST
def listing_action(request, pk, action):
    listing = _managed_listing(request, pk)
    service = OWNER_ACTIONS.get(action)
    if service is None:
        raise Http404
    if (action in CONFIRMED_ACTIONS and not _confirmed(request)
            and listing_services.LISTING_WORKFLOW.can(listing, action)):
        return _listing_confirmation(request, listing, action)
    try:
        listing = service(listing=listing, actor=request.user)
    except IllegalTransition:
        messages.error(request, _("This listing is “%(state)s”: that action is not possible now.")
                       % {"state": listing.get_status_display()})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Listing is now “%(state)s”.") % {"state": listing.get_status_display()})
    if request.POST.get("next") == "edit":
        return redirect("dashboard_listing_edit", pk=listing.pk)
    return redirect("dashboard")


@login_required
def demand_new(request):
    organisation = _marketplace_organisation(request)
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            demand_create(organisation=organisation, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Your demand is posted."))
            return redirect("dashboard")
    return render(request, "dashboard/demand_form.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def demand_close_view(request, pk):
    try:
        demand = demand_get_managed(pk=pk, user=request.user)
    except Demand.DoesNotExist:
        raise Http404
    if not _confirmed(request) and DEMAND_WORKFLOW.can(demand, "close"):
        return _confirmation(
            request, heading=_("Close the demand “%(title)s”?") % {"title": demand.title},
            confirm_label=_("Close the demand"),
            consequence=_("Matching stops and nobody can answer the demand any more. A closed demand cannot be "
                          "reopened."))
    try:
        demand_close(demand=demand, actor=request.user, reason=request.POST.get("reason", ""))
    except IllegalTransition:
        messages.error(request, _("This demand is already closed."))
    else:
        messages.success(request, _("Demand closed."))
    return redirect("dashboard")


def _members_page(request, organisation, *, invitation_form=None, status=200):
    is_admin = is_member(request.user, organisation, admin=True)
    return render(request, "dashboard/members.html", {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("role", "user__username"),
        "is_admin": is_admin,
        "form": invitation_form or InvitationForm(),
        "invitations": invitation_list_pending_for_organisation(organisation=organisation) if is_admin else [],
        "join_requests": join_request_list_pending_for_organisation(organisation=organisation) if is_admin else [],
    }, status=status)


@login_required
def members(request):
    """The acting organisation's members; its administrators invite people, answer join requests and remove."""
    organisation = acting_organisation(request)
    if request.method != "POST":
        return _members_page(request, organisation)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_create(organisation=organisation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            # The same answer whether or not the address has an account: nobody learns who is registered.
            messages.success(request, _("Invitation sent to %(email)s. It is valid for 7 days; whoever owns the "
                                        "address can accept it, with an account or by signing up.")
                             % {"email": invitation.email})
            return redirect("dashboard_members")
    return _members_page(request, organisation, invitation_form=form)


@login_required
@require_POST
def invitation_revoke_view(request, pk):
    organisation = acting_organisation(request)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    try:
        invitation_revoke(invitation=invitation, actor=request.user)
    except IllegalTransition:
        messages.error(request, _("This invitation has already been answered."))
    else:
        messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
    return redirect("dashboard_members")


@login_required
@require_POST
def join_request_decide(request, pk, decision):
    organisation = acting_organisation(request)
    join_request = get_object_or_404(organisation.join_requests.select_related("user"), pk=pk)
    if decision not in ("approve", "decline"):
        raise Http404
    try:
        if decision == "approve":
            join_request_approve(join_request=join_request, actor=request.user)
        else:
            join_request_decline(join_request=join_request, actor=request.user)
    except IllegalTransition:
        messages.error(request, _("This request has already been answered."))
    else:
        messages.success(request, _("%(user)s is now a member.") % {"user": join_request.user}
                         if decision == "approve" else _("Request declined."))
    return redirect("dashboard_members")


@login_required
@require_POST
def member_role(request, pk):
    organisation = acting_organisation(request)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    try:
        membership_change_role(membership=membership, actor=request.user, role=request.POST.get("role", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role of %(user)s changed.") % {"user": membership.user})
    return redirect("dashboard_members")


@login_required
@require_POST
def member_remove(request, pk):
    organisation = acting_organisation(request)
    membership = organisation.memberships.filter(pk=pk).select_related("user").first()
    if membership is None:
        raise Http404
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(user)s was removed.") % {"user": membership.user})
    if membership.user_id == request.user.pk:
        request.session.pop(SESSION_KEY, None)
        return redirect("dashboard")
    return redirect("dashboard_members")


@login_required
def organisation_profile(request):
    """The acting organisation's public profile, edited by its administrators (other members get a 403, as
    for the administrators' actions on the members page)."""
    organisation = acting_organisation(request)
    if not is_member(request.user, organisation, admin=True):
        raise PermissionDenied(_("Only the organisation's administrators can edit its profile."))
    initial = {name: getattr(organisation, name) for name in OrganisationProfileForm.TEXT_FIELDS}
    initial["logo"] = organisation.logo
    form = OrganisationProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update_profile(organisation=organisation, actor=request.user, **form.changed_fields())
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("dashboard_organisation_profile")
    return render(request, "dashboard/organisation_profile.html", {"organisation": organisation, "form": form},
                  status=400 if form.errors else 200)


@login_required
def join_organisation(request):
    """Find an organisation by name and ask its administrators to let you act for it."""
    query = request.GET.get("q", "").strip()[:200]
    if request.method == "POST":
        organisation = get_object_or_404(Organisation, slug=request.POST.get("organisation", ""))
        form = JoinRequestForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["message"])
            join_request_create(organisation=organisation, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request to join %(organisation)s was sent to its administrators.")
                             % {"organisation": organisation})
        return redirect("join_organisation")
    return render(request, "dashboard/join.html", {
        "query": query,
        "results": organisation_search_joinable(query=query, user=request.user) if query else None,
        "form": JoinRequestForm(),
        "join_requests": join_request_list_for_user(user=request.user),
    })


@login_required
@require_POST
def join_request_withdraw_view(request, pk):
    join_request = get_object_or_404(JoinRequest, pk=pk, user=request.user)
    try:
        join_request_withdraw(join_request=join_request, user=request.user)
    except IllegalTransition:
        messages.error(request, _("This request has already been answered."))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("join_organisation")
