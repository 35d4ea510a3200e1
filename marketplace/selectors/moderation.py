"""What an operator should look at twice before approving a listing: who lists the patent, and on what right."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import Listing, Organisation
from ..services.listing_rights import organisation_is_applicant


@dataclass(frozen=True)
class ModerationFlag:
    code: str  # applicant_mismatch, listed_for_client, applicants_unknown, several_organisations, entered_by_hand
    message: str
    organisations: list[Organisation] = field(default_factory=list)


def listing_other_organisations(*, listing: Listing) -> list[Organisation]:
    """Other organisations with an active listing of the same patent."""
    if not listing.patent_id:
        return []
    return list(Organisation.objects.filter(
        listings__patent_id=listing.patent_id, listings__status__in=Listing.ACTIVE_STATES,
    ).exclude(pk=listing.owner_id).distinct().order_by("name_zh"))


def listing_moderation_flags(*, listing: Listing) -> list[ModerationFlag]:
    if not listing.patent_id:
        return []
    patent, owner = listing.patent, listing.owner
    flags = []
    if not patent.applicants:
        flags.append(ModerationFlag("applicants_unknown", _(
            "The register gives no applicant for this patent: check the owner's right to list it.")))
    elif not organisation_is_applicant(organisation=owner, patent=patent):
        facts = {"organisation": owner.name_zh, "applicants": "; ".join(patent.applicants)}
        if hasattr(listing, "mandate"):
            flags.append(ModerationFlag("listed_for_client", _(
                "%(organisation)s lists this patent for a client (applicants: %(applicants)s): check the attached "
                "mandate.") % facts))
        else:
            flags.append(ModerationFlag("applicant_mismatch", _(
                "%(organisation)s is not among the applicants (%(applicants)s).") % facts))
    if patent.source == "manual":
        flags.append(ModerationFlag("entered_by_hand", _(
            "The owner entered this patent by hand: check its number, title and applicants against the register.")))
    others = listing_other_organisations(listing=listing)
    if others:
        flags.append(ModerationFlag("several_organisations", _(
            "Other organisations also list this patent:"), organisations=others))
    return flags
