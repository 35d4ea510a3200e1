import pytest

from marketplace.models import Membership

from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_adds_registered_user_by_email_and_removes_them(client, university, university_member):
    newcomer = UserFactory(username="newcomer", email="New@Example.cn")
    client.force_login(university_member)
    response = client.post("/dashboard/members/", {"username_or_email": "new@example.cn", "role": "member"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, organisation=university)
    assert client.post(f"/dashboard/members/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()


def test_unknown_user_gets_a_clear_error(client, university_member):
    client.force_login(university_member)
    response = client.post("/dashboard/members/", {"username_or_email": "nobody", "role": "member"})
    assert response.status_code == 200 and response.context["form"].errors["username_or_email"]


def test_plain_members_cannot_add_and_last_admin_stays(client, university, university_member):
    plain = MembershipFactory(organisation=university, role=Membership.Role.MEMBER, user=UserFactory(username="plain"))
    UserFactory(username="other")
    client.force_login(plain.user)
    client.post("/dashboard/members/", {"username_or_email": "other", "role": "admin"})
    assert not Membership.objects.filter(user__username="other").exists()
    client.force_login(university_member)
    admin_membership = Membership.objects.get(user=university_member)
    client.post(f"/dashboard/members/{admin_membership.pk}/remove/")
    assert Membership.objects.filter(pk=admin_membership.pk).exists()
