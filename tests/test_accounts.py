import re

import pytest
from django.core import mail
from django.http import HttpRequest

from marketplace.models import Membership, Organisation

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {"username": "newtto", "email": "tto@scut.edu.cn", "password1": "a-long-pass-phrase-42",
          "password2": "a-long-pass-phrase-42", "organisation_name": "华南理工大学", "organisation_kind": "university",
          "province": "广东省", "city": "广州市"}


def test_signup_creates_user_and_organisation_and_logs_in(client, site_pages):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    organisation = Organisation.objects.get(name_zh="华南理工大学")
    assert organisation.memberships.get().role == Membership.Role.ADMIN and not organisation.verified
    assert client.get("/dashboard/").context["organisation"] == organisation


def test_signup_errors_keep_the_input(client, site_pages):
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "different"})
    assert response.status_code == 200 and "password2" in response.context["form"].errors
    assert "华南理工大学" in response.content.decode()


def test_signup_cannot_join_the_operation_centre(client, site_pages):
    OrganisationFactory(name_zh="知识产权运营交易中心", kind=Organisation.Kind.OPERATION_CENTRE)
    response = client.post("/accounts/signup/", {**SIGNUP, "organisation_name": "知识产权运营交易中心"})
    assert response.status_code == 200 and response.context["form"].errors["organisation_name"]
    assert not Membership.objects.exists()


def test_login_and_logout(client, site_pages):
    UserFactory(username="tto")
    response = client.post("/accounts/login/", {"username": "tto", "password": "pass-word-123"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/dashboard/").status_code == 302


def test_password_reset_by_email(client, site_pages):
    UserFactory(username="tto", email="tto@example.cn")
    assert client.post("/accounts/password-reset/", {"email": "tto@example.cn"}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": "another-long-pass-7", "new_password2": "another-long-pass-7"})
    assert response.status_code == 302
    # django-axes checks every authentication against its request (axes' testing guidance: pass one).
    assert client.login(request=HttpRequest(), username="tto", password="another-long-pass-7")


def test_signup_cannot_join_an_existing_organisation_by_name(client, site_pages):
    OrganisationFactory(name_zh="华南理工大学")
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200 and response.context["form"].errors["organisation_name"]
    assert not Membership.objects.exists()
