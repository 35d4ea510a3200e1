from django.db.models import Count, Q, QuerySet

from ..models import Listing, Membership, Organisation, PatentPool
from ..organisation_names import organisation_name_key

PUBLISHED = Q(listings__status=Listing.Status.PUBLISHED)


def organisation_list_public(*, kind: str = "") -> QuerySet:
    """Organisations that offer or seek technology, with their number of published listings."""
    queryset = Organisation.objects.exclude(kind=Organisation.Kind.OPERATION_CENTRE).annotate(
        published_listings=Count("listings", filter=PUBLISHED)
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-published_listings", "name_zh")


def organisation_find_by_name(*, name: str) -> Organisation | None:
    """The organisation whose name reads the same as `name` (case, width and invisible characters aside)."""
    return Organisation.objects.filter(name_key=organisation_name_key(name)).first()


def organisation_kind_counts() -> dict[str, int]:
    rows = Organisation.objects.exclude(kind=Organisation.Kind.OPERATION_CENTRE).values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def organisation_get_public(*, slug: str) -> Organisation:
    return Organisation.objects.exclude(kind=Organisation.Kind.OPERATION_CENTRE).get(slug=slug)


def pool_list_for_organisation(*, organisation: Organisation) -> QuerySet:
    """Pools the organisation administers or belongs to."""
    return (PatentPool.objects.filter(Q(administrator=organisation) | Q(members__organisation=organisation))
            .annotate(patent_count=Count("patents", distinct=True)).distinct().order_by("name_zh"))


def organisation_member_ids(*organisation_ids: int | None, exclude=None) -> list[int]:
    """The ids of the active members of the organisations, without `exclude` (the user who made the change,
    who needs no notice of it): the people a deal's or a licence's news goes to."""
    members = Membership.objects.filter(organisation_id__in=[pk for pk in organisation_ids if pk],
                                        user__is_active=True)
    if getattr(exclude, "pk", None):
        members = members.exclude(user_id=exclude.pk)
    return sorted(set(members.values_list("user_id", flat=True)))
