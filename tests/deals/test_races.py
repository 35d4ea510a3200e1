"""Deals under concurrency on PostgreSQL: two inquiries at once make one deal; two closes, one close event."""

from deals.models import Deal
from deals.services import deal_close, deal_open_or_continue
from marketplace.workflow import IllegalTransition, history

from ..concurrency import race, racing
from ..factories import PublishedListingFactory

TRIALS = 20


@racing
def test_two_inquiries_from_one_buyer_at_once_open_one_deal(university, buyer_org, buyer, buyer_colleague):
    for n in range(TRIALS):
        listing = PublishedListingFactory(owner=university)
        outcomes = race(
            lambda: deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body=f"A{n}"),
            lambda: deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer_colleague,
                                          body=f"B{n}"),
        )
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        deal = Deal.objects.get(listing=listing)
        assert {o.value.pk for o in outcomes} == {deal.pk}
        assert sorted(deal.messages.values_list("body", flat=True)) == [f"A{n}", f"B{n}"]
        assert history(deal).filter(action="open").count() == 1
        assert history(deal).filter(action="message").count() == 2


@racing
def test_both_sides_closing_at_once_close_once(university, seller, buyer_org, buyer):
    for n in range(TRIALS):
        listing = PublishedListingFactory(owner=university)
        deal = deal_open_or_continue(listing=listing, buyer=buyer_org, author=buyer, body="hi")
        outcomes = race(lambda: deal_close(deal=deal, actor=buyer, reason=f"buyer {n}"),
                        lambda: deal_close(deal=deal, actor=seller, reason=f"owner {n}"))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert isinstance(next(o.error for o in outcomes if not o.ok), IllegalTransition)
        events = history(deal).filter(action="close")
        assert events.count() == 1
        deal.refresh_from_db()
        winner = next(o.value for o in outcomes if o.ok)
        assert deal.status == "closed" and events.get().reason.startswith(("buyer", "owner"))
        assert winner.closed_at == deal.closed_at
