"""Notices about a listing that its owner's members must hear of (marketplace.notices: in-app at once, by e-mail
after the commit, each in the member's own language)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value

from .models import Listing


def _listing_expired(*, listing_id: int) -> dict:
    listing = Listing.objects.select_related("patent").get(pk=listing_id)
    title = bilingual_value(listing, "title")
    status = listing.patent.legal_status_summary if listing.patent_id else _("every patent in the pool has expired")
    return {"headline": _("Listing no longer available: %(title)s") % {"title": title},
            "body": _("“%(title)s” was taken off the marketplace because its patent is no longer in force "
                      "(%(status)s). Buyers see that it is no longer available.") % {"title": title, "status": status},
            "path": reverse("dashboard_listing_edit", args=[listing.pk])}


NOTICE_KINDS = {"listing_expired": _listing_expired}
