"""Invitations and join requests: nobody acts for an organisation without agreeing to, and its administrators
agreeing too; every answer happens once, whatever arrives at the same instant."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from marketplace.models import AuditEvent, Invitation, JoinRequest, Membership, Notification, Organisation
from marketplace.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    join_request_approve,
    join_request_create,
)
from marketplace.workflow import IllegalTransition

from .concurrency import race, racing
from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .notices import read_notice

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-pass-phrase-42"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/invitations/\S+/)", message.body).group(1)


def _invite(client, admin, email, role="member"):
    client.force_login(admin)
    return client.post("/dashboard/members/", {"email": email, "role": role})


# Inviting -------------------------------------------------------------------------------------------------

def test_invitation_answers_the_same_whatever_the_address(client, university, university_member,
                                                         django_capture_on_commit_callbacks):
    UserFactory(username="known", email="known@example.cn")
    answers = []
    for email in ("known@example.cn", "nobody@example.cn"):
        with django_capture_on_commit_callbacks(execute=True):
            response = _invite(client, university_member, email)
        assert response.status_code == 302
        page = client.get(response["Location"])
        answers.append([str(m).replace(email, "ADDRESS") for m in page.context["messages"]])
    assert answers[0] == answers[1] and len(answers[0]) == 1
    assert [m.to for m in mail.outbox] == [["known@example.cn"], ["nobody@example.cn"]]
    assert not Membership.objects.filter(user__username="known").exists()


def test_invitation_email_in_the_recipients_language(university, university_member,
                                                     django_capture_on_commit_callbacks):
    UserFactory(username="english", email="english@example.cn", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organisation=university, email="English@Example.cn", actor=university_member)
        invitation_create(organisation=university, email="stranger@example.cn", actor=university_member)
    english, chinese = mail.outbox
    assert english.to == ["english@example.cn"] and "Role: Member" in english.body
    assert chinese.to == ["stranger@example.cn"] and "角色: 成员" in chinese.body
    note = Notification.objects.get(recipient__username="english")
    assert read_notice(note, "en")["headline"].endswith("invites you to act for it.")
    assert "invites" not in read_notice(note, "zh-hans")["headline"]  # worded in the reader's language


def test_only_administrators_invite(client, university):
    plain = MembershipFactory(organisation=university, role=Membership.Role.MEMBER)
    stranger_admin = MembershipFactory().user
    for actor in (plain.user, stranger_admin):
        with pytest.raises(PermissionDenied):
            invitation_create(organisation=university, email="x@example.cn", actor=actor)
    assert not Invitation.objects.exists()


def test_closed_organisations_invite_only_by_their_own_admins_or_operators(operator, university_member):
    centre = Organisation.objects.get(kind=Organisation.Kind.OPERATION_CENTRE)
    with pytest.raises(PermissionDenied):
        invitation_create(organisation=centre, email="mole@example.cn", actor=university_member)
    assert invitation_create(organisation=centre, email="colleague@example.cn", actor=operator).status == "pending"


# Accepting ------------------------------------------------------------------------------------------------

def test_invitee_accepts_and_keeps_acting_for_their_own_organisation(client, django_capture_on_commit_callbacks):
    own = OrganisationFactory(name_zh="北京大学")
    invitee = MembershipFactory(organisation=own, user=UserFactory(username="invitee", email="inv@example.cn")).user
    inviting = OrganisationFactory(name_zh="中山大学")  # sorts first: the old fallback would switch to it
    admin = MembershipFactory(organisation=inviting).user
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, admin, "INV@example.cn")
    client.force_login(invitee)
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert page.context["addressed_to_user"] and b"/accept/" in page.content
    response = client.post(link + "accept/")
    assert response.status_code == 302
    assert Membership.objects.filter(organisation=inviting, user=invitee, role="member").exists()
    assert client.get("/dashboard/").context["organisation"] == own
    assert b"dashboard/organisation/" in client.get(link).content  # the explicit switch button
    client.post("/dashboard/organisation/", {"organisation": inviting.slug})
    assert client.get("/dashboard/").context["organisation"] == inviting


def test_acting_organisation_fallback_is_the_first_joined(client):
    user = UserFactory()
    first = OrganisationFactory(name_zh="阿里巴巴")
    later = OrganisationFactory(name_zh="浙江大学")  # sorts first by name
    MembershipFactory(organisation=first, user=user)
    MembershipFactory(organisation=later, user=user)
    client.force_login(user)
    assert client.get("/dashboard/").context["organisation"] == first


def test_someone_else_holding_the_link_cannot_accept(client, university, university_member):
    invitation = invitation_create(organisation=university, email="right@example.cn", actor=university_member)
    wrong = UserFactory(email="wrong@example.cn")
    client.force_login(wrong)
    client.post(f"/accounts/invitations/{invitation.token}/accept/")
    assert not Membership.objects.filter(user=wrong).exists()
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


def test_signing_up_from_the_link_accepts_with_the_invited_address(client, university, university_member):
    invitation = invitation_create(organisation=university, email="new@example.cn", actor=university_member)
    response = client.post(f"/accounts/signup/?invitation={invitation.token}", {
        "username": "newbie", "email": "attacker@example.cn", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=university, user__username="newbie")
    assert membership.user.email == "new@example.cn"
    assert Invitation.objects.get(pk=invitation.pk).status == "accepted"


def test_an_invitation_works_once(university, university_member):
    invitation = invitation_create(organisation=university, email="once@example.cn", actor=university_member)
    invitee = UserFactory(email="once@example.cn")
    invitation_accept(invitation=invitation, user=invitee)
    Membership.objects.filter(user=invitee).delete()
    with pytest.raises(IllegalTransition):
        invitation_accept(invitation=invitation, user=invitee)
    assert not Membership.objects.filter(user=invitee).exists()


def test_expired_and_revoked_invitations_cannot_be_accepted(university, university_member):
    invitee = UserFactory(email="late@example.cn")
    invitation = invitation_create(organisation=university, email="late@example.cn", actor=university_member)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        invitation_accept(invitation=Invitation.objects.get(pk=invitation.pk), user=invitee)
    assert Invitation.objects.get(pk=invitation.pk).status == "expired"
    revoked = invitation_revoke(invitation=invitation_create(organisation=university, email="late@example.cn",
                                                             actor=university_member), actor=university_member)
    with pytest.raises(IllegalTransition):
        invitation_accept(invitation=revoked, user=invitee)
    assert not Membership.objects.filter(user=invitee).exists()


# Join requests --------------------------------------------------------------------------------------------

def test_user_asks_to_join_and_an_administrator_approves(client, university, university_member):
    requester = MembershipFactory(user=UserFactory(username="asker", preferred_language="en")).user
    client.force_login(requester)
    found = client.get("/dashboard/join/", {"q": university.name_zh[:3]})
    assert university in found.context["results"]
    client.post("/dashboard/join/", {"organisation": university.slug, "message": "我在技术转移办公室工作"})
    join_request = JoinRequest.objects.get(user=requester, status="pending")
    assert Notification.objects.filter(recipient=university_member, kind="join_request").exists()
    client.force_login(university_member)
    page = client.get("/dashboard/members/")
    assert list(page.context["join_requests"]) == [join_request] and "技术转移办公室" in page.content.decode()
    client.post(f"/dashboard/join-requests/{join_request.pk}/approve/")
    assert Membership.objects.filter(organisation=university, user=requester, role="member").exists()
    note = Notification.objects.get(recipient=requester, kind="join_request_approved")
    assert read_notice(note, "en")["headline"].startswith("You are now a member of")


def test_declined_request_notifies_and_adds_nobody(client, university, university_member):
    requester = UserFactory()
    join_request = join_request_create(organisation=university, user=requester)
    client.force_login(university_member)
    client.post(f"/dashboard/join-requests/{join_request.pk}/decline/")
    assert not Membership.objects.filter(user=requester).exists()
    assert Notification.objects.filter(recipient=requester, kind="join_request_declined").exists()


def test_plain_members_cannot_approve(university):
    plain = MembershipFactory(organisation=university, role=Membership.Role.MEMBER).user
    join_request = join_request_create(organisation=university, user=UserFactory())
    with pytest.raises(PermissionDenied):
        join_request_approve(join_request=join_request, actor=plain)


def test_closed_organisations_cannot_be_asked(operator):
    centre = Organisation.objects.get(kind=Organisation.Kind.OPERATION_CENTRE)
    with pytest.raises(ValidationError):
        join_request_create(organisation=centre, user=UserFactory())
    assert not JoinRequest.objects.exists()


def test_signing_up_to_join_creates_a_pending_request_only(client, university, site_pages):
    response = client.post(f"/accounts/signup/?join={university.slug}", {
        "username": "joiner", "email": "joiner@example.cn", "password1": PASSWORD, "password2": PASSWORD,
        "message": "请批准"})
    assert response.status_code == 302
    assert JoinRequest.objects.get(user__username="joiner").status == "pending"
    assert not Membership.objects.filter(user__username="joiner").exists()
    assert client.get("/dashboard/").templates[0].name == "dashboard/no_organisation.html"


# Races ----------------------------------------------------------------------------------------------------

TRIALS = 20


def _answers(invitation: Invitation, action: str) -> int:
    return AuditEvent.objects.filter(object_id=str(invitation.pk), action=action,
                                     content_type__model="invitation").count()


@racing
def test_accepting_twice_at_once_makes_one_membership():
    for trial in range(TRIALS):
        admin = MembershipFactory().user
        organisation = admin.organisations.get()
        invitee = UserFactory(email=f"twice{trial}@example.cn")
        invitation = invitation_create(organisation=organisation, email=invitee.email, actor=admin)
        outcomes = race(*(lambda: invitation_accept(invitation=invitation, user=invitee) for _ in range(2)))
        assert sum(outcome.ok for outcome in outcomes) == 1, (trial, outcomes)
        assert Membership.objects.filter(organisation=organisation, user=invitee).count() == 1
        assert _answers(invitation, "accept") == 1


@racing
def test_approving_twice_at_once_makes_one_membership():
    for trial in range(TRIALS):
        admin = MembershipFactory().user
        organisation = admin.organisations.get()
        second_admin = MembershipFactory(organisation=organisation).user
        join_request = join_request_create(organisation=organisation, user=UserFactory())
        outcomes = race(lambda: join_request_approve(join_request=join_request, actor=admin),
                        lambda: join_request_approve(join_request=join_request, actor=second_admin))
        assert sum(outcome.ok for outcome in outcomes) == 1, (trial, outcomes)
        assert Membership.objects.filter(organisation=organisation, user=join_request.user).count() == 1


@racing
def test_revoke_racing_accept_has_exactly_one_outcome():
    for trial in range(TRIALS):
        admin = MembershipFactory().user
        organisation = admin.organisations.get()
        invitee = UserFactory(email=f"race{trial}@example.cn")
        invitation = invitation_create(organisation=organisation, email=invitee.email, actor=admin)
        outcomes = race(lambda: invitation_accept(invitation=invitation, user=invitee),
                        lambda: invitation_revoke(invitation=invitation, actor=admin))
        assert sum(outcome.ok for outcome in outcomes) == 1, (trial, outcomes)
        status = Invitation.objects.get(pk=invitation.pk).status
        member = Membership.objects.filter(organisation=organisation, user=invitee).exists()
        assert (status, member) in {("accepted", True), ("revoked", False)}, trial
        assert _answers(invitation, "accept") + _answers(invitation, "revoke") == 1


def test_join_request_with_too_long_a_message_is_refused_with_a_message(client, university):
    client.force_login(UserFactory())
    response = client.post("/dashboard/join/", {"organisation": university.slug, "message": "长" * 1001}, follow=True)
    assert response.status_code == 200 and not JoinRequest.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_invitation_email_shows_names_as_typed(university, university_member, django_capture_on_commit_callbacks):
    university.name_zh = "R&D <实验室> 大学"
    university.save(update_fields=["name_zh"])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(organisation=university, email="someone@example.cn", actor=university_member)
    [email] = mail.outbox
    assert "R&D <实验室> 大学" in email.subject and "R&D <实验室> 大学" in email.body
    assert "&amp;" not in email.body + email.subject
