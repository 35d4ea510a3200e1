"""Reads for the API: tokens and who manages them, and the public sets the site shows only through listings."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from marketplace.models import Membership, Patent, PatentPool
from marketplace.permissions import user_organisations
from marketplace.selectors.listings import listing_list_published

from .models import ApiToken


def can_manage_tokens_of(*, actor, user) -> bool:
    """The user themself, or an administrator of an organisation the user belongs to."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return actor.pk == user.pk or Membership.objects.filter(
        user=actor, role=Membership.Role.ADMIN, organisation__memberships__user=user).exists()


def can_create_tokens_for(*, actor, user) -> bool:
    """The user themself, or an administrator of *every* organisation the user belongs to: a key acts as the
    user everywhere, so an administrator of one of their organisations must not get one that opens the others."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.pk == user.pk:
        return True
    theirs = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return bool(theirs) and theirs <= _administered_ids(actor)


def _administered_ids(actor) -> set[int]:
    return set(Membership.objects.filter(user=actor, role=Membership.Role.ADMIN)
               .values_list("organisation_id", flat=True))


def api_token_by_digest(*, digest: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(digest=digest).first()


def api_tokens_visible(*, actor) -> QuerySet:
    """The actor's own tokens and those of the members of the organisations the actor administers."""
    administered = Membership.objects.filter(user=actor, role=Membership.Role.ADMIN).values("organisation")
    members = Membership.objects.filter(organisation__in=administered).values("user")
    return (ApiToken.objects.filter(Q(user=actor) | Q(user__in=members)).select_related("user", "created_by")
            .distinct())


def api_token_users(*, actor) -> QuerySet:
    """Whom the actor may make tokens for (can_create_tokens_for): themself, and the members of the
    organisations they administer who belong to no other organisation."""
    administered = _administered_ids(actor)
    members = Membership.objects.filter(organisation_id__in=administered).values("user_id")
    organisations: dict[int, set[int]] = {}
    for user_id, organisation_id in Membership.objects.filter(user_id__in=members).values_list(
            "user_id", "organisation_id"):
        organisations.setdefault(user_id, set()).add(organisation_id)
    allowed = [user_id for user_id, theirs in organisations.items() if theirs <= administered]
    return get_user_model().objects.filter(Q(pk=actor.pk) | Q(pk__in=allowed)).order_by("username")


def patent_list_public() -> QuerySet:
    """Patents offered by a published listing, alone or in a pool: the only patents the site shows."""
    published = listing_list_published()
    return (Patent.objects.filter(Q(listings__in=published) | Q(pools__listings__in=published))
            .distinct().order_by("-publication_date", "pk"))


def pool_list_public() -> QuerySet:
    """Pools offered by a published listing."""
    return (PatentPool.objects.filter(listings__in=listing_list_published()).select_related("administrator")
            .prefetch_related("licence_types", "patents").distinct().order_by("name_zh", "pk"))


def organisations_of(user) -> QuerySet:
    return user_organisations(user)


def pool_get(*, slug: str) -> PatentPool:
    return PatentPool.objects.get(slug=slug)
