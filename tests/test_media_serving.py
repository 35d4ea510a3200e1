"""Uploaded files are served by Django (ipmarket/media.py) in every environment, with headers that keep them from
ever being rendered as a page of the site, and only to who may see their listing."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from marketplace.models import Listing

from .factories import ListingFactory, PublishedListingFactory, UserFactory
from .test_settings import INTEGRATION_VARS, ROOT
from .uploads import PDF, gif_with_script, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, university_member, site_pages):
    client.force_login(university_member)
    return client


def upload(client, listing, kind: str, file: SimpleUploadedFile):
    field, extra = ("image", {"caption": "样品"}) if kind == "image" else ("file", {"title": "技术说明"})
    response = client.post(f"/dashboard/listings/{listing.pk}/upload/{kind}/", {field: file, **extra})
    assert response.status_code == 302, response.context and response.context[f"{kind}_form"].errors
    items = listing.images if kind == "image" else listing.attachments
    return getattr(items.latest("pk"), field)


def test_gif_with_a_script_is_served_as_a_gif_that_no_browser_will_sniff(member_client, university):
    listing = ListingFactory(owner=university)
    stored = upload(member_client, listing, "image",
                    SimpleUploadedFile("evil.html", gif_with_script(), content_type="text/html"))
    response = member_client.get(stored.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'inline; filename="{Path(stored.name).name}"'
    assert b"".join(response.streaming_content) == gif_with_script()
    page = member_client.get(f"/listings/{listing.pk}/").content.decode()
    assert f'src="{stored.url}"' in page


def test_pdf_is_served_as_a_download(member_client, university):
    listing = ListingFactory(owner=university)
    stored = upload(member_client, listing, "attachment", SimpleUploadedFile("spec.pdf", PDF))
    response = member_client.get(stored.url)
    assert response.status_code == 200
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/pdf", "nosniff")
    assert response["Content-Disposition"] == f'attachment; filename="{Path(stored.name).name}"'
    assert f'href="{stored.url}"' in member_client.get(f"/listings/{listing.pk}/").content.decode()


def test_a_file_stored_under_a_name_of_another_type_goes_out_as_a_download(client, university, settings):
    """Files uploaded before names were generated keep the client's extension: none is served as a page."""
    listing = PublishedListingFactory(owner=university)
    name = "listings/images/2025/01/evil.html"
    (Path(settings.MEDIA_ROOT) / name).parent.mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / name).write_bytes(gif_with_script())
    listing.images.create(image=name)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("application/octet-stream", "nosniff")
    assert response["Content-Disposition"] == 'attachment; filename="evil.html"'


def test_paths_outside_the_media_folders_are_not_served(member_client, university, settings):
    listing = ListingFactory(owner=university)
    stored = upload(member_client, listing, "image", SimpleUploadedFile("photo.png", image_bytes()))
    media = Path(settings.MEDIA_ROOT)
    (media.parent / "settings").write_text("SECRET_KEY = 'x'")
    (media / "documents").mkdir(exist_ok=True)
    (media / "documents" / "private.pdf").write_bytes(PDF)  # Wagtail's: served by /documents/ with its privacy
    (media / "listings" / "images" / "orphan.png").write_bytes(image_bytes())  # no listing holds it
    assert member_client.get(stored.url).status_code == 200
    for path in ("/media/../settings", "/media/%2e%2e/settings", "/media/listings/../../settings",
                 f"/media/{stored.name}/../../../../../settings", "/media//etc/passwd", "/media/",
                 "/media/listings/images/", "/media/documents/private.pdf", "/media/listings/images/orphan.png"):
        assert member_client.get(path).status_code == 404, path
    assert member_client.get("/media/listings/images/%00.png").status_code == 400  # refused before any view
    assert member_client.post(stored.url).status_code == 405


