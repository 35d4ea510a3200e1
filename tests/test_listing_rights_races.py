"""Two submissions of the same patent by one organisation racing each other (PostgreSQL): one listing."""

from django.core.exceptions import ValidationError

from marketplace.models import Listing
from marketplace.services.listings import listing_create, listing_revise

from .concurrency import race, racing
from .factories import ListingFactory, PatentFactory

TRIALS = 10


def _create(university, member, patent):
    return listing_create(owner=university, patent=patent, deal_types=["assignment"], actor=member)


@racing
def test_two_submissions_of_one_patent_make_one_listing(university, university_member):
    for _ in range(TRIALS):
        patent = PatentFactory(applicants=[university.name_zh])
        outcomes = race(lambda patent=patent: _create(university, university_member, patent),
                        lambda patent=patent: _create(university, university_member, patent))
        assert sorted(o.ok for o in outcomes) == [False, True]
        refusal = next(o.error for o in outcomes if not o.ok)
        assert isinstance(refusal, ValidationError) and refusal.code == "already_listed"
        assert Listing.objects.filter(patent=patent).count() == 1


@racing
def test_reviving_a_withdrawn_listing_while_listing_the_patent_anew_leaves_one_active(university,
                                                                                     university_member):
    for _ in range(TRIALS):
        patent = PatentFactory(applicants=[university.name_zh])
        withdrawn = ListingFactory(owner=university, patent=patent, status=Listing.Status.WITHDRAWN)
        outcomes = race(lambda patent=patent: _create(university, university_member, patent),
                        lambda withdrawn=withdrawn: listing_revise(listing=withdrawn, actor=university_member))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert all(isinstance(o.error, ValidationError) for o in outcomes if not o.ok)
        assert Listing.objects.filter(patent=patent, status__in=Listing.ACTIVE_STATES).count() == 1
