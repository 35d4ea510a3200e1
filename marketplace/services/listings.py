"""Writes to listings. Every status change goes through LISTING_WORKFLOW and is audited."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..bulk import rows_insert
from ..models import Listing, Organisation, Patent, PatentPool
from ..notices import notice_send
from ..permissions import can_manage_listing, is_operator, require
from ..sectors import sector_for_ipc
from ..selectors.organisations import organisation_member_ids
from ..signals import listing_changed
from ..workflow import IllegalTransition, Transition, Workflow, auto_now_fields, lock_row, record_event, record_events
from .common import deal_types_resolve, send_on_commit
from .listing_rights import listing_duplicate_check, listing_mandate_attach, listing_right_check
from .listing_revisions import (
    DEAL_TYPES,
    MATERIAL_FIELDS,
    listing_material_changes,
    listing_revision_propose,
    listing_revisions_make_stale,
)

S = Listing.Status
LISTING_WORKFLOW = Workflow(
    "status",
    {
        "submit": Transition(frozenset({S.DRAFT}), S.SUBMITTED),
        "publish": Transition(frozenset({S.SUBMITTED}), S.PUBLISHED),
        "reject": Transition(frozenset({S.SUBMITTED}), S.REJECTED, needs_reason=True),
        "revise": Transition(frozenset({S.REJECTED, S.WITHDRAWN}), S.DRAFT),
        "withdraw": Transition(frozenset({S.PUBLISHED, S.SUBMITTED}), S.WITHDRAWN),
        "mark_transacted": Transition(frozenset({S.PUBLISHED}), S.TRANSACTED),
        "expire": Transition(frozenset({S.PUBLISHED}), S.EXPIRED),
    },
)
EDITABLE_STATES = {S.DRAFT, S.REJECTED, S.PUBLISHED}
EDITABLE_FIELDS = (
    "title_zh", "title_en", "description_zh", "description_en", "asking_price", "currency",
    "price_negotiable", "trl", "sector", "requires_nda",
)


def _validate_price(asking_price: Decimal | None, price_negotiable: bool) -> None:
    if asking_price is not None and asking_price < 0:
        raise ValidationError({"asking_price": _("The asking price cannot be negative.")})
    if asking_price is None and not price_negotiable:
        raise ValidationError({"asking_price": _("Give an asking price or mark the price as negotiable.")})


def listing_create(
    *,
    owner: Organisation,
    patent: Patent | None = None,
    pool: PatentPool | None = None,
    deal_types: Iterable[str],
    actor=None,
    title_zh: str = "",
    title_en: str = "",
    description_zh: str = "",
    description_en: str = "",
    asking_price: Decimal | None = None,
    currency: str = "CNY",
    price_negotiable: bool = True,
    trl: int | None = None,
    sector: str = Listing._meta.get_field("sector").default,
    requires_nda: bool = False,
    mandate: UploadedFile | None = None,
) -> Listing:
    """A draft listing of a patent or a pool. A patent is listed by an applicant or an agency with its mandate,
    once at a time per organisation (listing_rights)."""
    if (patent is None) == (pool is None):
        raise ValidationError(_("A listing offers exactly one patent or one pool."))
    require(owner.trades_on_marketplace, _("%(kind)s organisations cannot list patents.")
            % {"kind": owner.get_kind_display()})
    if actor is not None:
        require(is_operator(actor) or owner.memberships.filter(user=actor).exists(),
                _("You can only list on behalf of your own organisation."))
    found = deal_types_resolve(deal_types)
    _validate_price(asking_price, price_negotiable)
    if patent is not None:
        listing_right_check(owner=owner, patent=patent, mandate=mandate)
        listing_duplicate_check(owner=owner, patent=patent)
    source = patent or pool
    with transaction.atomic():
        listing = Listing(
            owner=owner,
            patent=patent,
            pool=pool,
            title_zh=title_zh or (patent.title_zh if patent else pool.name_zh),
            title_en=title_en or (patent.title_en if patent else pool.name_en),
            description_zh=description_zh or (patent.abstract_zh if patent else pool.description_zh),
            description_en=description_en or (patent.abstract_en if patent else pool.description_en),
            asking_price=asking_price,
            currency=currency,
            price_negotiable=price_negotiable,
            trl=trl,
            sector=sector,
            requires_nda=requires_nda,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        listing.title_zh, listing.title_en = listing.title_zh[:300], listing.title_en[:300]
        if patent is not None:
            _ensure_not_expired(listing)  # a pool is checked when it is submitted, with its members known
        listing.full_clean(validate_constraints=False)  # the unique constraint is the database's, below
        try:
            with transaction.atomic():
                listing.save()
        except IntegrityError:
            if patent is not None:  # another submission of the patent won the race: say so
                listing_duplicate_check(owner=owner, patent=patent)
            raise
        listing.deal_types.set(found)
        record_event(listing, action="create", to_state=listing.status, actor=actor,
                     data={"offers": getattr(source, "publication_number", None) or pool.identifier})
        if mandate is not None:
            listing_mandate_attach(listing=listing, file=mandate, actor=actor)
    return listing


def listing_update(*, listing: Listing, actor, deal_types: Iterable[str] | None = None, **fields) -> Listing:
    """Change an editable listing's details; its status is only ever changed by a transition.

    On a published listing, changes to material fields (listing_revisions.MATERIAL_FIELDS, deal types) become
    its pending revision, reviewed before they are public; the others are saved at once.
    """
    require(can_manage_listing(actor, listing) or is_operator(actor), _("You cannot edit this listing."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    found = deal_types_resolve(deal_types) if deal_types is not None else None
    with transaction.atomic():
        listing = lock_row(listing)
        if listing.status not in EDITABLE_STATES:
            raise ValidationError(_("A listing in state “%(state)s” cannot be edited.")
                                  % {"state": listing.get_status_display()})
        reviewed = {}
        if listing.status == S.PUBLISHED:
            reviewed = listing_material_changes(listing=listing, fields=fields, deal_types=found)
            fields = {name: value for name, value in fields.items() if name not in MATERIAL_FIELDS}
            found = None
        _validate_proposal(listing, {**fields, **reviewed})
        changed = {name: value for name, value in fields.items() if getattr(listing, name) != value}
        for name, value in changed.items():
            setattr(listing, name, value)
        listing.full_clean()
        listing.save(update_fields=[*changed, *auto_now_fields(listing)])
        if found is not None:
            listing.deal_types.set(found)
            changed["deal_types"] = [deal_type.code for deal_type in found]
        if listing.status == S.PUBLISHED:
            listing_revision_propose(listing=listing, actor=actor, changes=reviewed)
        if changed or listing.status != S.PUBLISHED:
            record_event(listing, action="edit", from_state=listing.status, to_state=listing.status, actor=actor,
                         data={"fields": sorted(changed)})
            send_on_commit(listing_changed, listing_ids=[listing.pk], action="edit")
    return listing


def _validate_proposal(listing: Listing, values: dict) -> None:
    """The listing as it would be with `values` (deal types aside) must be valid, whether saved now or once
    reviewed: checked on a copy, so the locked instance keeps the approved values."""
    proposal = Listing(**{f.attname: getattr(listing, f.attname) for f in Listing._meta.concrete_fields})
    for name, value in values.items():
        if name != DEAL_TYPES:
            setattr(proposal, name, Listing._meta.get_field(name).to_python(value))
    _validate_price(proposal.asking_price, proposal.price_negotiable)
    proposal.full_clean(validate_unique=False, validate_constraints=False)


# Transitions after which a listing is no longer public: changes still awaiting review can never apply.
LEAVES_CATALOGUE = {"withdraw", "mark_transacted", "expire"}


def _transition(listing: Listing, action: str, *, actor, reason: str = "", timestamps=()) -> Listing:
    with transaction.atomic():
        listing = LISTING_WORKFLOW.apply(listing, action, actor=actor, reason=reason, timestamps=timestamps)
        if action == "reject":
            Listing.objects.filter(pk=listing.pk).update(moderation_note=reason)
            listing.moderation_note = reason
        if action in LEAVES_CATALOGUE:
            listing_revisions_make_stale(listing=listing, listing_action=action)
    send_on_commit(listing_changed, listing_ids=[listing.pk], action=action)
    return listing


def listing_submit(*, listing: Listing, actor) -> Listing:
    require(can_manage_listing(actor, listing), _("Only the owner's members can submit this listing."))
    _ensure_not_expired(listing)
    return _transition(listing, "submit", actor=actor, timestamps=("submitted_at",))


def listing_publish(*, listing: Listing, actor, reason: str = "") -> Listing:
    require(is_operator(actor), _("Only the operation centre can approve listings."))
    _ensure_not_expired(listing)
    return _transition(listing, "publish", actor=actor, reason=reason, timestamps=("published_at",))


def listing_reject(*, listing: Listing, actor, reason: str) -> Listing:
    require(is_operator(actor), _("Only the operation centre can reject listings."))
    return _transition(listing, "reject", actor=actor, reason=reason)


def listing_revise(*, listing: Listing, actor) -> Listing:
    """Back to draft; a withdrawn listing only if its organisation has no other active listing of the patent."""
    require(can_manage_listing(actor, listing), _("Only the owner's members can revise this listing."))
    if listing.patent_id:
        listing_duplicate_check(owner=listing.owner, patent=listing.patent, exclude=listing)
    try:
        return _transition(listing, "revise", actor=actor)
    except IntegrityError:
        listing_duplicate_check(owner=listing.owner, patent=listing.patent, exclude=listing)
        raise


def listing_withdraw(*, listing: Listing, actor, reason: str = "") -> Listing:
    require(can_manage_listing(actor, listing) or is_operator(actor), _("You cannot withdraw this listing."))
    return _transition(listing, "withdraw", actor=actor, reason=reason)


def listing_mark_transacted(*, listing: Listing, actor, reason: str = "") -> Listing:
    require(can_manage_listing(actor, listing) or is_operator(actor), _("You cannot close this listing."))
    return _transition(listing, "mark_transacted", actor=actor, reason=reason)


def listing_transact_by_licence(*, listing: Listing, reason: str, actor=None) -> Listing:
    """System action: an exclusive licence or an assignment of the listing was recorded (licences.services),
    possibly on a payment provider's word with nobody signed in; `actor` is whoever triggered it, if anyone."""
    return _transition(listing, "mark_transacted", actor=actor, reason=reason)


