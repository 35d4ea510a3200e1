from django.db.models import Exists, OuterRef, Q, QuerySet

from ..models import Listing, ListingMandate, ListingRevision, Organisation
from ..permissions import can_manage_listing, is_operator
from .listing_revisions import revision_file_visible


def _with_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("owner", "patent", "pool").prefetch_related("deal_types")


def listing_list_published(*, owner: Organisation | None = None) -> QuerySet:
    """Published listings, newest first (one owner's when given)."""
    queryset = _with_relations(Listing.objects.filter(status=Listing.Status.PUBLISHED))
    return queryset if owner is None else queryset.filter(owner=owner)


def listing_get_public(*, pk: int) -> Listing:
    return _with_relations(Listing.objects.filter(status=Listing.Status.PUBLISHED)).prefetch_related(
        "pool__members__organisation", "pool__patents", "images", "attachments"
    ).get(pk=pk)


def listing_list_for_organisation(*, organisation: Organisation) -> QuerySet:
    """The organisation's listings, each marked `has_pending_changes` when edits of it await review."""
    pending = ListingRevision.objects.filter(listing=OuterRef("pk"), status=ListingRevision.Status.PENDING)
    return (_with_relations(Listing.objects.filter(owner=organisation))
            .annotate(has_pending_changes=Exists(pending)).order_by("-updated_at"))


def listing_list_awaiting_moderation() -> QuerySet:
    return (_with_relations(Listing.objects.filter(status=Listing.Status.SUBMITTED)).select_related("mandate")
            .order_by("submitted_at"))


def listing_list_related(*, listing: Listing, limit: int = 6) -> list[Listing]:
    """Other published listings in the same IPC class, same owner first."""
    klass = listing.patent.ipc_class if listing.patent_id else None
    queryset = listing_list_published().exclude(pk=listing.pk)
    if klass:
        queryset = queryset.filter(Q(patent__ipc_class=klass) | Q(pool__patents__ipc_class=klass))
    else:
        queryset = queryset.filter(owner=listing.owner)
    return list(queryset.distinct()[:limit])


def listing_counts() -> dict:
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    return {
        "listings": published.count(),
        "pools": published.filter(pool__isnull=False).count(),
        "owners": published.values("owner").distinct().count(),
    }


def listing_get_visible(*, pk: int, user) -> Listing:
    """Published listings for everyone; any other state only for the owner's members and operators."""
    listing = _with_relations(Listing.objects.all()).prefetch_related(
        "pool__members__organisation", "pool__patents", "images", "attachments"
    ).get(pk=pk)
    if not _visible_to(listing, user):
        raise Listing.DoesNotExist
    return listing


ENDED_STATES = (Listing.Status.TRANSACTED, Listing.Status.WITHDRAWN, Listing.Status.EXPIRED)


def listing_get_ended(*, pk: int) -> Listing:
    """A once-published listing that is no longer available (transacted, withdrawn or expired): its public page
    says so, rather than 404, so links to it keep working; Listing.DoesNotExist otherwise (one never published
    stays private)."""
    return Listing.objects.select_related("patent", "pool", "owner").get(
        pk=pk, status__in=ENDED_STATES, published_at__isnull=False)


def listing_file_visible(*, name: str, user) -> bool:
    """Whether a stored listing image or attachment (its storage name) may be fetched: when its listing's page
    may be seen; a file proposed in a revision, when the listing may be managed. A file no listing holds is not
    served."""
    proposed = revision_file_visible(name=name, user=user)
    if proposed is not None:
        return proposed
    listing = Listing.objects.filter(Q(images__image=name) | Q(attachments__file=name)).select_related("owner").first()
    return listing is not None and _visible_to(listing, user)


def listing_mandate_visible(*, name: str, user) -> bool:
    """A stored mandate goes only to its listing organisation's members and to operators, whatever the listing's
    state: it is the applicant's private paper."""
    mandate = ListingMandate.objects.filter(file=name).select_related("listing__owner").first()
    return mandate is not None and (is_operator(user) or can_manage_listing(user, mandate.listing))


def _visible_to(listing: Listing, user) -> bool:
    """Published listings for everyone; any other state only for the owner's members and operators."""
    return listing.status == Listing.Status.PUBLISHED or is_operator(user) or can_manage_listing(user, listing)


def listing_get_managed(*, pk: int, user) -> Listing:
    """A listing of one of the user's organisations (any state); DoesNotExist for anyone else's."""
    return _with_relations(Listing.objects.filter(owner__memberships__user=user)).select_related(
        "mandate").prefetch_related("images", "attachments").get(pk=pk)
