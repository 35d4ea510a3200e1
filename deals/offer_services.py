"""Writes to offers: make (a counter-offer supersedes the live one), withdraw, accept (→ agreed, agreement).

Every write locks the deal's row first, so offers, withdrawals and acceptances of one deal happen one after
the other: two counter-offers at once leave one live offer, and an offer withdrawn while the other side accepts
it is either withdrawn or accepted, never both. Each is an audit event on the deal; the other side is notified
in-app at once and by e-mail after the commit (deals.receivers follows `deal_changed`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import Listing, Organisation, Patent
from marketplace.permissions import require
from marketplace.services.common import send_on_commit
from marketplace.workflow import lock_row, record_event

from .agreements import agreement_generate
from .models import Deal, DealMessage, Offer
from .notifications import deal_offer_notify
from .selectors import deal_side_for_user
from .services import DEAL_WORKFLOW
from .signals import deal_changed
from .terms import LicenceTerms, terms_to_json, terms_validate

PARTIES = (DealMessage.Side.BUYER, DealMessage.Side.SELLER)
NOTE_MAX_LENGTH = 2000


def listing_patents(listing: Listing):
    """The patents an offer on `listing` may cover: its patent, or every patent of its pool."""
    if listing.pool_id:
        return listing.pool.patents.order_by("publication_number")
    return Patent.objects.filter(pk=listing.patent_id)


def listing_terms_validate(*, listing: Listing, terms: LicenceTerms) -> LicenceTerms:
    """`terms` checked against what `listing` offers: its patents, its deal types, and no term past the
    earliest expiry among the covered patents."""
    patents = {patent.pk: patent for patent in listing_patents(listing)}
    expiries = [patents[pk].expiry_date for pk in set(terms.patent_ids)
                if pk in patents and patents[pk].expiry_date is not None]
    return terms_validate(
        terms, covered_expiry=min(expiries, default=None), allowed_patent_ids=set(patents),
        allowed_kinds=set(listing.deal_types.values_list("code", flat=True)),
    )


def _party_side(deal: Deal, user, acting: Organisation | None) -> str:
    side = deal_side_for_user(deal=deal, user=user, acting=acting)
    require(side in PARTIES, _("Only the buyer and the owner make, withdraw and accept offers."))
    return side


def _require_open(deal: Deal) -> None:
    if deal.status != Deal.Status.OPEN:
        raise ValidationError(
            _("This deal is “%(status)s”: offers are made and answered only while it is open.")
            % {"status": deal.get_status_display()}
        )


def _require_published(listing_id: int) -> None:
    if not Listing.objects.filter(pk=listing_id, status=Listing.Status.PUBLISHED).exists():
        raise ValidationError(_("The listing is no longer published, so it takes no offers."))


def offer_create_locked(*, deal: Deal, author, side: str, terms: LicenceTerms, note: str = "",
                        easy_access: bool = False) -> Offer:
    """A new offer in `deal` (locked by the caller), superseding the deal's live offer whichever side made
    it. No notification: the callers know whom to tell."""
    _require_open(deal)
    _require_published(deal.listing_id)
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("At most %(n)d characters, please.") % {"n": NOTE_MAX_LENGTH}})
    terms = listing_terms_validate(listing=deal.listing, terms=terms)
    live = deal.offers.filter(status=Offer.Status.LIVE).first()
    if live is not None:
        live.status, live.decided_at = Offer.Status.SUPERSEDED, timezone.now()
        live.save(update_fields=["status", "decided_at"])
    offer = Offer.objects.create(deal=deal, side=side, author=author, terms_data=terms_to_json(terms),
                                 note=note, supersedes=live, easy_access=easy_access)
    record_event(deal, action="offer", actor=author, data={
        "offer_id": offer.pk, "side": side, "supersedes_id": live.pk if live else None,
        "easy_access": easy_access,
    })
    return offer


def offer_make(*, deal: Deal, author, terms: LicenceTerms, note: str = "",
               acting: Organisation | None = None) -> Offer:
    """An offer (or counter-offer) by the buyer or the owner; the operation centre brokers, it makes none."""
    with transaction.atomic():
        deal = lock_row(deal)
        side = _party_side(deal, author, acting)
        offer = offer_create_locked(deal=deal, author=author, side=side, terms=terms, note=note)
        _notify(offer, action="offer", actor=author, status=deal.status)
    return offer


def _locked_offer(offer: Offer) -> tuple[Deal, Offer]:
    """The offer's deal, locked, and the offer as committed (offers change only under their deal's lock)."""
    deal = lock_row(offer.deal)
    return deal, Offer.objects.select_related("deal").get(pk=offer.pk)


ACCEPT_REFUSALS = {
    Offer.Status.WITHDRAWN: gettext_lazy("This offer was withdrawn; it can no longer be accepted."),
    Offer.Status.SUPERSEDED: gettext_lazy("A newer offer replaced this one; only the latest offer can be accepted."),
    Offer.Status.ACCEPTED: gettext_lazy("This offer has already been accepted."),
}
WITHDRAW_REFUSALS = {
    Offer.Status.WITHDRAWN: gettext_lazy("This offer has already been withdrawn."),
    Offer.Status.SUPERSEDED: gettext_lazy("A newer offer replaced this one; there is nothing to withdraw."),
    Offer.Status.ACCEPTED: gettext_lazy("This offer has been accepted; it can no longer be withdrawn."),
}


def _refuse_decided(offer: Offer, refusals: dict) -> None:
    if offer.status != Offer.Status.LIVE:
        raise ValidationError(str(refusals[offer.status]))


def offer_withdraw(*, offer: Offer, actor, acting: Organisation | None = None) -> Offer:
    """The side that made a live offer takes it back."""
    with transaction.atomic():
        deal, offer = _locked_offer(offer)
        side = _party_side(deal, actor, acting)
        if offer.side != side:
            raise ValidationError(_("Only the side that made an offer can withdraw it."))
        _refuse_decided(offer, WITHDRAW_REFUSALS)
        _require_open(deal)
        offer.status, offer.decided_at = Offer.Status.WITHDRAWN, timezone.now()
        offer.save(update_fields=["status", "decided_at"])
        record_event(deal, action="withdraw", actor=actor, data={"offer_id": offer.pk, "side": side})
        _notify(offer, action="withdraw", actor=actor, status=deal.status)
    return offer


def offer_accept(*, offer: Offer, actor, acting: Organisation | None = None) -> Offer:
    """The other side accepts the latest live offer: the deal is agreed and its agreement generated, in one
    transaction."""
    with transaction.atomic():
        deal, offer = _locked_offer(offer)
        side = _party_side(deal, actor, acting)
        return offer_accept_locked(deal=deal, offer=offer, actor=actor, side=side)


def offer_accept_locked(*, deal: Deal, offer: Offer, actor, side: str) -> Offer:
    if offer.side == side:
        raise ValidationError(_("You cannot accept your own side's offer; the other side accepts it."))
    _refuse_decided(offer, ACCEPT_REFUSALS)
    _require_open(deal)
    _require_published(deal.listing_id)
    offer.status, offer.decided_at = Offer.Status.ACCEPTED, timezone.now()
    offer.save(update_fields=["status", "decided_at"])
    deal = DEAL_WORKFLOW.apply(deal, "agree", actor=actor, data={"offer_id": offer.pk, "side": side})
    agreement_generate(offer=offer, actor=actor)
    _notify(offer, action="agree", actor=actor, status=deal.status)
    return offer


def _notify(offer: Offer, *, action: str, actor, status: str) -> None:
    recipient_ids = deal_offer_notify(offer=offer, action=action, actor=actor)
    send_on_commit(deal_changed, deal_id=offer.deal_id, action=action, status=status,
                   offer_id=offer.pk, recipient_ids=recipient_ids)