def listing_expire(*, listing: Listing, reason: str) -> Listing:
    """System action: the offered patent (or every patent in the pool) has expired or is no longer in force.
    The owner's members are told; the search index drops it when the change commits."""
    listing = _transition(listing, "expire", actor=None, reason=reason)
    notice_send(kind="listing_expired", params={"listing_id": listing.pk},
                recipient_ids=organisation_member_ids(listing.owner_id))
    return listing


def _ensure_not_expired(listing: Listing) -> None:
    expiry = listing_expiry_date(listing)
    if expiry is not None and expiry < timezone.localdate():
        raise ValidationError(_("The patent expired on %(date)s and cannot be published.") % {"date": expiry})
    patents = [listing.patent] if listing.patent_id else list(listing.pool.patents.all())
    ended = [patent for patent in patents if patent.legal_status in ENDED_LEGAL_STATUSES]
    if ended and (listing.patent_id or len(ended) == len(patents)):
        raise ValidationError(_("Patent %(number)s is no longer in force: %(status)s. It cannot be offered.") % {
            "number": ended[0].publication_number, "status": ended[0].legal_status_summary})


def listing_expiry_date(listing: Listing) -> date | None:
    """A patent listing ends with its patent; a pool with the last of its patents (unknown if any is unknown)."""
    if listing.patent_id:
        return listing.patent.expiry_date
    dates = [p.expiry_date for p in listing.pool.patents.all()]
    if not dates or any(d is None for d in dates):
        return None
    return max(dates)


