import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from marketplace.models import AuditEvent, Listing, Patent
from marketplace.services import listings as svc
from marketplace.workflow import IllegalTransition, history

from .factories import ListingFactory, PatentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_listing_goes_draft_submitted_published_with_audit(university, university_member, operator, django_capture_on_commit_callbacks):
    listing = svc.listing_create(owner=university, patent=PatentFactory(), deal_types=["assignment"], actor=university_member)
    listing = svc.listing_submit(listing=listing, actor=university_member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        listing = svc.listing_publish(listing=listing, actor=operator, reason="looks good")
    assert callbacks, "side effects wait for the commit"
    assert listing.status == Listing.Status.PUBLISHED and listing.published_at
    events = list(history(listing).values_list("action", "from_state", "to_state", "actor__username"))
    assert events == [
        ("create", "", "draft", "tto"),
        ("submit", "draft", "submitted", "tto"),
        ("publish", "submitted", "published", "operator"),
    ]


def test_illegal_transition_raises_named_error_and_changes_nothing(university, university_member, operator):
    listing = ListingFactory(owner=university)
    with pytest.raises(IllegalTransition):
        svc.listing_publish(listing=listing, actor=operator)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
    assert not AuditEvent.objects.filter(action="publish").exists()


def test_reject_needs_a_reason_and_records_it(university, university_member, operator):
    listing = svc.listing_submit(listing=ListingFactory(owner=university), actor=university_member)
    with pytest.raises(ValueError):
        svc.listing_reject(listing=listing, actor=operator, reason="  ")
    listing = svc.listing_reject(listing=listing, actor=operator, reason="摘要不完整")
    assert listing.status == Listing.Status.REJECTED
    assert Listing.objects.get(pk=listing.pk).moderation_note == "摘要不完整"
    listing = svc.listing_revise(listing=listing, actor=university_member)
    assert listing.status == Listing.Status.DRAFT


def test_only_operators_moderate_and_only_members_submit(university, university_member):
    listing = ListingFactory(owner=university)
    with pytest.raises(PermissionDenied):
        svc.listing_submit(listing=listing, actor=UserFactory(username="stranger"))
    listing = svc.listing_submit(listing=listing, actor=university_member)
    with pytest.raises(PermissionDenied):
        svc.listing_publish(listing=listing, actor=university_member)


def test_published_listing_of_expired_patent_expires(university, university_member, operator):
    import datetime

    patent = PatentFactory(expiry_date=datetime.date(2030, 1, 1))
    listing = svc.listing_create(owner=university, patent=patent, deal_types=["assignment"], actor=university_member)
    svc.listing_publish(listing=svc.listing_submit(listing=listing, actor=university_member), actor=operator)
    assert svc.listings_expire_due(today=datetime.date(2029, 12, 31)) == 0
    assert svc.listings_expire_due(today=datetime.date(2030, 1, 2)) == 1
    listing.refresh_from_db()
    assert listing.status == Listing.Status.EXPIRED
    assert history(listing).last().action == "expire"


def test_an_expired_or_ended_patent_cannot_be_listed_submitted_or_published(university, university_member, operator):
    import datetime

    with pytest.raises(ValidationError, match="2001-01-01"):
        svc.listing_create(owner=university, patent=PatentFactory(expiry_date=datetime.date(2001, 1, 1)),
                           deal_types=["assignment"], actor=university_member)
    lapsed = PatentFactory(legal_status=Patent.LegalStatus.LAPSED, legal_status_as_of=datetime.date(2023, 3, 21),
                           legal_status_source=Patent.LegalStatusSource.EXPORT)
    with pytest.raises(ValidationError, match="不再有效"):
        svc.listing_create(owner=university, patent=lapsed, deal_types=["assignment"], actor=university_member)
    # A patent that ends while its listing is a draft, or awaits review, is stopped at the next step.
    patent = PatentFactory()
    draft = svc.listing_create(owner=university, patent=patent, deal_types=["assignment"], actor=university_member)
    Patent.objects.filter(pk=patent.pk).update(expiry_date=datetime.date(2001, 1, 1))
    draft.patent.refresh_from_db()
    with pytest.raises(ValidationError):
        svc.listing_submit(listing=draft, actor=university_member)
    Patent.objects.filter(pk=patent.pk).update(expiry_date=None)
    draft.patent.refresh_from_db()
    submitted = svc.listing_submit(listing=draft, actor=university_member)
    Patent.objects.filter(pk=patent.pk).update(legal_status=Patent.LegalStatus.EXPIRED)
    submitted.patent.refresh_from_db()
    with pytest.raises(ValidationError, match="不再有效"):
        svc.listing_publish(listing=submitted, actor=operator)


def test_listing_needs_price_or_negotiable_and_known_deal_type(university, university_member):
    with pytest.raises(ValidationError):
        svc.listing_create(owner=university, patent=PatentFactory(), deal_types=["barter"], actor=university_member)
    with pytest.raises(ValidationError):
        svc.listing_create(owner=university, patent=PatentFactory(), deal_types=["assignment"],
                           price_negotiable=False, actor=university_member)
    assert not Listing.objects.exists()
