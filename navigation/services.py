"""Writes of the navigation app: the applicant rows derived from patents, and saved reports."""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from marketplace.models import Patent, User
from marketplace.workflow import record_event

from .applicants import applicant_rows
from .models import PatentApplicant, SavedReport

REFRESH_CHUNK = 2000
CODE_LENGTH = 8


def patent_applicants_refresh(*, patent_ids: Iterable[int]) -> int:
    """Rewrite the applicant rows of these patents from their current `applicants`, in the caller's transaction
    (the import's or the save's), so the rows commit or roll back with the patents. Returns the rows written."""
    ids = list(patent_ids)
    written = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start:start + REFRESH_CHUNK]
        patents = Patent.objects.filter(pk__in=chunk).values_list("pk", "applicants", "province", "application_date")
        rows = [PatentApplicant(patent_id=pk, **values)
                for pk, applicants, province, filed in patents for values in applicant_rows(applicants, province, filed)]
        with transaction.atomic():
            PatentApplicant.objects.filter(patent_id__in=chunk).delete()
            PatentApplicant.objects.bulk_create(rows, batch_size=1000)
        written += len(rows)
    return written


def saved_report_create(*, user: User, title: str, parameters: str) -> tuple[SavedReport, bool]:
    """Save a report's parameters under a new short code; the same person saving the same parameters again (even
    at the same instant, from two tabs) gets the one saved first. Returns (report, created)."""
    digest = hashlib.sha256(parameters.encode("utf-8")).hexdigest()
    existing = SavedReport.objects.filter(created_by=user, parameters_hash=digest).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            report = SavedReport.objects.create(code=_new_code(), title=title[:200], parameters=parameters,
                                                parameters_hash=digest, created_by=user)
            record_event(report, action="save", to_state="saved", actor=user, data={"parameters": parameters})
    except IntegrityError:
        # Another request saved the same parameters between our look and our insert: theirs stands.
        return SavedReport.objects.get(created_by=user, parameters_hash=digest), False
    return report, True


def _new_code() -> str:
    """8 characters of URL-safe base64: 48 bits, so a collision is as good as impossible (and would only make
    the insert fail, never overwrite)."""
    return secrets.token_urlsafe(6)[:CODE_LENGTH]