def listings_expire_due(*, today: date | None = None) -> int:
    """Take off the marketplace the published listings whose patents have expired or ended (see
    patents_refresh_legal_status, run first by the same task). Returns how many were expired."""
    today = today or timezone.localdate()
    expired = 0
    candidates = Listing.objects.filter(status=S.PUBLISHED).select_related("patent", "pool")
    patent_due = candidates.filter(Q(patent__expiry_date__lt=today) | Q(patent__legal_status__in=ENDED_LEGAL_STATUSES))
    pool_due = [lst for lst in candidates.filter(pool__isnull=False).prefetch_related("pool__patents")
                if _pool_ended(lst, today)]
    for listing in [*patent_due, *pool_due]:
        try:
            listing_expire(listing=listing, reason=_expiry_reason(listing))
        except IllegalTransition:
            continue  # its owner withdrew or closed it meanwhile: it is no longer available either way
        expired += 1
    return expired


def _pool_ended(listing: Listing, today: date) -> bool:
    patents = list(listing.pool.patents.all())
    last_expiry = listing_expiry_date(listing)
    return bool(patents) and ((last_expiry is not None and last_expiry < today)
                              or all(patent.legal_status in ENDED_LEGAL_STATUSES for patent in patents))


def _expiry_reason(listing: Listing) -> str:
    patent = listing.patent
    if patent is not None and patent.legal_status in ENDED_LEGAL_STATUSES:
        return f"patent {patent.legal_status} as of {patent.legal_status_as_of or 'an unknown date'}"
    return f"patent expired on {listing_expiry_date(listing)}"


