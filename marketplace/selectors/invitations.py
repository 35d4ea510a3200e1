from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Invitation, JoinRequest, Membership, Organisation
from ..organisation_names import organisation_name_key


def invitation_get_by_token(*, token: str) -> Invitation:
    return Invitation.objects.select_related("organisation", "invited_by").get(token=token)


def invitation_list_pending_for_organisation(*, organisation: Organisation) -> QuerySet:
    return Invitation.objects.filter(organisation=organisation, status=Invitation.Status.PENDING,
                                     expires_at__gt=timezone.now()).select_related("invited_by")


def invitation_list_pending_for_user(*, user) -> QuerySet:
    """Invitations waiting for an answer from the signed-in user's e-mail address."""
    if not user.email:
        return Invitation.objects.none()
    return Invitation.objects.filter(email=user.email.strip().lower(), status=Invitation.Status.PENDING,
                                     expires_at__gt=timezone.now()).select_related("organisation", "invited_by")


def join_request_list_pending_for_organisation(*, organisation: Organisation) -> QuerySet:
    return JoinRequest.objects.filter(organisation=organisation, status=JoinRequest.Status.PENDING).select_related(
        "user")


def join_request_list_for_user(*, user) -> QuerySet:
    return JoinRequest.objects.filter(user=user).select_related("organisation")[:20]


def organisation_search_joinable(*, query: str, user, limit: int = 20) -> QuerySet:
    """Organisations one may ask to join whose name contains `query` (in either language), not already joined."""
    key = organisation_name_key(query)
    if not key:
        return Organisation.objects.none()
    return (Organisation.objects.exclude(kind__in=Organisation.CLOSED_KINDS)
            .exclude(pk__in=Membership.objects.filter(user=user).values("organisation_id"))
            .filter(Q(name_key__contains=key) | Q(name_en__icontains=query.strip()))
            .order_by("name_zh")[:limit])
