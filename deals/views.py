"""Deal pages: the inquiry form, the deal room and the inbox. Every read goes through a selector, every write
through a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from cms.paging import paginate
from cms.views.dashboard import SESSION_KEY, acting_organisation
from ipmarket.client_ip import client_ip
from marketplace.models import Listing
from marketplace.permissions import is_operator, user_organisations
from marketplace.selectors.listings import listing_get_visible
from marketplace.workflow import IllegalTransition

from .forms import CloseForm, InquiryForm, MessageForm, NdaAcceptForm, StatusFilterForm
from .models import Deal, DealMessage, NdaVersion
from .nda_services import nda_accept
from .selectors import (
    deal_buyer_choices,
    deal_confidential_locked,
    deal_events,
    deal_get_for_user,
    deal_inquiry_refusal,
    deal_list_all,
    deal_list_for_organisation,
    deal_messages,
    deal_nda_acceptance,
    deal_proposal_for_inquiry,
    deal_side_for_user,
    nda_version_current,
)
from .services import DEAL_WORKFLOW, deal_close, deal_mark_read, deal_message_post, deal_open_or_continue

DEALS_PER_PAGE = 20


def visible_listing(request, pk: int) -> Listing:
    try:
        return listing_get_visible(pk=pk, user=request.user)
    except Listing.DoesNotExist:
        raise Http404(_("No such listing."))


def session_organisation(request):
    """The dashboard's acting organisation if one was chosen in this session (None for operators who are no
    organisation's members)."""
    return user_organisations(request.user).filter(pk=request.session.get(SESSION_KEY)).first()


def inquiry_initial_buyer(request, buyers, listing: Listing):
    """The organisation the inquiry is for by default: the demand's, when it answers a match proposal
    (`?proposal=<pk>`), else the dashboard's acting organisation, else the first one the user may use."""
    proposal = deal_proposal_for_inquiry(pk=request.GET.get("proposal", ""), listing=listing, buyers=buyers)
    if proposal is not None:
        return proposal.demand.organisation, proposal
    acting = session_organisation(request)
    return (acting if acting in buyers else buyers.first()), None


@login_required
def inquiry_create(request, listing_pk: int):
    listing = visible_listing(request, listing_pk)
    buyers = deal_buyer_choices(user=request.user, listing=listing)
    refusal = deal_inquiry_refusal(user=request.user, listing=listing, buyers=buyers)
    initial_buyer, proposal = inquiry_initial_buyer(request, buyers, listing)
    form = InquiryForm(request.POST or None, request.FILES or None, buyers=buyers, initial={"buyer": initial_buyer})
    if request.method == "POST" and refusal is None and form.is_valid():
        buyer = form.cleaned_data["buyer"]
        try:
            deal = deal_open_or_continue(listing=listing, buyer=buyer, author=request.user,
                                         body=form.cleaned_data["body"], files=form.cleaned_data["files"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            request.session[SESSION_KEY] = buyer.pk  # the inbox then shows the deal among the buyer's
            messages.success(request, _("Your message has been sent to the owner."))
            return redirect("deals:room", pk=deal.pk)
    return render(request, "deals/inquiry_form.html", {
        "listing": listing, "form": form, "refusal": refusal, "proposal": proposal,
    }, status=400 if form.errors or (refusal and request.method == "POST") else 200)


def deal_or_404(request, pk: int) -> Deal:
    try:
        return deal_get_for_user(pk=pk, user=request.user)
    except Deal.DoesNotExist:
        raise Http404(_("No such deal."))


@login_required
def deal_room(request, pk: int):
    deal = deal_or_404(request, pk)
    acting = session_organisation(request)
    side = deal_side_for_user(deal=deal, user=request.user, acting=acting)
    form = MessageForm(request.POST or None, request.FILES or None,
                       can_mark_confidential=side == DealMessage.Side.SELLER)
    if request.method == "POST" and form.is_valid():
        try:
            message = deal_message_post(deal=deal, author=request.user, body=form.cleaned_data["body"],
                                        acting=acting, files=form.cleaned_data["files"],
                                        confidential=form.cleaned_data.get("confidential", False))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            return redirect(reverse("deals:room", args=[deal.pk]) + f"#message-{message.pk}")
    return _render_room(request, deal, side=side, form=form)


def _render_room(request, deal: Deal, *, side: str, form: MessageForm, nda_form: NdaAcceptForm | None = None):
    thread = list(deal_messages(deal=deal))
    if thread:
        deal_mark_read(deal=deal, user=request.user, until=thread[-1].created_at)
    nda_version = nda_version_current()
    locked = deal_confidential_locked(deal=deal, user=request.user)
    return render(request, "deals/room.html", {
        "deal": deal,
        "thread": thread,
        "events": deal_events(deal=deal),
        "form": form,
        "close_form": CloseForm(),
        "can_close": DEAL_WORKFLOW.can(deal, "close"),
        "side": side,
        "nda_version": nda_version,
        "nda_acceptance": deal_nda_acceptance(deal=deal, version=nda_version),
        "locked": locked,
        "locked_count": sum(a.confidential for m in thread for a in m.attachments.all()) if locked else 0,
        "nda_form": nda_form or NdaAcceptForm(initial={"version": getattr(nda_version, "pk", None)}),
    }, status=400 if form.errors or (nda_form and nda_form.errors) else 200)


@login_required
@require_POST
def deal_nda_accept_view(request, pk: int):
    """A buyer's member accepts the NDA version the page showed, for their organisation."""
    deal = deal_or_404(request, pk)
    form = NdaAcceptForm(request.POST)
    if form.is_valid():
        try:
            version = NdaVersion.objects.get(pk=form.cleaned_data["version"])
            nda_accept(deal=deal, user=request.user, version=version, ip_address=client_ip(request) or None)
        except NdaVersion.DoesNotExist:
            form.add_error(None, _("The NDA has changed since you opened the page; read the current version and "
                                   "accept it."))
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("You accepted the NDA; the confidential files are now shown."))
            return redirect("deals:room", pk=deal.pk)
    side = deal_side_for_user(deal=deal, user=request.user, acting=session_organisation(request))
    return _render_room(request, deal, side=side, form=MessageForm(can_mark_confidential=side == DealMessage.Side.SELLER),
                        nda_form=form)


@login_required
@require_POST
def deal_close_view(request, pk: int):
    deal = deal_or_404(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("deals:room", pk=deal.pk)
    try:
        deal_close(deal=deal, actor=request.user, reason=form.cleaned_data["reason"])
    except IllegalTransition:
        messages.warning(request, _("This deal was already closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The deal is closed."))
    return redirect("deals:room", pk=deal.pk)


@login_required
def inbox(request):
    """The acting organisation's deals; for operators, every deal, filtered by status (kept on the site rather
    than in the Wagtail admin because operators read and post in the same deal room pages as the parties)."""
    if is_operator(request.user):
        status_form = StatusFilterForm(request.GET or None)
        status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
        deals, organisation = deal_list_all(user=request.user, status=status), None
    else:
        if not user_organisations(request.user).exists():
            return render(request, "dashboard/no_organisation.html")
        status_form, organisation = None, acting_organisation(request)
        deals = deal_list_for_organisation(organisation=organisation, user=request.user)
    return render(request, "deals/inbox.html", {
        "organisation": organisation,
        "status_form": status_form,
        "page_obj": paginate(request, deals, per_page=DEALS_PER_PAGE),
    })
