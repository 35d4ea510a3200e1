"""Sign-up creates an organisation and its first administrator at once; a taken name is a form error, never a
membership of someone else's organisation and never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from marketplace.models import Membership, Organisation, User
from marketplace.services.organisations import user_signup

from .concurrency import race, racing
from .factories import OrganisationFactory

PASSWORD = "a-long-pass-phrase-42"


def _signup_form(username: str, name: str) -> dict:
    return {"username": username, "email": f"{username}@example.cn", "password1": PASSWORD, "password2": PASSWORD,
            "organisation_name": name, "organisation_kind": "university"}


@pytest.mark.django_db
def test_service_refuses_a_taken_name_even_past_the_form(site_pages):
    """The form's early check can be passed by a racing sign-up: the service itself must refuse, atomically."""
    first, _organisation = user_signup(username="first", email="first@example.cn", password=PASSWORD,
                                       organisation_name="华南理工大学", organisation_kind="university")
    with pytest.raises(ValidationError) as error:
        user_signup(username="second", email="second@example.cn", password=PASSWORD,
                    organisation_name="华南理工大学", organisation_kind="university")
    assert error.value.error_dict["organisation_name"][0].code == "taken"
    assert not User.objects.filter(username="second").exists()
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["first"]


@pytest.mark.django_db
def test_taken_name_is_a_form_error_linking_to_a_join_request(client, site_pages):
    organisation = OrganisationFactory(name_zh="华南理工大学")
    response = client.post("/accounts/signup/", _signup_form("second", "华南理工大学\u200b"))
    assert response.status_code == 200 and response.context["form"].errors["organisation_name"]
    assert f"/accounts/signup/?join={organisation.slug}" in response.content.decode()
    assert not Membership.objects.exists() and not User.objects.filter(username="second").exists()


TRIALS = 20


@racing
def test_simultaneous_signups_naming_one_new_organisation():
    """Two browsers submit the same new organisation at the same instant: one creates it, the other gets the
    form error; nobody becomes a member of the other's organisation and nobody sees a 500."""
    for trial in range(TRIALS):
        name = f"竞赛大学{trial}"
        clients = [Client(raise_request_exception=False, REMOTE_ADDR=f"10.0.{trial}.{i}") for i in range(2)]
        responses = race(*(lambda c=c, i=i: c.post("/accounts/signup/", _signup_form(f"racer{trial}x{i}", name))
                           for i, c in enumerate(clients)))
        statuses = sorted(outcome.value.status_code for outcome in responses)
        assert statuses == [200, 302], (trial, statuses)
        refused = next(outcome.value for outcome in responses if outcome.value.status_code == 200)
        assert refused.context["form"].has_error("organisation_name", code="taken")
        organisation = Organisation.objects.get(name_zh=name)
        memberships = list(organisation.memberships.all())
        assert len(memberships) == 1 and memberships[0].role == Membership.Role.ADMIN
        assert User.objects.filter(username__startswith=f"racer{trial}x").count() == 1
