"""Uploaded files (MEDIA_ROOT under MEDIA_URL), served by Django in every environment, production included.

A file goes out only from a folder with an access rule, with the Content-Type its extension has in an allow-list
(the upload code names files by their detected type, see marketplace/uploads.py), `nosniff`, and as a download
unless it is an image of an allowed type, so an uploaded file can never be rendered as a page of this site.
"""

import posixpath
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from deals.agreement_selectors import agreement_file_visible
from deals.selectors import deal_attachment_visible
from licences.disputes_selectors import dispute_file_visible
from marketplace.selectors.listings import listing_file_visible, listing_mandate_visible
from marketplace.uploads import CONTENT_TYPES
from vouchers.selectors.files import voucher_file_visible

INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
AccessRule = Callable[[HttpRequest, str], bool]


def everyone(request: HttpRequest, name: str) -> bool:
    return True


def listing_viewers(request: HttpRequest, name: str) -> bool:
    return listing_file_visible(name=name, user=request.user)


def mandate_viewers(request: HttpRequest, name: str) -> bool:
    return listing_mandate_visible(name=name, user=request.user)


def deal_participants(request: HttpRequest, name: str) -> bool:
    return deal_attachment_visible(name=name, user=request.user)


def deal_parties(request: HttpRequest, name: str) -> bool:
    return agreement_file_visible(name=name, user=request.user)


def dispute_viewers(request: HttpRequest, name: str) -> bool:
    return dispute_file_visible(name=name, user=request.user)


def voucher_parties(request: HttpRequest, name: str) -> bool:
    return voucher_file_visible(name=name, user=request.user)


# Who may fetch the files under each folder of MEDIA_ROOT (the first matching folder decides). Files in any other
# folder are not served: Wagtail documents (documents/) go through /documents/ and its privacy settings.
ACCESS_RULES: tuple[tuple[str, AccessRule], ...] = (
    ("original_images/", everyone),  # Wagtail images, uploaded by operators for the pages
    ("images/", everyone),  # their renditions
    ("listings/", listing_viewers),
    ("mandates/", mandate_viewers),  # private: the listing organisation and operators
    ("organisations/logos/", everyone),  # shown on the public organisation and listing pages
    ("deals/", deal_participants),  # private: the deal's two organisations and operators (404 for anyone else)
    ("agreements/", deal_parties),  # agreement PDFs: the deal's two organisations and the operators
    ("disputes/", dispute_viewers),  # evidence: the dispute's two parties and operators
    # Accreditation papers, deliverables, claim contracts and proofs: the parties, the authority's officers and
    # operators.
    ("vouchers/", voucher_parties),
)


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse | HttpResponseNotModified:
    name = posixpath.normpath(path).lstrip("/")
    try:
        file = Path(safe_join(settings.MEDIA_ROOT, name))
    except SuspiciousFileOperation:
        raise Http404 from None
    rule = next((rule for folder, rule in ACCESS_RULES if name.startswith(folder)), None)
    if rule is None or not file.is_file() or not rule(request, name):
        raise Http404
    modified = file.stat().st_mtime
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        return HttpResponseNotModified()
    content_type = CONTENT_TYPES.get(file.suffix.lower(), "application/octet-stream")
    response = FileResponse(file.open("rb"), content_type=content_type, filename=file.name,
                            as_attachment=content_type not in INLINE_TYPES)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Last-Modified"] = http_date(modified)
    if rule is not everyone:  # the answer depends on who asks: no shared cache may keep it
        patch_cache_control(response, private=True)
    return response
