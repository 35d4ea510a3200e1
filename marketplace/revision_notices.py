"""Notices to a listing's owner about the changes they proposed (marketplace.notices renders them in each
reader's language)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cms.templatetags.ipmarket import bilingual_value

from .models import ListingRevision


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


NOTICE_KINDS = {"listing_revision_approved": _approved, "listing_revision_rejected": _rejected}