def test_files_of_an_unpublished_listing_are_only_served_to_who_may_see_the_listing(member_client, university,
                                                                                     operator):
    client = Client()
    listing = ListingFactory(owner=university, status=Listing.Status.DRAFT)
    image = upload(member_client, listing, "image", SimpleUploadedFile("photo.png", image_bytes()))
    pdf = upload(member_client, listing, "attachment", SimpleUploadedFile("spec.pdf", PDF))
    for url in (image.url, pdf.url):
        response = member_client.get(url)
        assert response.status_code == 200 and "private" in response["Cache-Control"]
        client.force_login(operator)
        assert client.get(url).status_code == 200
        client.force_login(UserFactory(username="stranger"))
        assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 404
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.PUBLISHED)
    assert client.get(image.url).status_code == client.get(pdf.url).status_code == 200


# Production: gunicorn with the production settings serves uploaded files (path traversal is tested above; an
# error page here would need collectstatic's manifest, which the Docker image has and this test does not build).

PRODUCTION_SETUP = """
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from marketplace.models import Listing, Organisation, Patent
from marketplace.services.listing_media import listing_attachment_add, listing_image_add
from django.contrib.auth import get_user_model
operator = get_user_model().objects.create_superuser("operator", "op@example.cn", "pass-word-123")
owner = Organisation.objects.create(name_zh="测试大学", slug="test", kind=Organisation.Kind.UNIVERSITY)
patent = Patent.objects.create(publication_number="CN1100000C", title_zh="测试专利")
listing = Listing.objects.create(owner=owner, patent=patent, title_zh="测试")
image = listing_image_add(listing=listing, actor=operator, image=SimpleUploadedFile("evil.html", {gif!r}))
pdf = listing_attachment_add(listing=listing, actor=operator, title="说明", file=SimpleUploadedFile("a.pdf", {pdf!r}))
# Files added while a draft, then published (a published listing's new files wait for review).
Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.PUBLISHED, published_at=timezone.now())
print(image.image.url, pdf.file.url)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str):
    """A request as the TLS-terminating proxy forwards it (production redirects plain HTTP to HTTPS)."""
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"}),
                                      timeout=60)  # the first request waits for the worker to load Django
    except urllib.error.HTTPError as error:
        return error


def test_production_gunicorn_serves_uploaded_files(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in INTEGRATION_VARS}
    env.update(DJANGO_SETTINGS_MODULE="ipmarket.settings.production", SECRET_KEY="a-real-secret-key-for-this-test",
               ALLOWED_HOSTS="127.0.0.1", SECURE_COOKIES="false", IPMARKET_VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", SEARCH_EMBEDDED_PATH=str(tmp_path / "s.sqlite3"))
    env.pop("MEDIA_ROOT", None)
    env.pop("STATIC_ROOT", None)
    run = dict(cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    # The apps the setup writes to: marketplace, and navigation, whose rows follow every patent saved.
    for app in ("marketplace", "navigation"):
        migrated = subprocess.run([sys.executable, "manage.py", "migrate", app, "--noinput"], **run)
        assert migrated.returncode == 0, migrated.stderr
    setup = subprocess.run([sys.executable, "-c", PRODUCTION_SETUP.format(gif=gif_with_script(), pdf=PDF)], **run)
    assert setup.returncode == 0, setup.stderr
    image_url, pdf_url = setup.stdout.split()
    assert (tmp_path / "media" / image_url.removeprefix("/media/")).is_file()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "ipmarket.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1", "--control-socket", str(tmp_path / "gunicorn.ctl")],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        image = fetch(base + image_url)
        assert image.status == 200 and image.read() == gif_with_script()
        assert (image.headers["Content-Type"], image.headers["X-Content-Type-Options"]) == ("image/gif", "nosniff")
        assert image.headers["Content-Disposition"].startswith("inline;")
        pdf = fetch(base + pdf_url)
        assert pdf.status == 200 and pdf.headers["Content-Type"] == "application/pdf"
        assert pdf.headers["Content-Disposition"].startswith("attachment;")
    finally:
        server.terminate()
        server.wait(timeout=30)
