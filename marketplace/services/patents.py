"""Writes to patents entered by hand (the importer brings the bulk); derived facts come from patent_rules."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Patent
from ..patent_rules import expiry_date_for, ipc_parts, legal_status_for, patent_type_for, split_publication_number
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
        legal_status=legal_status_for(jurisdiction=jurisdiction, kind_code=kind_code, granted=False,
                                      expiry_date=expiry, today=timezone.localdate()),
        expiry_date=expiry,
        source="manual",
    )
    patent.full_clean()
    patent.save()
    record_event(patent, action="create", actor=actor, data={"source": "manual"})
    return patent


def listing_create_with_new_patent(*, owner, actor, patent_fields: dict, **listing_fields):
    """Register a patent and list it in one step: if the listing is refused, the patent is not kept either."""
    with transaction.atomic():
        patent = patent_create(actor=actor, **patent_fields)
        return listing_create(owner=owner, patent=patent, actor=actor, **listing_fields)
