"""The index follows listing writes (publish, withdraw, expire) through the signal and the Celery task."""

from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command

from marketplace.services.listings import (
    listing_create, listing_expire, listing_publish, listing_submit, listing_update, listing_withdraw,
)
from marketplace.selectors.listing_revisions import revision_get_pending
from marketplace.services.listing_revisions import listing_revision_approve
from search.backends.base import SearchQuery, SearchUnavailable
from search.services import index_listing, index_listings, search_rebuild
from search.tasks import index_listings_task
from tests.factories import ListingFactory, PatentFactory, PublishedListingFactory


def found(backend, text: str) -> list[int]:
    return [hit.listing_id for hit in backend.search(SearchQuery(text=text)).hits]


@pytest.fixture
def published(site_index, operator, university, university_member, django_capture_on_commit_callbacks):
    patent = PatentFactory(title_zh="一种储氢合金的制备方法", title_en="Method for preparing hydrogen storage alloy",
                           expiry_date=date(2035, 1, 1), applicants=[university.name_zh])
    with django_capture_on_commit_callbacks(execute=True):
        listing = listing_create(owner=university, patent=patent, deal_types=["assignment"], actor=university_member)
        listing_submit(listing=listing, actor=university_member)
    assert found(site_index, "储氢") == []  # submitted, not yet published
    with django_capture_on_commit_callbacks(execute=True):
        listing = listing_publish(listing=listing, actor=operator)
    return listing


def test_publishing_indexes_the_listing(published, site_index):
    assert found(site_index, "储氢") == [published.pk]
    assert found(site_index, "hydrogen storage") == [published.pk]


def test_approved_edits_are_reindexed(published, site_index, operator, university_member,
                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing_update(listing=published, actor=university_member, title_en="Magnesium hydride tank")
    assert found(site_index, "magnesium") == []  # awaiting review: the approved version stays public
    revision = revision_get_pending(listing=published)
    with django_capture_on_commit_callbacks(execute=True):
        listing_revision_approve(revision=revision, actor=operator, version=revision.version)
    assert found(site_index, "magnesium") == [published.pk]


def test_withdrawing_removes_the_listing(published, site_index, university_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing_withdraw(listing=published, actor=university_member)
    assert found(site_index, "储氢") == []


def test_expiry_removes_the_listing(published, site_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        listing_expire(listing=published, reason="patent expired")
    assert found(site_index, "储氢") == []


def test_index_listing_deletes_what_is_not_published(site_index, db):
    listing = PublishedListingFactory()
    assert index_listing(listing_id=listing.pk) is True
    listing.status = listing.Status.WITHDRAWN
    listing.save()
    assert index_listing(listing_id=listing.pk) is False
    assert index_listing(listing_id=999_999) is False
    assert site_index.search(SearchQuery()).total == 0


def test_task_retries_while_search_is_unavailable(site_index, db):
    listing = PublishedListingFactory()
    calls = []

    def flaky(*, listing_ids):
        calls.append(listing_ids)
        if len(calls) < 3:
            raise SearchUnavailable("down")
        return index_listings(listing_ids=listing_ids)

    with mock.patch("search.tasks.index_listings", side_effect=flaky):
        result = index_listings_task.apply(args=[[listing.pk]])
    assert result.successful() and result.result == 1
    assert calls == [[listing.pk]] * 3
    assert found(site_index, "锂离子电池") == [listing.pk]


def test_task_gives_up_after_its_retries(site_index, db):
    with mock.patch("search.tasks.index_listings", side_effect=SearchUnavailable("down")) as call:
        result = index_listings_task.apply(args=[[1]])
    assert result.failed() and call.call_count == index_listings_task.max_retries + 1


def test_rebuild_indexes_published_listings_only(site_index, db):
    published = PublishedListingFactory.create_batch(3)
    ListingFactory()  # a draft
    progress = []
    assert search_rebuild(progress=progress.append) == 3
    assert sum(progress) == 3
    assert sorted(hit.listing_id for hit in site_index.search(SearchQuery()).hits) == sorted(p.pk for p in published)


def test_rebuild_command(site_index, db, capsys):
    PublishedListingFactory.create_batch(2)
    call_command("rebuild_search_index")
    assert "Indexed 2 published listings." in capsys.readouterr().out
    assert site_index.search(SearchQuery()).total == 2


def test_a_bulk_import_is_indexed_in_one_batch(site_index, db, django_capture_on_commit_callbacks):
    from marketplace.services.listings import listings_publish_imported
    from tests.factories import OrganisationFactory, PatentFactory

    patents = PatentFactory.create_batch(3)
    with mock.patch("search.receivers.index_listings_task.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            imported = listings_publish_imported(owner=OrganisationFactory(), patents=patents)
    delay.assert_called_once_with(imported.created)
    assert index_listings(listing_ids=imported.created) == 3
