"""In Chromium: a member uploads a decompression bomb (form error) and a photo to a listing on the dashboard, and
the photo shows on the dashboard and on the listing's page, served through /media/ as in production."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ..factories import ListingFactory, MembershipFactory, UserFactory
from ..uploads import bomb_png, image_bytes
from .test_smoke import page  # noqa: F401 - the shared Chromium page fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def listing():
    call_command("setup_site", verbosity=0)
    member = MembershipFactory(user=UserFactory(username="tto"))
    return ListingFactory(owner=member.organisation)  # a draft: a published one's new photo waits for review


@pytest.mark.parametrize("width", [1280, 390])
def test_upload_a_bomb_then_a_photo(listing, live_server, page, tmp_path, width):  # noqa: F811 - data first
    (tmp_path / "bomb.png").write_bytes(bomb_png())
    (tmp_path / "photo.jpg").write_bytes(image_bytes("JPEG", (640, 400), color="teal"))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill("tto")
    page.locator("input[name=password]").fill("pass-word-123")
    page.locator("form [type=submit]").last.click()
    edit = f"{live_server.url}/dashboard/listings/{listing.pk}/"
    page.goto(edit)
    image_form = page.locator("form[action*='/upload/image/']")

    image_form.locator("input[type=file]").set_input_files(str(tmp_path / "bomb.png"))
    image_form.locator("[type=submit]").click()
    error = page.locator("form[action*='/upload/image/'] .errorlist")
    assert "40" in error.inner_text()
    expect(error).to_be_in_viewport()  # on a phone the upload forms come after the long details form
    page.screenshot(path=tmp_path / f"edit-error-{width}.png")

    page.locator("form[action*='/upload/image/'] input[type=file]").set_input_files(str(tmp_path / "photo.jpg"))
    page.locator("form[action*='/upload/image/'] input[name=caption]").fill("样品照片")
    page.locator("form[action*='/upload/image/'] [type=submit]").click()
    page.wait_for_url(edit + "#images")  # the fragment brings the images back into view on a phone
    thumbnail = page.locator(".media-list img").first
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 640
    page.screenshot(path=tmp_path / f"edit-uploaded-{width}.png", full_page=True)

    page.goto(f"{live_server.url}/listings/{listing.pk}/")
    photo = page.locator(".gallery img").first
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 640
    page.screenshot(path=tmp_path / f"detail-{width}.png", full_page=True)
