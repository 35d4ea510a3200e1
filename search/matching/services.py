"""Writes: the matches the platform proposed, and whether they led to an inquiry."""

from django.db.models import QuerySet
from django.utils import timezone

from marketplace.models import Listing
from marketplace.permissions import user_organisations

from ..models import MatchProposal
from .selectors import Match


def match_proposals_record(*, matches: list[Match]) -> dict[int, MatchProposal]:
    """Keep each proposed (demand, listing) pair once, with its latest score and reasons; by listing id."""
    proposals = {}
    for match in matches:
        proposal, _created = MatchProposal.objects.update_or_create(
            demand=match.demand,
            listing_id=match.listing_id,
            defaults={"score": match.score, "factors": match.factors},
        )
        proposals[match.listing_id] = proposal
    return proposals


def match_proposal_mark_inquired(*, listing: Listing, user) -> int:
    """The user contacted the owner of `listing`: its proposals to their organisations' demands led somewhere.

    Returns how many proposals were marked (the first inquiry counts; later ones change nothing)."""
    proposals: QuerySet = MatchProposal.objects.filter(
        listing=listing, demand__organisation__in=user_organisations(user), inquired_at__isnull=True
    )
    return proposals.update(inquired_at=timezone.now())
