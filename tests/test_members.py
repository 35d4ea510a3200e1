"""The members page: administrators change roles and remove members; an organisation keeps an administrator."""

import pytest

from marketplace.models import Membership
from marketplace.services.organisations import membership_change_role, membership_remove

from .concurrency import race, racing
from .factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_removes_a_member(client, university, university_member):
    plain = MembershipFactory(organisation=university, role=Membership.Role.MEMBER)
    client.force_login(university_member)
    assert client.post(f"/dashboard/members/{plain.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=plain.pk).exists()


def test_members_page_has_no_way_to_add_a_user_by_name(client, university, university_member):
    """Adding a registered user without their consent is gone: an administrator can only invite."""
    victim = UserFactory(username="victim", email="victim@example.cn")
    client.force_login(university_member)
    response = client.post("/dashboard/members/", {"username_or_email": "victim", "role": "member"})
    assert response.status_code == 200 and "email" in response.context["form"].errors
    response = client.post("/dashboard/members/", {"email": "victim@example.cn", "role": "member"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=victim).exists()


def test_plain_members_cannot_remove_or_promote(client, university, university_member):
    plain = MembershipFactory(organisation=university, role=Membership.Role.MEMBER)
    client.force_login(plain.user)
    admin_membership = Membership.objects.get(user=university_member)
    client.post(f"/dashboard/members/{admin_membership.pk}/remove/")
    client.post(f"/dashboard/members/{plain.pk}/role/", {"role": "admin"})
    assert Membership.objects.filter(pk=admin_membership.pk).exists()
    assert Membership.objects.get(pk=plain.pk).role == Membership.Role.MEMBER


def test_last_admin_cannot_remove_or_demote_themselves(client, university, university_member):
    MembershipFactory(organisation=university, role=Membership.Role.MEMBER)
    client.force_login(university_member)
    own = Membership.objects.get(user=university_member)
    client.post(f"/dashboard/members/{own.pk}/remove/")
    client.post(f"/dashboard/members/{own.pk}/role/", {"role": "member"})
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.ADMIN


def test_admin_steps_down_once_another_admin_exists(client, university, university_member):
    other = MembershipFactory(organisation=university, role=Membership.Role.MEMBER)
    client.force_login(university_member)
    own = Membership.objects.get(user=university_member)
    client.post(f"/dashboard/members/{other.pk}/role/", {"role": "admin"})
    client.post(f"/dashboard/members/{own.pk}/role/", {"role": "member"})
    assert Membership.objects.get(pk=own.pk).role == Membership.Role.MEMBER
    assert Membership.objects.get(pk=other.pk).role == Membership.Role.ADMIN


TRIALS = 20


@racing
def test_two_admins_removing_each_other_leave_an_administrator():
    for trial in range(TRIALS):
        organisation = OrganisationFactory()
        first, second = (MembershipFactory(organisation=organisation, user=UserFactory(username=f"a{trial}-{i}"))
                         for i in range(2))
        outcomes = race(lambda: membership_remove(membership=second, actor=first.user),
                        lambda: membership_remove(membership=first, actor=second.user))
        assert sum(outcome.ok for outcome in outcomes) == 1, (trial, outcomes)
        admins = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
        assert admins.count() == 1, trial


@racing
def test_two_admins_demoting_each_other_leave_an_administrator():
    for trial in range(TRIALS):
        organisation = OrganisationFactory()
        first, second = (MembershipFactory(organisation=organisation, user=UserFactory(username=f"d{trial}-{i}"))
                         for i in range(2))
        race(lambda: membership_change_role(membership=second, actor=first.user, role=Membership.Role.MEMBER),
             lambda: membership_change_role(membership=first, actor=second.user, role=Membership.Role.MEMBER))
        admins = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
        assert admins.count() == 1, trial
