"""Deal services and workflow: inquiries open one live deal, messages, reading, closing, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deals.models import MESSAGE_MAX_LENGTH, Deal, DealMessage
from deals.selectors import (
    deal_events,
    deal_get_for_user,
    deal_list_all,
    deal_list_for_organisation,
    deal_unread_count,
)
from deals.services import deal_close, deal_mark_read, deal_message_post, deal_open_or_continue
from marketplace.models import Listing
from marketplace.workflow import IllegalTransition, history
from search.models import MatchProposal

from ..factories import DemandFactory, ListingFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _inquire(listing, buyer_org, buyer, body="我们对该专利的许可感兴趣。"):
    return deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body=body)


def test_an_inquiry_opens_a_deal_room_with_its_first_message(listing, buyer_org, buyer):
    deal = _inquire(listing, buyer_org, buyer)
    assert (deal.listing, deal.buyer, deal.seller, deal.status) == (listing, buyer_org, listing.owner, "open")
    message = deal.messages.get()
    assert (message.author, message.side) == (buyer, DealMessage.Side.BUYER)
    assert message.body == "我们对该专利的许可感兴趣。"
    assert list(history(deal).values_list("action", flat=True)) == ["open", "message"]
    assert deal.last_message_at == message.created_at


def test_a_second_inquiry_continues_the_live_deal(listing, buyer_org, buyer, buyer_colleague):
    first = _inquire(listing, buyer_org, buyer)
    second = _inquire(listing, buyer_org, buyer_colleague, body="Any update?")
    assert second.pk == first.pk
    assert Deal.objects.count() == 1 and first.messages.count() == 2


def test_after_a_close_a_new_inquiry_opens_a_new_deal(listing, buyer_org, buyer):
    first = _inquire(listing, buyer_org, buyer)
    deal_close(deal=first, actor=buyer, reason="预算不足")
    second = _inquire(listing, buyer_org, buyer)
    assert second.pk != first.pk and second.status == "open"


@pytest.mark.parametrize("body, error", [
    ("   ", "Write a message."), ("x" * (MESSAGE_MAX_LENGTH + 1), "At most"),
])
def test_empty_or_too_long_messages_are_refused(listing, buyer_org, buyer, body, error):
    with pytest.raises(ValidationError) as raised:
        _inquire(listing, buyer_org, buyer, body=body)
    assert error in raised.value.message_dict["body"][0]
    assert not Deal.objects.exists()


def test_the_owner_cannot_inquire_on_its_own_listing(listing, seller):
    with pytest.raises(ValidationError, match="owns this listing"):
        _inquire(listing, listing.owner, seller)


@pytest.mark.parametrize("status", [
    Listing.Status.DRAFT, Listing.Status.WITHDRAWN, Listing.Status.TRANSACTED,
])
def test_only_published_listings_take_inquiries(buyer_org, buyer, status):
    listing = ListingFactory(status=status)
    with pytest.raises(ValidationError, match="Only published listings"):
        _inquire(listing, buyer_org, buyer)
    assert not Deal.objects.exists()


def test_inquiring_for_someone_elses_organisation_is_refused(listing, buyer_org, outsider):
    with pytest.raises(PermissionDenied):
        _inquire(listing, buyer_org, outsider)


def test_the_operation_centre_does_not_open_deals_as_buyer(listing, operator):
    with pytest.raises(ValidationError, match="operation centre"):
        _inquire(listing, operator.organisations.get(), operator)


def test_replies_operators_and_outsiders(listing, buyer_org, buyer, seller, operator, outsider):
    deal = _inquire(listing, buyer_org, buyer)
    assert deal_message_post(deal=deal, author=seller, body="欢迎").side == DealMessage.Side.SELLER
    centre = deal_message_post(deal=deal, author=operator, body="中心可协助评估")
    assert centre.side == DealMessage.Side.CENTRE
    with pytest.raises(PermissionDenied):
        deal_message_post(deal=deal, author=outsider, body="hello")
    assert list(deal.messages.values_list("side", flat=True)) == ["buyer", "seller", "centre"]
    assert history(deal).filter(action="message").count() == 3


def test_a_member_of_both_parties_writes_for_the_acting_one(listing, buyer_org, buyer, seller):
    deal = _inquire(listing, buyer_org, buyer)
    MembershipFactory(organisation=buyer_org, user=seller)
    assert deal_message_post(deal=deal, author=seller, body="a", acting=buyer_org).side == "buyer"
    assert deal_message_post(deal=deal, author=seller, body="b", acting=listing.owner).side == "seller"


def test_closing_needs_a_reason_and_happens_once(listing, buyer_org, buyer, seller):
    deal = _inquire(listing, buyer_org, buyer)
    with pytest.raises(ValidationError):
        deal_close(deal=deal, actor=seller, reason="  ")
    closed = deal_close(deal=deal, actor=seller, reason="已与他方签约")
    assert closed.status == "closed" and closed.closed_at is not None
    event = history(deal).get(action="close")
    assert (event.from_state, event.to_state, event.actor) == ("open", "closed", seller)
    assert event.reason == "已与他方签约"
    with pytest.raises(IllegalTransition):
        deal_close(deal=closed, actor=buyer, reason="again")
    with pytest.raises(ValidationError, match="closed"):
        deal_message_post(deal=closed, author=buyer, body="still there?")
    assert [e.action for e in deal_events(deal=deal)] == ["open", "close"]


def test_outsiders_cannot_close(listing, buyer_org, buyer, outsider):
    deal = _inquire(listing, buyer_org, buyer)
    with pytest.raises(PermissionDenied):
        deal_close(deal=deal, actor=outsider, reason="no")
    assert Deal.objects.get().status == "open"


def test_unread_counts_follow_reading(listing, buyer_org, buyer, buyer_colleague, seller):
    deal = _inquire(listing, buyer_org, buyer)
    deal_message_post(deal=deal, author=buyer, body="second")
    assert deal_unread_count(user=seller, organisation=listing.owner) == 2
    assert deal_unread_count(user=buyer, organisation=buyer_org) == 0  # one's own messages are never unread
    assert deal_unread_count(user=buyer_colleague, organisation=buyer_org) == 2  # a colleague's are
    deal_mark_read(deal=deal, user=seller)
    assert deal_unread_count(user=seller, organisation=listing.owner) == 0
    reply = deal_message_post(deal=deal, author=seller, body="reply")
    assert deal_unread_count(user=buyer, organisation=buyer_org) == 1
    [row] = deal_list_for_organisation(organisation=buyer_org, user=buyer)
    assert row.unread == 1 and row.last_message_at == reply.created_at
    # Read marks never move backwards.
    deal_mark_read(deal=deal, user=buyer, until=reply.created_at - timezone.timedelta(days=1))
    deal_mark_read(deal=deal, user=buyer)
    assert deal_list_for_organisation(organisation=buyer_org, user=buyer)[0].unread == 0


def test_inboxes_list_both_sides_newest_activity_first(listing, buyer_org, buyer, seller, operator):
    older = _inquire(listing, buyer_org, buyer)
    other_buyer = OrganisationFactory(kind="enterprise")
    newer = _inquire(listing, other_buyer, MembershipFactory(organisation=other_buyer).user)
    assert list(deal_list_for_organisation(organisation=listing.owner, user=seller)) == [newer, older]
    assert list(deal_list_for_organisation(organisation=buyer_org, user=buyer)) == [older]
    deal_message_post(deal=older, author=seller, body="bump")
    assert list(deal_list_for_organisation(organisation=listing.owner, user=seller)) == [older, newer]
    deal_close(deal=newer, actor=seller, reason="no")
    assert list(deal_list_all(user=operator, status="closed")) == [newer]
    assert len(deal_list_all(user=operator)) == 2


def test_deal_get_for_user_hides_deals_from_outsiders(listing, buyer_org, buyer, seller, operator, outsider):
    deal = _inquire(listing, buyer_org, buyer)
    for user in (buyer, seller, operator):
        assert deal_get_for_user(pk=deal.pk, user=user) == deal
    for user in (outsider, UserFactory(username="nobody")):
        with pytest.raises(Deal.DoesNotExist):
            deal_get_for_user(pk=deal.pk, user=user)


def test_an_inquiry_records_the_buyers_match_proposal(listing, buyer_org, buyer):
    demand = DemandFactory(organisation=buyer_org)
    others = DemandFactory()
    proposal = MatchProposal.objects.create(demand=demand, listing=listing, score=80)
    untouched = MatchProposal.objects.create(demand=others, listing=listing, score=80)
    _inquire(listing, buyer_org, buyer)
    proposal.refresh_from_db()
    untouched.refresh_from_db()
    assert proposal.inquired_at is not None and untouched.inquired_at is None
    first = proposal.inquired_at
    _inquire(listing, buyer_org, buyer, body="again")
    proposal.refresh_from_db()
    assert proposal.inquired_at == first  # the first inquiry is what counts
