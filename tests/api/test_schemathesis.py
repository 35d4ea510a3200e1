"""Property-based run of the generated OpenAPI document against the app itself (in-process, over WSGI):
for every operation, requests generated from the schema, signed in as an organisation administrator with data
to find, must get no server error and a body that matches the documented schema. Bounded to a few examples an
operation so the whole run stays under a minute."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.services import api_token_create
from ipmarket.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 8
UNTHROTTLED = {"anon": None, "user": None}  # the rates are tested in test_api_behaviour.py


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests through the WSGI app must not close the test's database connection at their end (Django's
    test client disconnects the same handlers); else the test's transaction, and its data, would be lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded once, at collection, from the app itself: the document the docs page and clients get.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def owner_key(world):
    owner = world.users["owner"]
    return api_token_create(user=owner, name="schemathesis", actor=owner)[1]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@override_settings(API_THROTTLE_RATES=UNTHROTTLED)
def test_no_server_errors_and_responses_match_the_schema(case, owner_key):
    response = case.call(headers={"Authorization": f"Token {owner_key}"})
    case.validate_response(response, checks=CHECKS)


@override_settings(API_THROTTLE_RATES=UNTHROTTLED)
def test_a_response_that_breaks_the_schema_fails_the_check(owner_key, monkeypatch):
    """The checks above can fail: a view answering with a body unlike its schema is caught."""
    from rest_framework.response import Response

    from api.views.account import MeView

    monkeypatch.setattr(MeView, "get", lambda self, request: Response({"id": "not a number"}))
    case = schema["/api/v1/me/"]["GET"].Case()
    response = case.call(headers={"Authorization": f"Token {owner_key}"})
    with pytest.raises(FailureGroup) as failure:
        case.validate_response(response, checks=CHECKS)
    assert "Response violates schema" in str(failure.value.exceptions[0])
