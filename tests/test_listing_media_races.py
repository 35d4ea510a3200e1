"""Uploads and deletions racing on one listing (PostgreSQL): the image limit holds, a file is deleted once."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import ListingImage
from marketplace.services.listing_media import MAX_IMAGES, listing_image_add, listing_image_delete
from marketplace.workflow import history

from .concurrency import race, racing
from .factories import ListingFactory
from .uploads import image_bytes

TRIALS = 10


def _add(listing, member):
    return listing_image_add(listing=listing, actor=member,
                             image=SimpleUploadedFile("photo.png", image_bytes(), content_type="image/png"))


@racing
def test_two_uploads_for_the_last_free_place_store_one(university, university_member):
    for _ in range(TRIALS):
        listing = ListingFactory(owner=university)
        for _ in range(MAX_IMAGES - 1):
            _add(listing, university_member)
        outcomes = race(lambda: _add(listing, university_member), lambda: _add(listing, university_member))
        assert sorted(o.ok for o in outcomes) == [False, True]
        assert isinstance(next(o.error for o in outcomes if not o.ok), ValidationError)
        assert listing.images.count() == MAX_IMAGES


@racing
def test_one_image_deleted_twice_at_once_is_deleted_and_audited_once(university, university_member):
    for _ in range(TRIALS):
        listing = ListingFactory(owner=university)
        image = _add(listing, university_member)
        outcomes = race(lambda: listing_image_delete(image=image, actor=university_member),
                        lambda: listing_image_delete(image=image, actor=university_member))
        assert all(o.ok for o in outcomes)
        assert not ListingImage.objects.filter(pk=image.pk).exists()
        assert history(listing).filter(action="image_delete").count() == 1
