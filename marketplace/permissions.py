"""Who may do what. A user acts for the organisations it belongs to; the operation centre moderates."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Listing, Membership, Organisation


def user_organisations(user):
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def is_operator(user) -> bool:
    """Staff of the operation centre (or Django superusers) moderate the marketplace."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or Membership.objects.filter(
        user=user, organisation__kind=Organisation.Kind.OPERATION_CENTRE
    ).exists()


def operator_users():
    """Every user `is_operator` accepts, for admin code that asks "who may" rather than "may this user"."""
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(memberships__organisation__kind=Organisation.Kind.OPERATION_CENTRE)
    ).distinct()


def is_member(user, organisation: Organisation, *, admin: bool = False) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    memberships = Membership.objects.filter(user=user, organisation=organisation)
    if admin:
        memberships = memberships.filter(role=Membership.Role.ADMIN)
    return memberships.exists()


def can_manage_listing(user, listing: Listing) -> bool:
    return is_member(user, listing.owner)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
