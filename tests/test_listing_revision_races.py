"""Decisions on proposed changes racing with the owner and with each other (PostgreSQL): nothing unreviewed is
published, no proposal is lost, and one decision wins."""

from django.core.exceptions import ValidationError

from marketplace.models import ListingRevision, Membership
from marketplace.selectors.listing_revisions import revision_get_pending
from marketplace.services.listing_revisions import (
    RevisionStale,
    listing_revision_approve,
    listing_revision_reject,
)
from marketplace.services.listings import listing_update, listing_withdraw
from marketplace.workflow import IllegalTransition, history

from .concurrency import race, racing
from .factories import MembershipFactory, PublishedListingFactory, UserFactory

TRIALS = 10
R = ListingRevision.Status


def _proposed(university, member, title):
    listing = PublishedListingFactory(owner=university, title_zh="原标题")
    listing_update(listing=listing, actor=member, title_zh=title)
    return listing, revision_get_pending(listing=listing)


@racing
def test_operator_approving_while_owner_edits_publishes_only_what_was_reviewed(university, university_member,
                                                                              operator):
    for _ in range(TRIALS):
        listing, revision = _proposed(university, university_member, "审核过的标题")
        reviewed = revision.version
        outcomes = race(
            lambda: listing_revision_approve(revision=revision, actor=operator, version=reviewed),
            lambda: listing_update(listing=listing, actor=university_member, title_zh="未审核的标题"),
        )
        approve, edit = outcomes
        assert edit.ok, edit.error
        listing.refresh_from_db()
        pending = revision_get_pending(listing=listing)
        assert listing.title_zh != "未审核的标题", "an unreviewed proposal was published"
        assert pending is not None and pending.changes == {"title_zh": "未审核的标题"}, "the owner's edit was lost"
        if approve.ok:  # the decision first: the edit became a new proposal on the approved version
            assert listing.title_zh == "审核过的标题" and pending.pk != revision.pk
        else:  # the edit first: the operator must review the new version
            assert isinstance(approve.error, ValidationError) and not isinstance(approve.error, RevisionStale)
            assert listing.title_zh == "原标题" and pending.pk == revision.pk


@racing
def test_two_operators_deciding_the_same_revision_one_wins(university, university_member, operator):
    centre = Membership.objects.get(user=operator).organisation
    colleague = MembershipFactory(organisation=centre, user=UserFactory(username="operator-2")).user
    for _ in range(TRIALS):
        listing, revision = _proposed(university, university_member, "新标题")
        version = revision.version
        outcomes = race(
            lambda: listing_revision_approve(revision=revision, actor=operator, version=version),
            lambda: listing_revision_reject(revision=revision, actor=colleague, version=version, reason="不实"),
        )
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert isinstance(next(o.error for o in outcomes if not o.ok), IllegalTransition)
        revision.refresh_from_db()
        listing.refresh_from_db()
        decisions = history(revision).filter(action__in=["approve", "reject"])
        assert decisions.count() == 1
        if outcomes[0].ok:
            assert revision.status == R.APPROVED and listing.title_zh == "新标题"
        else:
            assert revision.status == R.REJECTED and listing.title_zh == "原标题"


@racing
def test_approving_while_the_owner_withdraws_the_listing(university, university_member, operator):
    for _ in range(TRIALS):
        listing, revision = _proposed(university, university_member, "新标题")
        version = revision.version
        approve, withdraw = race(
            lambda: listing_revision_approve(revision=revision, actor=operator, version=version),
            lambda: listing_withdraw(listing=listing, actor=university_member),
        )
        assert withdraw.ok, withdraw.error
        revision.refresh_from_db()
        listing.refresh_from_db()
        if approve.ok:
            assert revision.status == R.APPROVED and listing.title_zh == "新标题"
        else:
            assert isinstance(approve.error, RevisionStale)
            assert revision.status == R.STALE and listing.title_zh == "原标题"
