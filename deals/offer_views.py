"""Offer pages of the deal room (make or counter, withdraw, accept with a confirmation) and the easy-access
licence (the owner's terms page, a buyer's confirmation). Reads through selectors, writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.forms import add_service_errors
from marketplace.models import Listing
from marketplace.permissions import can_manage_listing

from .easy_access import easy_access_terms_build, easy_access_terms_save, offer_easy_access_accept
from .models import Deal, Offer
from .offer_forms import EasyAccessAcceptForm, EasyAccessForm, MilestoneFormSet, OfferForm, milestones_of, offer_initial
from .offer_selectors import (
    PARTIES,
    easy_access_get,
    offer_can_accept,
    offer_commission,
    offer_get,
    offer_list,
)
from .offer_services import listing_patents, offer_accept, offer_make, offer_withdraw
from .selectors import deal_buyer_choices, deal_inquiry_refusal, deal_side_for_user
from .terms_display import terms_rows
from .views import deal_or_404, inquiry_initial_buyer, session_organisation, visible_listing

MILESTONES_PREFIX = "milestones"


def _room_offers(deal: Deal) -> str:
    return reverse("deals:room", args=[deal.pk]) + "#offers"


def _party_side(request, deal: Deal):
    """The reader's side if they speak for the buyer or the owner; operators broker and make no offers."""
    acting = session_organisation(request)
    side = deal_side_for_user(deal=deal, user=request.user, acting=acting)
    if side not in PARTIES:
        raise PermissionDenied(_("Only the buyer and the owner make, withdraw and accept offers."))
    return side, acting


@login_required
def offer_create(request, pk: int):
    """A new offer, or a counter-offer prefilled from the latest one."""
    deal = deal_or_404(request, pk)
    side, acting = _party_side(request, deal)
    if deal.status != Deal.Status.OPEN:
        messages.warning(request, _("Offers are made only while the deal is open."))
        return redirect(_room_offers(deal))
    patents = list(listing_patents(deal.listing))
    offers = offer_list(deal=deal)
    latest = offers[0] if offers else None
    initial, milestones_initial = offer_initial(terms=latest.terms if latest else None, listing=deal.listing,
                                                patents=patents)
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, listing=deal.listing, patents=patents, initial=initial)
    formset = MilestoneFormSet(data, initial=milestones_initial, prefix=MILESTONES_PREFIX)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            offer_make(deal=deal, author=request.user, terms=form.terms(milestones_of(formset)),
                       note=form.cleaned_data["note"], acting=acting)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("Your offer has been sent to the other side."))
            return redirect(_room_offers(deal))
    return render(request, "deals/offer_form.html", {
        "deal": deal, "form": form, "formset": formset, "latest": latest, "side": side,
        "counter": latest is not None and latest.side != side,
    }, status=400 if form.errors or formset.errors or formset.non_form_errors() else 200)


def _offer_or_404(deal: Deal, offer_pk: int) -> Offer:
    try:
        return offer_get(deal=deal, pk=offer_pk)
    except Offer.DoesNotExist:
        raise Http404(_("No such offer."))


@login_required
@require_POST
def offer_withdraw_view(request, pk: int, offer_pk: int):
    deal = deal_or_404(request, pk)
    offer = _offer_or_404(deal, offer_pk)
    _side, acting = _party_side(request, deal)
    try:
        offer_withdraw(offer=offer, actor=request.user, acting=acting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your offer has been withdrawn."))
    return redirect(_room_offers(deal))


@login_required
def offer_accept_view(request, pk: int, offer_pk: int):
    """The terms and the platform commission to confirm; accepting agrees the deal."""
    deal = deal_or_404(request, pk)
    offer = _offer_or_404(deal, offer_pk)
    side, acting = _party_side(request, deal)
    if request.method == "POST":
        try:
            offer_accept(offer=offer, actor=request.user, acting=acting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You accepted the offer. The agreement has been generated for both "
                                        "sides to sign."))
        return redirect(_room_offers(deal))
    return render(request, "deals/offer_accept.html", {
        "deal": deal, "offer": offer, "rows": terms_rows(offer.terms, deal.listing),
        "commission": offer_commission(offer.terms), "can_accept": offer_can_accept(offer=offer, side=side),
    })


def _managed_listing_or_404(request, listing_pk: int) -> Listing:
    listing = Listing.objects.select_related("owner", "patent", "pool").filter(pk=listing_pk).first()
    if listing is None or not can_manage_listing(request.user, listing):
        raise Http404(_("No such listing."))
    return listing


def _easy_access_initial(easy) -> dict:
    if easy is None:
        return {}
    return {**easy.terms_data, "enabled": easy.enabled, "duration_months": easy.duration_months}


@login_required
def easy_access_edit(request, listing_pk: int):
    """The owner's members set the listing's easy-access terms and switch them on or off."""
    listing = _managed_listing_or_404(request, listing_pk)
    easy = easy_access_get(listing=listing)
    form = EasyAccessForm(request.POST or None, initial=_easy_access_initial(easy) or {"currency": listing.currency})
    if request.method == "POST" and form.is_valid():
        try:
            easy_access_terms_save(listing=listing, actor=request.user, terms=form.terms(),
                                   duration_months=form.cleaned_data["duration_months"],
                                   enabled=form.cleaned_data["enabled"])
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("The easy-access terms are saved."))
            return redirect("deals:easy_access_edit", listing_pk=listing.pk)
    return render(request, "deals/easy_access_form.html", {"listing": listing, "form": form, "easy": easy},
                  status=400 if form.errors else 200)


@login_required
def easy_access_accept(request, listing_pk: int):
    """A member of another organisation confirms the easy-access terms; the deal is agreed at once."""
    listing = visible_listing(request, listing_pk)
    easy = easy_access_get(listing=listing, enabled_only=True)
    if easy is None:
        raise Http404(_("This listing offers no easy-access licence."))
    buyers = deal_buyer_choices(user=request.user, listing=listing)
    refusal = deal_inquiry_refusal(user=request.user, listing=listing, buyers=buyers)
    initial_buyer, _proposal = inquiry_initial_buyer(request, buyers, listing)
    # The form may have no field to post (one organisation to accept for): bound on any POST.
    form = EasyAccessAcceptForm(request.POST if request.method == "POST" else None, buyers=buyers,
                                initial={"buyer": initial_buyer})
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            offer = offer_easy_access_accept(listing=listing, buyer=form.cleaned_data["buyer"],
                                             author=request.user)
        except ValidationError as error:
            add_service_errors(error, form)
        else:
            messages.success(request, _("You accepted the easy-access licence. The agreement has been generated "
                                        "for both sides to sign."))
            return redirect(_room_offers(offer.deal))
    terms = easy_access_terms_build(easy=easy, start=timezone.localdate())
    return render(request, "deals/easy_access_accept.html", {
        "listing": listing, "form": form, "refusal": refusal, "rows": terms_rows(terms, listing),
        "commission": offer_commission(terms),
    }, status=400 if form.errors or (refusal and request.method == "POST") else 200)