IMPORT_DEAL_TYPES = ("non_exclusive_licence", "assignment")
# Patents (or applications) no longer in force, or never to be: nothing to license or sell.
ENDED_LEGAL_STATUSES = {Patent.LegalStatus.EXPIRED, Patent.LegalStatus.LAPSED, Patent.LegalStatus.INVALIDATED,
                        Patent.LegalStatus.REFUSED, Patent.LegalStatus.WITHDRAWN}
# What publishing an imported patent reads of it: load only these (`.only(*LISTED_PATENT_FIELDS)`) for speed.
LISTED_PATENT_FIELDS = ("publication_number", "title_zh", "title_en", "abstract_zh", "abstract_en", "ipc_main",
                        "ipc_class", "legal_status", "legal_status_as_of", "legal_status_source",
                        "expiry_date")


@dataclass
class ImportedListings:
    created: list[int]  # the new listings' ids
    skipped: list[tuple[str, str]]  # (publication number, why no listing was published)


def listings_publish_imported(
    *,
    owner: Organisation,
    patents: Iterable[Patent],
    deal_types: Iterable[str] = IMPORT_DEAL_TYPES,
    reason: str = "imported",
) -> ImportedListings:
    """Publish, in bulk, a listing for each imported patent the owner has not listed yet.

    Imports skip moderation (whoever runs the import speaks for the owner) but not the audit trail: each
    listing gets create and publish events without an actor, and one listing_changed for the batch is sent on
    commit (the search index takes the batch in one call). Patents already expired, lapsed or invalidated are
    skipped, never published. Concurrent imports for one owner must be serialised by the caller (the importer
    locks the owner's row), or both could list the same patent.
    """
    patents = list(patents)
    found = deal_types_resolve(deal_types)
    already_listed = set(Listing.objects.filter(owner=owner, patent_id__in=[patent.pk for patent in patents])
                         .values_list("patent_id", flat=True))
    today, now = timezone.localdate(), timezone.now()
    rows, skipped = [], []
    for patent in patents:
        if patent.pk in already_listed:
            continue
        if patent.expiry_date is not None and patent.expiry_date < today:
            skipped.append((patent.publication_number, f"expired on {patent.expiry_date}"))
        elif patent.legal_status in ENDED_LEGAL_STATUSES:
            skipped.append((patent.publication_number, f"legal status {patent.legal_status}"))
        else:
            rows.append({
                "owner_id": owner.pk, "patent_id": patent.pk, "title_zh": patent.title_zh[:300],
                "title_en": patent.title_en[:300], "description_zh": patent.abstract_zh,
                "description_en": patent.abstract_en, "price_negotiable": True,
                "sector": sector_for_ipc(patent.ipc_main or patent.ipc_class), "status": S.PUBLISHED,
                "published_at": now,
            })
    if not rows:
        return ImportedListings(created=[], skipped=skipped)
    numbers = {patent.pk: patent.publication_number for patent in patents}
    through = Listing.deal_types.through
    with transaction.atomic():
        rows_insert(Listing, rows)
        listed = dict(Listing.objects.filter(owner=owner, patent_id__in=[row["patent_id"] for row in rows])
                      .values_list("pk", "patent_id"))
        rows_insert(through, [{"listing_id": pk, "dealtype_id": deal_type.pk} for pk in listed for deal_type in found])
        record_events(Listing, [
            (pk, action, source, target, {"offers": numbers[patent_id]})
            for pk, patent_id in listed.items()
            for action, source, target in (("create", "", S.DRAFT), ("publish", S.DRAFT, S.PUBLISHED))
        ], reason=reason)
        send_on_commit(listing_changed, listing_ids=sorted(listed), action="publish", bulk=True)
    return ImportedListings(created=sorted(listed), skipped=skipped)
