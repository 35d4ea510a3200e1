"""Easy-access licences: the owner's fixed non-exclusive terms for a listing, and a buyer accepting them at once.

Accepting opens the buyer's deal (or continues its live one), makes the owner-side offer from the fixed terms
with the term starting that day, and accepts it in the same transaction: the deal is agreed and its agreement
generated, exactly as when an offer negotiated in the room is accepted.
"""

from dataclasses import replace
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Listing, Organisation
from marketplace.permissions import is_member, require
from marketplace.services.common import send_on_commit
from marketplace.workflow import record_event

from .models import Deal, DealMessage, EasyAccessTerms, Offer
from .models.easy_access import MAX_DURATION_MONTHS
from .offer_services import listing_patents, listing_terms_validate, offer_accept_locked, offer_create_locked
from .selectors import deal_buyer_choices
from .services import deal_lock_live_or_open
from .signals import deal_changed
from .terms import DealKind, LicenceTerms, add_months, terms_from_json, terms_to_json

# Fixed by the kind of licence, or known only when a buyer accepts: not part of the stored terms.
BUILT_AT_ACCEPTANCE = ("deal_kind", "patent_ids", "start_date", "end_date")


def easy_access_terms_build(*, easy: EasyAccessTerms, start: date) -> LicenceTerms:
    """The full terms of an easy-access licence starting on `start`, covering every patent of the listing."""
    data = {
        **easy.terms_data,
        "deal_kind": DealKind.NON_EXCLUSIVE,
        "patent_ids": list(listing_patents(easy.listing).values_list("pk", flat=True)),
        "start_date": start.isoformat(),
        "end_date": add_months(start, easy.duration_months).isoformat(),
    }
    return terms_from_json(data)


def easy_access_terms_save(*, listing: Listing, actor, terms: LicenceTerms, duration_months: int,
                           enabled: bool) -> EasyAccessTerms:
    """The owner's members set (and switch on or off) the listing's easy-access terms. `terms` gives the money,
    territory and field of use; the kind is always non-exclusive, the patents all of the listing's, and the
    term `duration_months` long from the day of acceptance — checked as if accepted today."""
    require(is_member(actor, listing.owner), _("Only the owner's members can set easy-access terms."))
    if not 1 <= duration_months <= MAX_DURATION_MONTHS:
        raise ValidationError({"duration_months": _("Between 1 and %(n)d months.") % {"n": MAX_DURATION_MONTHS}})
    today = timezone.localdate()
    terms = replace(terms, deal_kind=DealKind.NON_EXCLUSIVE, milestones=(), start_date=today,
                    end_date=add_months(today, duration_months),
                    patent_ids=tuple(listing_patents(listing).values_list("pk", flat=True)))
    terms = listing_terms_validate(listing=listing, terms=terms)
    stored = {name: value for name, value in terms_to_json(terms).items() if name not in BUILT_AT_ACCEPTANCE}
    with transaction.atomic():
        easy, _created = EasyAccessTerms.objects.update_or_create(
            listing=listing,
            defaults={"terms_data": stored, "duration_months": duration_months, "enabled": enabled,
                      "updated_by": actor},
        )
        record_event(listing, action="easy_access", actor=actor,
                     data={"enabled": enabled, "duration_months": duration_months, "terms": stored})
    return easy


def offer_easy_access_accept(*, listing: Listing, buyer: Organisation, author) -> Offer:
    """`author`, for `buyer`, accepts the listing's easy-access licence: the deal is agreed at once."""
    require(deal_buyer_choices(user=author, listing=listing).filter(pk=buyer.pk).exists(),
            _("You can accept for your own organisation only, and not for the listing's owner."))
    with transaction.atomic():
        easy = EasyAccessTerms.objects.filter(listing=listing, enabled=True).select_related(
            "listing__pool", "listing__patent").first()
        if easy is None:
            raise ValidationError(_("The owner does not offer an easy-access licence for this listing."))
        # The buyer's live deal, locked (or a new one): colleagues accepting at once meet at its row, and the
        # second finds it agreed.
        deal, opened = deal_lock_live_or_open(listing=listing, buyer=buyer, author=author)
        if opened:
            record_event(deal, action="open", to_state=deal.status, actor=author, data={"listing_id": listing.pk})
            send_on_commit(deal_changed, deal_id=deal.pk, action="open", status=deal.status)
        elif deal.status != Deal.Status.OPEN:
            raise ValidationError(
                _("Your organisation's deal on this listing is already “%(status)s”; see its deal room.")
                % {"status": deal.get_status_display()}
            )
        terms = easy_access_terms_build(easy=easy, start=timezone.localdate())
        offer = offer_create_locked(deal=deal, author=easy.updated_by, side=DealMessage.Side.SELLER,
                                    terms=terms, easy_access=True)
        return offer_accept_locked(deal=deal, offer=offer, actor=author, side=DealMessage.Side.BUYER)
