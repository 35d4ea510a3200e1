"""Token writes racing each other on PostgreSQL: the database, not a check-then-write, decides."""

from django.core.exceptions import ValidationError

from api import services
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from marketplace.models import AuditEvent, Membership
from tests.concurrency import race, racing
from tests.factories import MembershipFactory, UserFactory


def _admin_and_member():
    admin = MembershipFactory(user=UserFactory(username="admin")).user
    member = MembershipFactory(organisation=admin.organisations.get(), user=UserFactory(username="member"),
                               role=Membership.Role.MEMBER).user
    return admin, member


@racing
def test_two_creations_of_one_name_make_one_token_and_a_clear_refusal():
    admin, member = _admin_and_member()
    outcomes = race(lambda: api_token_create(user=member, name="ERP", actor=member),
                    lambda: api_token_create(user=member, name="ERP", actor=admin))
    assert sorted(outcome.ok for outcome in outcomes) == [False, True]
    refused = next(outcome.error for outcome in outcomes if not outcome.ok)
    assert isinstance(refused, ValidationError) and "ERP" in str(refused.message_dict["name"])
    assert ApiToken.objects.filter(user=member, name="ERP").count() == 1
    assert AuditEvent.objects.filter(content_type__model="apitoken", action="create").count() == 1


@racing
def test_creations_racing_past_the_limit_stop_at_it(monkeypatch):
    monkeypatch.setattr(services, "MAX_LIVE_TOKENS", 2)
    _admin, member = _admin_and_member()
    api_token_create(user=member, name="first", actor=member)
    outcomes = race(*[lambda name=name: api_token_create(user=member, name=name, actor=member)
                      for name in ("second", "third", "fourth")])
    assert sum(outcome.ok for outcome in outcomes) == 1
    assert all(isinstance(outcome.error, ValidationError) for outcome in outcomes if not outcome.ok)
    assert ApiToken.objects.filter(user=member, revoked_at__isnull=True).count() == 2


@racing
def test_two_revocations_revoke_once():
    admin, member = _admin_and_member()
    token, _key = api_token_create(user=member, name="ERP", actor=member)
    outcomes = race(lambda: api_token_revoke(token=token, actor=member),
                    lambda: api_token_revoke(token=token, actor=admin))
    assert all(outcome.ok for outcome in outcomes), [outcome.error for outcome in outcomes]
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(content_type__model="apitoken", action="revoke").count() == 1
