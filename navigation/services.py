"""Writes of the navigation app: the applicant rows derived from patents, and saved reports."""

import hashlib
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from marketplace.bulk import rows_insert
from marketplace.models import Patent, User
from marketplace.workflow import record_event

from .applicants import PATENT_FIELDS, patent_facts
from .models import PatentApplicant, PatentFacts, SavedReport

REFRESH_CHUNK = 2000
CODE_LENGTH = 8


def patent_facts_refresh(*, patent_ids: Iterable[int]) -> int:
    """Rewrite the facts and applicant rows of these patents from their current fields, in the caller's
    transaction (the import's, the save's), so they commit or roll back with the patents. Returns the patents
    refreshed."""
    ids = list(patent_ids)
    refreshed = 0
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start:start + REFRESH_CHUNK]
        facts, rows = [], []
        for values in Patent.objects.filter(pk__in=chunk).values("pk", *PATENT_FIELDS):
            pk = values.pop("pk")
            own, applicants = patent_facts(**values)
            facts.append({"patent_id": pk, **own})
            rows += [{"patent_id": pk, **row} for row in applicants]
        # rows_insert: plain dicts through the driver's executemany, as the importer writes patents (building
        # model instances for bulk_create would cost more than the rest of the refresh).
        with transaction.atomic():
            PatentApplicant.objects.filter(patent_id__in=chunk).delete()
            PatentFacts.objects.filter(patent_id__in=chunk).delete()
            rows_insert(PatentFacts, facts)
            rows_insert(PatentApplicant, rows)
        refreshed += len(facts)
    return refreshed


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
