"""Brute force: log-ins lock out per account and per address (django-axes) on the site, the Wagtail admin and the
Django admin; sign-ups and password-reset requests are limited per address (django-ratelimit). Each answers a
429 page in the visitor's language, never a 500."""

import pytest
from django.core import mail
from django.test import Client, override_settings

from marketplace.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db
LOGINS = ["/accounts/login/", "/admin/login/", "/django-admin/login/"]
PASSWORD = "a-long-pass-phrase-42"


def _fail(client, url, username, times):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong-password"})


@pytest.mark.parametrize("url", LOGINS)
@override_settings(AXES_FAILURE_LIMIT=3)
def test_account_locks_after_failed_logins_even_from_another_address(url, site_pages):
    UserFactory(username="target", is_staff=True, is_superuser=True)
    for attempt in range(3):
        Client(REMOTE_ADDR=f"10.1.0.{attempt}").post(url, {"username": "target", "password": "wrong"})
    response = Client(REMOTE_ADDR="10.1.1.1").post(url, {"username": "target", "password": "pass-word-123"})
    assert response.status_code == 429
    assert "registration/locked_out.html" in [template.name for template in response.templates]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_address_locks_after_failures_on_many_accounts(site_pages):
    UserFactory(username="innocent")
    client = Client(REMOTE_ADDR="10.2.0.1")
    for number in range(3):
        client.post("/accounts/login/", {"username": f"guess{number}", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "innocent", "password": "pass-word-123"}).status_code == 429
    other = Client(REMOTE_ADDR="10.2.0.2")
    assert other.post("/accounts/login/", {"username": "innocent", "password": "pass-word-123"}).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_page_speaks_english_when_asked(site_pages):
    client = Client(REMOTE_ADDR="10.3.0.1", HTTP_ACCEPT_LANGUAGE="en")
    _fail(client, "/accounts/login/", "someone", 4)
    response = client.post("/accounts/login/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 429 and "Log-in locked" in response.content.decode()
    assert "15 minutes" in response.content.decode()


@override_settings(PASSWORD_RESET_RATE_LIMIT="3/h")
def test_password_reset_requests_are_limited_per_address(site_pages):
    UserFactory(username="tto", email="tto@example.cn")
    client = Client(REMOTE_ADDR="10.4.0.1", HTTP_ACCEPT_LANGUAGE="en")
    statuses = [client.post("/accounts/password-reset/", {"email": "tto@example.cn"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429] and len(mail.outbox) == 3
    assert "Too many attempts" in client.post("/accounts/password-reset/", {"email": "x@example.cn"}).content.decode()
    assert Client(REMOTE_ADDR="10.4.0.2").post("/accounts/password-reset/",
                                               {"email": "tto@example.cn"}).status_code == 302


@override_settings(SIGNUP_RATE_LIMIT="2/h")
def test_signups_are_limited_per_address(site_pages):
    client = Client(REMOTE_ADDR="10.5.0.1")

    def signup(number):
        client.logout()
        return client.post("/accounts/signup/", {
            "username": f"bot{number}", "email": f"bot{number}@example.cn", "password1": PASSWORD,
            "password2": PASSWORD, "organisation_name": f"机器人公司{number}", "organisation_kind": "enterprise"})

    assert [signup(n).status_code for n in range(3)] == [302, 302, 429]
    assert User.objects.filter(username__startswith="bot").count() == 2
    assert client.get("/accounts/signup/").status_code == 200  # reading the form is never limited


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_client_is_counted(site_pages):
    with override_settings(PASSWORD_RESET_RATE_LIMIT="1/h"):
        proxy = "172.16.0.1"
        first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5")
        second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6")
        assert first.post("/accounts/password-reset/", {"email": "a@example.cn"}).status_code == 302
        assert second.post("/accounts/password-reset/", {"email": "a@example.cn"}).status_code == 302
        assert first.post("/accounts/password-reset/", {"email": "a@example.cn"}).status_code == 429

