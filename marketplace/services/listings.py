"""Writes to listings. Every status change goes through LISTING_WORKFLOW and is audited."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AuditEvent, Listing, Organisation, Patent, PatentPool
from ..notices import notice_send
from ..permissions import can_manage_listing, is_operator, require
from ..sectors import sector_for_ipc
from ..selectors.organisations import organisation_member_ids
from ..signals import listing_changed
from ..workflow import IllegalTransition, Transition, Workflow, auto_now_fields, lock_row, record_event
from .common import deal_types_resolve, send_on_commit

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
) -> Listing:
    if (patent is None) == (pool is None):
        raise ValidationError(_("A listing offers exactly one patent or one pool."))
    require(owner.trades_on_marketplace, _("%(kind)s organisations cannot list patents.")
            % {"kind": owner.get_kind_display()})
    if actor is not None:
        require(is_operator(actor) or owner.memberships.filter(user=actor).exists(),
                _("You can only list on behalf of your own organisation."))
    found = deal_types_resolve(deal_types)
    _validate_price(asking_price, price_negotiable)
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
        listing.full_clean()
        listing.save()
        listing.deal_types.set(found)
        record_event(listing, action="create", to_state=listing.status, actor=actor,
                     data={"offers": getattr(source, "publication_number", None) or pool.identifier})
    return listing


def listing_update(*, listing: Listing, actor, deal_types: Iterable[str] | None = None, **fields) -> Listing:
    """Change an editable listing's details; its status is only ever changed by a transition."""
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
        changed = {name: value for name, value in fields.items() if getattr(listing, name) != value}
        for name, value in changed.items():
            setattr(listing, name, value)
        _validate_price(listing.asking_price, listing.price_negotiable)
        listing.full_clean()
        listing.save(update_fields=[*changed, *auto_now_fields(listing)])
        if found is not None:
            listing.deal_types.set(found)
            changed["deal_types"] = [deal_type.code for deal_type in found]
        record_event(listing, action="edit", from_state=listing.status, to_state=listing.status, actor=actor,
                     data={"fields": sorted(changed)})
        send_on_commit(listing_changed, listing_ids=[listing.pk], action="edit")
    return listing


def _transition(listing: Listing, action: str, *, actor, reason: str = "", timestamps=()) -> Listing:
    listing = LISTING_WORKFLOW.apply(listing, action, actor=actor, reason=reason, timestamps=timestamps)
    if action == "reject":
        Listing.objects.filter(pk=listing.pk).update(moderation_note=reason)
        listing.moderation_note = reason
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
    require(can_manage_listing(actor, listing), _("Only the owner's members can revise this listing."))
    return _transition(listing, "revise", actor=actor)


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


@dataclass
class ImportedListings:
    created: list[Listing]
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
    commit.
    Patents already expired, lapsed or invalidated are skipped, never published.
    """
    patents = list(patents)
    found = deal_types_resolve(deal_types)
    already_listed = set(Listing.objects.filter(owner=owner, patent__in=patents).values_list("patent_id", flat=True))
    today, now = timezone.localdate(), timezone.now()
    listings, skipped = [], []
    for patent in patents:
        if patent.pk in already_listed:
            continue
        if patent.expiry_date is not None and patent.expiry_date < today:
            skipped.append((patent.publication_number, f"expired on {patent.expiry_date}"))
        elif patent.legal_status in ENDED_LEGAL_STATUSES:
            skipped.append((patent.publication_number, f"legal status {patent.legal_status}"))
        else:
            listings.append(Listing(
                owner=owner, patent=patent, title_zh=patent.title_zh[:300], title_en=patent.title_en[:300],
                description_zh=patent.abstract_zh, description_en=patent.abstract_en, price_negotiable=True,
                sector=sector_for_ipc(patent.ipc_main or patent.ipc_class), status=S.PUBLISHED, published_at=now,
            ))
    content_type = ContentType.objects.get_for_model(Listing)
    through = Listing.deal_types.through
    with transaction.atomic():
        Listing.objects.bulk_create(listings)
        through.objects.bulk_create([through(listing_id=listing.pk, dealtype_id=deal_type.pk)
                                     for listing in listings for deal_type in found])
        AuditEvent.objects.bulk_create([
            AuditEvent(content_type=content_type, object_id=str(listing.pk), action=action, from_state=source,
                       to_state=target, reason=reason, data={"offers": listing.patent.publication_number})
            for listing in listings
            for action, source, target in (("create", "", S.DRAFT), ("publish", S.DRAFT, S.PUBLISHED))
        ])
        if listings:
            send_on_commit(listing_changed, listing_ids=[listing.pk for listing in listings], action="publish")
    return ImportedListings(created=listings, skipped=skipped)
