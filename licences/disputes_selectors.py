"""Reads of disputes: only the deal's two parties and the centre's operators see one (or its evidence files)."""

from django.db.models import Q, QuerySet

from deals.models import Deal
from marketplace.permissions import is_operator, user_organisations
from marketplace.workflow import history

from .models import Dispute, DisputeEvidence


def _visible_to(user) -> QuerySet:
    disputes = Dispute.objects.select_related("deal__listing", "deal__buyer", "deal__seller", "opened_for",
                                              "licence")
    if is_operator(user):
        return disputes
    organisations = user_organisations(user)
    return disputes.filter(Q(deal__buyer__in=organisations) | Q(deal__seller__in=organisations))


def dispute_get_for_user(*, pk: int, user) -> Dispute:
    """Dispute.DoesNotExist for anyone but the parties and operators, as for an id that does not exist."""
    return _visible_to(user).get(pk=pk)


def disputes_of_deal(*, deal: Deal) -> QuerySet:
    return deal.disputes.order_by("-created_at", "-pk")


def disputes_live(*, user) -> QuerySet:
    """The live disputes `user` can see (every one for an operator), oldest first: the centre's work list."""
    return _visible_to(user).filter(status__in=Dispute.LIVE).order_by("created_at", "pk")


def dispute_events(*, dispute: Dispute) -> QuerySet:
    return history(dispute).order_by("created_at", "pk")


def dispute_file_visible(*, name: str, user) -> bool:
    """Whether a stored evidence file may be fetched: by whoever may see its dispute."""
    evidence = DisputeEvidence.objects.filter(file=name).first()
    return evidence is not None and _visible_to(user).filter(pk=evidence.dispute_id).exists()
