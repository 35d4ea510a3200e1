"""Notices about a listing that its owner's members must hear of: taken off the marketplace, or the changes they
proposed approved or not (marketplace.notices: in-app at once, by e-mail after the commit, each in the member's
own language)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value

from .models import Listing, ListingRevision


def _listing_expired(*, listing_id: int) -> dict:
    listing = Listing.objects.select_related("patent").get(pk=listing_id)
    title = bilingual_value(listing, "title")
    status = listing.patent.legal_status_summary if listing.patent_id else _("every patent in the pool has expired")
    return {"headline": _("Listing no longer available: %(title)s") % {"title": title},
            "body": _("“%(title)s” was taken off the marketplace because its patent is no longer in force "
                      "(%(status)s). Buyers see that it is no longer available.") % {"title": title, "status": status},
            "path": reverse("dashboard_listing_edit", args=[listing.pk])}


def _listing_name(revision: ListingRevision) -> str:
    return f"{revision.listing.identifier} · {bilingual_value(revision.listing, 'title')}"


def _approved(*, revision_id: int) -> dict:
    revision = ListingRevision.objects.select_related("listing__patent", "listing__pool").get(pk=revision_id)
    return {
        "headline": _("Changes approved: %(listing)s") % {"listing": revision.listing.identifier},
        "body": _("Your changes to “%(listing)s” were approved and are now public.")
        % {"listing": _listing_name(revision)},
        "path": reverse("dashboard_listing_edit", args=[revision.listing_id]),
    }


def _rejected(*, revision_id: int) -> dict:
    revision = ListingRevision.objects.select_related("listing__patent", "listing__pool").get(pk=revision_id)
    return {
        "headline": _("Changes not approved: %(listing)s") % {"listing": revision.listing.identifier},
        "body": _("Your changes to “%(listing)s” were not approved: %(reason)s. The listing stays as it was.")
        % {"listing": _listing_name(revision), "reason": revision.moderation_note},
        "path": reverse("dashboard_listing_edit", args=[revision.listing_id]),
    }


NOTICE_KINDS = {"listing_expired": _listing_expired, "listing_revision_approved": _approved,
                "listing_revision_rejected": _rejected}
