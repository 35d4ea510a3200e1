"""Writes: the matches the platform proposed (an inquiry sent through `deals` marks them followed up)."""

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
