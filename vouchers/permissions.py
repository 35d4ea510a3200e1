"""Who may do what with vouchers: an authority's members are its officers; an agency's and an enterprise's
members act for them; the operation centre sees everything but decides nothing here."""

from django.db.models import QuerySet

from marketplace.models import Organisation
from marketplace.permissions import is_member, is_operator, user_organisations

Kind = Organisation.Kind


def is_officer(user, authority: Organisation) -> bool:
    return authority.kind == Kind.VOUCHER_AUTHORITY and is_member(user, authority)


def officer_authorities(user) -> QuerySet:
    return user_organisations(user).filter(kind=Kind.VOUCHER_AUTHORITY)


def can_oversee(user, authority: Organisation) -> bool:
    """Officers of the authority, and the operation centre (read only)."""
    return is_officer(user, authority) or is_operator(user)
