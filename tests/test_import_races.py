"""Two imports of one file with --publish at once: no patent or listing twice, and no crash but a clear one."""

import pytest

from marketplace.importers.run import ImportAborted, patents_import
from marketplace.models import AuditEvent, Listing, Organisation, Patent

from .concurrency import race, racing
from .factories import OrganisationFactory
from .test_import import RECENT, _listable_count

OWNER = "某市知识产权运营有限公司"


def _import_publishing():
    return patents_import(path=RECENT, owner_name=OWNER)


@racing
def test_racing_imports_of_one_file_list_each_patent_once():
    OrganisationFactory(name_zh=OWNER, kind=Organisation.Kind.OPERATING_AGENCY)
    first, second = race(_import_publishing, _import_publishing)
    assert first.ok and second.ok, (first.error, second.error)
    # The owner's lock serialises them: one creates everything, the other finds it and updates.
    reports = sorted([first.value, second.value], key=lambda report: report.created)
    listable = _listable_count()
    assert [(r.created, r.updated, r.listed) for r in reports] == [(0, 17, 0), (17, 0, listable)]
    assert Patent.objects.count() == 17 and Listing.objects.count() == listable >= 5
    assert AuditEvent.objects.filter(content_type__model="listing").count() == 2 * listable


@racing
def test_racing_imports_creating_the_owner_fail_clearly_or_not_at_all():
    outcomes = race(_import_publishing, _import_publishing)
    for outcome in outcomes:
        assert outcome.ok or isinstance(outcome.error, ImportAborted), outcome.error
        if not outcome.ok:
            assert "nothing was written" in str(outcome.error)
    assert any(outcome.ok for outcome in outcomes)
    assert Organisation.objects.filter(name_zh=OWNER).count() == 1
    assert Patent.objects.count() == 17 and Listing.objects.count() == _listable_count() >= 5


@pytest.mark.django_db
def test_importing_for_an_owner_locks_its_row(monkeypatch):
    """On SQLite the lock is a no-op; what matters is that the run asks for it (checked on PostgreSQL above)."""
    locked = []
    monkeypatch.setattr("marketplace.importers.run.lock_row", lambda row: locked.append(row) or row)
    _import_publishing()
    assert [organisation.name_zh for organisation in locked] == [OWNER]
