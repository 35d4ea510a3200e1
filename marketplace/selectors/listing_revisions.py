"""Reads of proposed changes to published listings: the owner's pending revision, the operators' queue, and
the field-by-field difference an operator reviews."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Value
from django.utils.translation import gettext as _

from ..models import DealType, Listing, ListingRevision, RevisionAttachment, RevisionImage
from ..permissions import can_manage_listing, is_operator
from ..services.listing_revisions import DEAL_TYPES

PENDING = ListingRevision.Status.PENDING


def revision_get_pending(*, listing: Listing) -> ListingRevision | None:
    return (ListingRevision.objects.filter(listing=listing, status=PENDING)
            .prefetch_related("added_images", "added_attachments", "removed_images", "removed_attachments")
            .first())


def revision_get_latest(*, listing: Listing) -> ListingRevision | None:
    """The listing's most recent revision, whatever its state (the owner sees why the last one was rejected)."""
    return ListingRevision.objects.filter(listing=listing).first()


def revision_list_awaiting_review() -> QuerySet:
    """Pending revisions, the longest-waiting first, each with how many files it adds or removes."""
    files = sum((Count(name, distinct=True) for name in
                 ("added_images", "added_attachments", "removed_images", "removed_attachments")), Value(0))
    return (ListingRevision.objects.filter(status=PENDING).annotate(file_changes=files)
            .select_related("listing__owner", "listing__patent", "listing__pool").order_by("updated_at"))


def revision_get_for_review(*, pk: int) -> ListingRevision:
    return ListingRevision.objects.select_related(
        "listing__owner", "listing__patent", "listing__pool", "created_by"
    ).prefetch_related("added_images", "added_attachments", "removed_images", "removed_attachments").get(pk=pk)


def revision_proposed_values(*, listing: Listing, revision: ListingRevision | None, names) -> dict:
    """The listing's values of `names` (and its deal types) as the owner last proposed them."""
    changes = revision.changes if revision else {}
    values = {name: Listing._meta.get_field(name).to_python(changes[name]) if name in changes
              else getattr(listing, name) for name in names}
    codes = changes.get(DEAL_TYPES)
    values[DEAL_TYPES] = list(DealType.objects.filter(code__in=codes) if codes is not None
                              else listing.deal_types.all())
    return values


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RevisionDiff:
    fields: list[FieldChange] = field(default_factory=list)
    images_removed: list = field(default_factory=list)
    images_added: list = field(default_factory=list)
    attachments_removed: list = field(default_factory=list)
    attachments_added: list = field(default_factory=list)

    @property
    def media_changed(self) -> bool:
        return bool(self.images_removed or self.images_added or self.attachments_removed or self.attachments_added)


def revision_diff(*, revision: ListingRevision) -> RevisionDiff:
    """Each proposed change against the listing as it is public now, in the active language."""
    listing = revision.listing
    diff = RevisionDiff(
        images_removed=list(revision.removed_images.all()), images_added=list(revision.added_images.all()),
        attachments_removed=list(revision.removed_attachments.all()),
        attachments_added=list(revision.added_attachments.all()),
    )
    for name, value in revision.changes.items():
        if name == DEAL_TYPES:
            old = ", ".join(str(d) for d in listing.deal_types.all())
            new = ", ".join(str(d) for d in DealType.objects.filter(code__in=value))
            diff.fields.append(FieldChange(_("Deal types"), old, new))
            continue
        model_field = Listing._meta.get_field(name)
        diff.fields.append(FieldChange(str(model_field.verbose_name).capitalize(),
                                       _display(getattr(listing, name)),
                                       _display(model_field.to_python(value))))
    return diff


def _display(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def revision_file_visible(*, name: str, user) -> bool | None:
    """Whether a proposed file (its storage name) may be fetched: by the owner's members and operators only.
    None when no revision holds a file of that name."""
    item = (RevisionImage.objects.filter(image=name).select_related("revision__listing__owner").first()
            or RevisionAttachment.objects.filter(file=name).select_related("revision__listing__owner").first())
    if item is None:
        return None
    return is_operator(user) or can_manage_listing(user, item.revision.listing)


