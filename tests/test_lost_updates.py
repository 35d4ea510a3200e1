"""No lost updates: an edit never writes back a status that a transition changed in the meantime.

The stale tests are deterministic (an edit made from an instance read before a transition); the races fire the
edit and the transition together from threads on PostgreSQL, 20 trials per transition, and check the row
against its audit trail.
"""

from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from marketplace.admin import ListingAdmin
from marketplace.models import Demand, Listing
from marketplace.services import listings as svc
from marketplace.services.demands import demand_close, demands_expire_due
from marketplace.workflow import IllegalTransition, history

from .concurrency import race, racing
from .factories import DemandFactory, ListingFactory

S = Listing.Status
TRIALS = 20


def _transitions(member, operator) -> dict[str, tuple[str, str, Callable]]:
    """action → (state the stale edit reads, state the transition starts from, the transition)."""
    return {
        "submit": (S.DRAFT, S.DRAFT, lambda lst: svc.listing_submit(listing=lst, actor=member)),
        "publish": (S.DRAFT, S.SUBMITTED, lambda lst: svc.listing_publish(listing=lst, actor=operator)),
        "reject": (S.DRAFT, S.SUBMITTED, lambda lst: svc.listing_reject(listing=lst, actor=operator, reason="no")),
        "revise": (S.REJECTED, S.REJECTED, lambda lst: svc.listing_revise(listing=lst, actor=member)),
        "withdraw": (S.PUBLISHED, S.PUBLISHED, lambda lst: svc.listing_withdraw(listing=lst, actor=member)),
        "mark_transacted": (S.PUBLISHED, S.PUBLISHED,
                            lambda lst: svc.listing_mark_transacted(listing=lst, actor=operator)),
        "expire": (S.PUBLISHED, S.PUBLISHED, lambda lst: svc.listing_expire(listing=lst, reason="patent expired")),
    }


def _stale_listing(owner, read_state: str, start_state: str) -> tuple[Listing, Listing]:
    """A listing in `start_state`, and an instance of it read while it was in `read_state`."""
    listing = ListingFactory(owner=owner, status=read_state)
    stale = Listing.objects.get(pk=listing.pk)
    Listing.objects.filter(pk=listing.pk).update(status=start_state)
    return listing, stale


def _edit(stale: Listing, member, n: int):
    try:
        return svc.listing_update(listing=stale, actor=member, title_en=f"Edited {n}", asking_price=Decimal(n),
                                  price_negotiable=False)
    except ValidationError:
        return None  # the listing had left the editable states: refusing the edit is right


def audit_matches_row(obj) -> bool:
    """Each audited status change starts where the previous one ended, and the last one is the row's status."""
    obj.refresh_from_db()
    state = None
    for event in history(obj).order_by("pk"):
        # Factories make rows without a creation event: the trail starts at its first event.
        if state is not None and event.from_state != state:
            return False
        state = event.to_state
    return state == obj.status


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["submit", "publish", "reject", "revise", "withdraw", "mark_transacted", "expire"])
def test_edit_from_a_stale_instance_keeps_the_transition(action, university, university_member, operator):
    read_state, start_state, transition = _transitions(university_member, operator)[action]
    listing, stale = _stale_listing(university, read_state, S.DRAFT if action in ("publish", "reject") else read_state)
    if action in ("publish", "reject"):
        svc.listing_submit(listing=listing, actor=university_member)
    moved = transition(listing)

    _edit(stale, university_member, 1)

    listing.refresh_from_db()
    assert listing.status == moved.status


@racing
@pytest.mark.parametrize("action", ["submit", "publish", "reject", "revise", "withdraw", "mark_transacted", "expire"])
def test_edit_racing_a_transition_never_loses_it(action, university, university_member, operator):
    read_state, start_state, transition = _transitions(university_member, operator)[action]
    lost, contradicted = 0, 0
    for n in range(TRIALS):
        listing, stale = _stale_listing(university, read_state, start_state)
        edit, moved = race(lambda: _edit(stale, university_member, n), lambda: transition(listing))
        assert edit.ok and moved.ok, (edit.error, moved.error)
        listing.refresh_from_db()
        lost += listing.status != moved.value.status
        contradicted += not audit_matches_row(listing)
    print(f"edit x {action}: {TRIALS} trials, {lost} lost transitions, {contradicted} audit trails contradicting the row")
    assert (lost, contradicted) == (0, 0)


@racing
def test_two_edits_at_once_both_audited_and_last_one_wins_whole(university, university_member):
    for n in range(TRIALS):
        listing = ListingFactory(owner=university)
        first, second = race(lambda: _edit(listing, university_member, 100),
                             lambda: _edit(listing, university_member, 200))
        assert first.ok and second.ok
        listing.refresh_from_db()
        # Each edit is applied whole under the lock: title and price always come from the same edit.
        assert (listing.title_en, listing.asking_price) in {("Edited 100", 100), ("Edited 200", 200)}
        assert history(listing).filter(action="edit").count() == 2


@racing
def test_demand_closed_twice_or_expired_at_once_changes_once(university_member):
    for n in range(TRIALS):
        demand = DemandFactory(organisation=university_member.organisations.get(),
                               deadline="2000-01-01" if n % 2 else None)
        second = (lambda: demands_expire_due()) if n % 2 else (lambda: demand_close(demand=demand, actor=university_member))
        first, other = race(lambda: demand_close(demand=demand, actor=university_member), second)
        outcomes = [first, other]
        assert all(o.ok or isinstance(o.error, IllegalTransition) for o in outcomes), outcomes
        demand.refresh_from_db()
        assert demand.status in (Demand.Status.CLOSED, Demand.Status.EXPIRED)
        assert history(demand).exclude(action="create").count() == 1
        assert audit_matches_row(demand)


def _admin_edit(stale: Listing, user) -> None:
    """What the Django admin does when an operator saves a listing form where only the English title changed."""
    stale.title_en = "Edited in the admin"
    request = RequestFactory().post("/")
    request.user = user
    ListingAdmin(Listing, admin.site).save_model(request, stale, SimpleNamespace(changed_data=["title_en"]), True)


@pytest.mark.django_db
def test_admin_edit_writes_only_the_changed_fields(university, admin_user):
    listing, stale = _stale_listing(university, S.PUBLISHED, S.WITHDRAWN)
    _admin_edit(stale, admin_user)
    listing.refresh_from_db()
    assert (listing.status, listing.title_en) == (S.WITHDRAWN, "Edited in the admin")
    assert history(listing).get(action="admin_edit").data == {"fields": ["title_en"]}


@racing
def test_admin_edit_racing_a_withdrawal_keeps_it(university, university_member, admin_user):
    for n in range(TRIALS):
        listing, stale = _stale_listing(university, S.PUBLISHED, S.PUBLISHED)
        race(lambda: _admin_edit(stale, admin_user), lambda: svc.listing_withdraw(listing=listing, actor=university_member))
        listing.refresh_from_db()
        assert listing.status == S.WITHDRAWN
