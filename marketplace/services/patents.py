"""Writes to patents entered by hand (the importer brings the bulk); derived facts come from patent_rules."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..data_sources import ENTERED_BY_OWNER
from ..models import Patent
from ..patent_rules import (
    ENDED_BY_TERM,
    expiry_date_for,
    ipc_parts,
    latest_term_end,
    legal_status_fact,
    patent_type_for,
    split_publication_number,
)
from ..signals import patents_written
from ..workflow import record_event
from .listings import listing_create


def patent_create(
    *,
    publication_number: str,
    actor=None,
    title_zh: str = "",
    title_en: str = "",
    abstract_zh: str = "",
    abstract_en: str = "",
    ipc_codes: Iterable[str] = (),
    application_number: str = "",
    application_date: date | None = None,
    publication_date: date | None = None,
    applicants: Iterable[str] = (),
) -> Patent:
    number = publication_number.strip().upper().replace(" ", "")
    jurisdiction, _digits, kind_code = split_publication_number(number)
    if not jurisdiction:
        raise ValidationError({"publication_number": _("Enter a publication number such as CN1109268C.")})
    if Patent.objects.filter(publication_number=number).exists():
        raise ValidationError({"publication_number": _("Patent %(number)s already exists; choose it instead.")
                               % {"number": number}})
    if not (title_zh.strip() or title_en.strip()):
        raise ValidationError({"title_zh": _("Give the patent's title in at least one language.")})
    codes = [code.replace(" ", "").upper() for code in ipc_codes if code.strip()]
    bad = [code for code in codes if not ipc_parts(code)[1]]
    if bad:
        raise ValidationError({"ipc_codes": _("“%(code)s” is not an IPC code (e.g. H01M4/58).") % {"code": bad[0]}})
    if application_date and publication_date and publication_date < application_date:
        raise ValidationError({"publication_date": _("The publication date cannot precede the application date.")})
    patent_type = patent_type_for(jurisdiction=jurisdiction, kind_code=kind_code,
                                  application_number=application_number)
    expiry = expiry_date_for(jurisdiction=jurisdiction, patent_type=patent_type, application_date=application_date)
    section, klass = ipc_parts(codes[0]) if codes else ("", "")
    status, status_source, status_as_of = legal_status_fact(
        jurisdiction=jurisdiction, patent_type=patent_type, publication_number=number, kind_code=kind_code,
        application_number=application_number, application_date=application_date,
        publication_date=publication_date, grant_date=None, granted=False, today=timezone.localdate())
    patent = Patent(
        publication_number=number,
        application_number=application_number.strip().upper(),
        kind_code=kind_code,
        patent_type=patent_type,
        jurisdiction=jurisdiction,
        title_zh=title_zh.strip(),
        title_en=title_en.strip(),
        abstract_zh=abstract_zh.strip(),
        abstract_en=abstract_en.strip(),
        ipc_main=codes[0] if codes else "",
        ipc_codes=codes,
        ipc_section=section,
        ipc_class=klass,
        applicants=[name.strip() for name in applicants if name.strip()],
        application_date=application_date,
        publication_date=publication_date,
        legal_status=status,
        legal_status_source=status_source,
        legal_status_as_of=status_as_of,
        expiry_date=expiry,
        source=ENTERED_BY_OWNER,
    )
    patent.full_clean()
    patent.save()
    record_event(patent, action="create", actor=actor, data={"source": ENTERED_BY_OWNER})
    return patent


TERM_FIELDS = ("jurisdiction", "patent_type", "publication_number", "kind_code", "application_number",
               "application_date", "publication_date", "grant_date")


def patents_expire_due(*, today: date | None = None) -> int:
    """Mark expired (derived from the term) the patents whose longest possible term has ended since their status
    was recorded. Each change is conditional on the status read, so a status an owner or operator stated
    meanwhile is never overwritten. Returns how many were marked."""
    today = today or timezone.localdate()
    candidates = (Patent.objects.filter(legal_status__in=ENDED_BY_TERM)
                  .filter(Q(expiry_date__lt=today) | Q(expiry_date__isnull=True))
                  .only("pk", "legal_status", "legal_status_source", "legal_status_as_of", *TERM_FIELDS))
    marked = 0
    for patent in candidates.iterator(chunk_size=2000):
        end = latest_term_end(**{name: getattr(patent, name) for name in TERM_FIELDS})
        if end is None or end >= today:
            continue
        with transaction.atomic():
            changed = Patent.objects.filter(pk=patent.pk, legal_status=patent.legal_status,
                                            legal_status_source=patent.legal_status_source).update(
                legal_status=Patent.LegalStatus.EXPIRED, legal_status_source=Patent.LegalStatusSource.TERM,
                legal_status_as_of=end, updated_at=timezone.now())
            if changed:
                patents_written.send(sender=Patent, patent_ids=[patent.pk])
                record_event(patent, action="expire", from_state=patent.legal_status,
                             to_state=Patent.LegalStatus.EXPIRED, reason=f"longest term ended by {end}")
                marked += 1
    return marked


def listing_create_with_new_patent(*, owner, actor, patent_fields: dict, **listing_fields):
    """Register a patent and list it in one step: if the listing is refused, the patent is not kept either."""
    with transaction.atomic():
        patent = patent_create(actor=actor, **patent_fields)
        return listing_create(owner=owner, patent=patent, actor=actor, **listing_fields)
