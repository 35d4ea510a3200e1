"""Reads of deals: who may see a deal room, inboxes with unread counts, a room's messages, files and history,
and whether the buyer still has to accept the NDA to see the confidential files."""

from datetime import UTC, datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.models import Listing, Membership, Organisation
from marketplace.permissions import is_member, is_operator, user_organisations
from marketplace.workflow import history
from search.models import MatchProposal

from .models import Deal, DealAttachment, DealMessage, DealReadMark, NdaAcceptance, NdaVersion

NEVER_READ = datetime(1970, 1, 1, tzinfo=UTC)


def _with_relations(deals: QuerySet) -> QuerySet:
    return deals.select_related("listing__patent", "listing__pool", "buyer", "seller")


def _visible_to(user) -> QuerySet:
    if is_operator(user):
        return Deal.objects.all()
    organisations = user_organisations(user)
    return Deal.objects.filter(Q(buyer__in=organisations) | Q(seller__in=organisations))


def deal_get_for_user(*, pk: int, user) -> Deal:
    """The deal if `user` is a member of one of its two organisations or an operator; else Deal.DoesNotExist,
    the same as for an id that does not exist, so guessing ids tells nothing."""
    return _with_relations(_visible_to(user)).get(pk=pk)


def _read_until(user):
    """The time up to which `user` has read the deal of the outer DealMessage (the epoch if never)."""
    mark = DealReadMark.objects.filter(deal=OuterRef("deal"), user=user).values("last_read_at")[:1]
    return Coalesce(Subquery(mark), Value(NEVER_READ))


def _unread_messages(user) -> QuerySet:
    return (
        DealMessage.objects.exclude(author=user)
        .annotate(read_until=_read_until(user))
        .filter(created_at__gt=F("read_until"))
    )


def _with_unread(deals: QuerySet, user) -> QuerySet:
    unread = (
        _unread_messages(user).filter(deal=OuterRef("pk")).order_by().values("deal")
        .annotate(n=Count("pk")).values("n")
    )
    return deals.annotate(unread=Coalesce(Subquery(unread), Value(0)))


def _of_organisation(organisation: Organisation) -> QuerySet:
    return Deal.objects.filter(Q(buyer=organisation) | Q(seller=organisation))


def deal_list_for_organisation(*, organisation: Organisation, user) -> QuerySet:
    """The organisation's deals as buyer and as owner, newest activity first, with `unread` for `user`."""
    return _with_unread(_with_relations(_of_organisation(organisation)), user).order_by("-last_message_at", "-pk")


def deal_list_all(*, user, status: str = "") -> QuerySet:
    """Every deal (for the operation centre), optionally of one status, with `unread` for `user`."""
    deals = Deal.objects.filter(status=status) if status else Deal.objects.all()
    return _with_unread(_with_relations(deals), user).order_by("-last_message_at", "-pk")


def deal_unread_count(*, user, organisation: Organisation) -> int:
    """Messages by others that `user` has not read, over all the organisation's deals."""
    return _unread_messages(user).filter(deal__in=_of_organisation(organisation)).count()


def deal_messages(*, deal: Deal) -> QuerySet:
    return deal.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "pk")


def deal_events(*, deal: Deal) -> QuerySet:
    """The deal's audited changes other than single messages (those are the room itself)."""
    return history(deal).exclude(action="message").order_by("created_at", "pk")


def deal_side_for_user(*, deal: Deal, user, acting: Organisation | None = None) -> str | None:
    """For which side `user` speaks in `deal`: the party they are a member of (the acting organisation if they
    belong to both), else the operation centre for operators, else None."""
    member_of = set(
        Membership.objects.filter(user=user, organisation__in=[deal.buyer_id, deal.seller_id])
        .values_list("organisation_id", flat=True)
    ) if getattr(user, "is_authenticated", False) else set()
    sides = [(side, organisation_id) for side, organisation_id in
             ((DealMessage.Side.BUYER, deal.buyer_id), (DealMessage.Side.SELLER, deal.seller_id))
             if organisation_id in member_of]
    for side, organisation_id in sides:
        if acting is not None and acting.pk == organisation_id:
            return side
    if sides:
        return sides[0][0]
    return DealMessage.Side.CENTRE if is_operator(user) else None


def deal_buyer_choices(*, user, listing: Listing) -> QuerySet:
    """The organisations `user` may send an inquiry about `listing` for: theirs, except the owner and the
    operation centre (which takes part in every deal as broker, not as a buyer)."""
    return user_organisations(user).exclude(pk=listing.owner_id).exclude(
        kind=Organisation.Kind.OPERATION_CENTRE
    )


def deal_inquiry_refusal(*, user, listing: Listing, buyers: QuerySet) -> str | None:
    """Why `user` (signed in; may inquire for `buyers`) cannot inquire about `listing`, or None if they can.
    Shared by the inquiry form and the listing page's contact card, so the card never offers a refused
    form."""
    if listing.status != Listing.Status.PUBLISHED:
        return _("Only published listings take inquiries.")
    if buyers.exists():
        return None
    organisations = user_organisations(user)
    if organisations.filter(pk=listing.owner_id).exists():
        return _("Your organisation owns this listing; inquiries come from other organisations.")
    if organisations.exists():  # only the operation centre
        return _("The operation centre takes part in every deal; it does not open deals itself.")
    return _("Join or register an organisation to send inquiries.")


def deal_proposal_for_inquiry(*, pk: str, listing: Listing, buyers: QuerySet) -> MatchProposal | None:
    """The match proposal an inquiry answers (`?proposal=<pk>` from a demand's matches): only one of `listing`
    to a demand of one of `buyers`; anything else is ignored."""
    if not str(pk).isdigit():
        return None
    return (
        MatchProposal.objects.filter(pk=pk, listing=listing, demand__organisation__in=buyers)
        .select_related("demand__organisation").first()
    )


def nda_version_current() -> NdaVersion | None:
    """The NDA buyers are asked to accept: the latest version."""
    return NdaVersion.objects.order_by("-number").first()


def deal_nda_acceptance(*, deal: Deal, version: NdaVersion | None) -> NdaAcceptance | None:
    if version is None:
        return None
    return NdaAcceptance.objects.filter(deal=deal, version=version).select_related("user", "version").first()


def deal_confidential_locked(*, deal: Deal, user) -> bool:
    """Whether `user` (who may see the deal) is kept from its confidential files: a buyer's member while the
    listing asks for an NDA whose current version the buyer has not accepted. The owner's side and the
    operation centre always see them."""
    if not deal.listing.requires_nda or is_operator(user) or is_member(user, deal.seller):
        return False
    return deal_nda_acceptance(deal=deal, version=nda_version_current()) is None


def deal_attachment_visible(*, name: str, user) -> bool:
    """Whether a stored deal attachment (its storage name) may be fetched: by whoever may see its deal, and for
    a confidential file, only once nothing locks it for them. A file no attachment holds is not served."""
    attachment = DealAttachment.objects.filter(file=name).select_related("deal__listing").first()
    if attachment is None or not _visible_to(user).filter(pk=attachment.deal_id).exists():
        return False
    return not (attachment.confidential and deal_confidential_locked(deal=attachment.deal, user=user))
