"""Invitations and join requests: the only ways to become a member of an existing organisation.

An administrator invites an e-mail address; the person signed in with that address (or signing up from the
e-mailed link) accepts or declines. A signed-in user asks to join; the organisation's administrators approve
or decline. Each answer is a transition of a Workflow, which locks the row and checks its state again, so two
answers at the same instant (two accepts, an accept and a revoke, two approvals) have exactly one outcome.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..emails import email_message
from ..models import Invitation, JoinRequest, Membership, Organisation
from ..notices import notice_store
from ..permissions import is_member, is_operator, require
from ..workflow import IllegalTransition, Transition, Workflow, record_event
from .organisations import membership_ensure, user_register

I, J = Invitation.Status, JoinRequest.Status
INVITATION_WORKFLOW = Workflow("status", {
    "accept": Transition(frozenset({I.PENDING}), I.ACCEPTED),
    "decline": Transition(frozenset({I.PENDING}), I.DECLINED),
    "revoke": Transition(frozenset({I.PENDING}), I.REVOKED),
    "expire": Transition(frozenset({I.PENDING}), I.EXPIRED),
})
JOIN_REQUEST_WORKFLOW = Workflow("status", {
    "approve": Transition(frozenset({J.PENDING}), J.APPROVED),
    "decline": Transition(frozenset({J.PENDING}), J.DECLINED),
    "withdraw": Transition(frozenset({J.PENDING}), J.WITHDRAWN),
})


def _require_admin(actor, organisation: Organisation) -> None:
    require(is_member(actor, organisation, admin=True) or is_operator(actor),
            _("Only the organisation's administrators can do this."))


def _notify(users, *, kind: str, title: str, params: dict, url: str = "") -> None:
    """An in-app notification per user, worded when read in the reader's language (`title` is a gettext_noop
    msgid, stored with its values)."""
    notice_store(kind=kind, params={"title": title, "values": {k: str(v) for k, v in params.items()}, "url": url},
                 recipient_ids=[user.pk for user in users])


def invitation_notice_text(*, title: str, values: dict, url: str) -> dict:
    return {"headline": _(title) % values, "body": "", "path": url}


INVITATION_NOTICE_KINDS = {kind: invitation_notice_text for kind in (
    "invitation", "invitation_accepted", "join_request", "join_request_approved", "join_request_declined")}


def _administrators(organisation: Organisation):
    return get_user_model().objects.filter(memberships__organisation=organisation,
                                           memberships__role=Membership.Role.ADMIN, is_active=True)


def _answered(invitation: Invitation, action: str, user) -> Invitation:
    invitation = INVITATION_WORKFLOW.apply(invitation, action, actor=user, timestamps=("answered_at",))
    if getattr(user, "is_authenticated", False):
        Invitation.objects.filter(pk=invitation.pk).update(answered_by=user)
        invitation.answered_by = user
    return invitation


# Invitations ----------------------------------------------------------------------------------------------

def invitations_expire_stale(*, organisation: Organisation | None = None, email: str = "") -> int:
    """Pending invitations past their date become expired (audited, actor none); returns how many."""
    stale = Invitation.objects.filter(status=I.PENDING, expires_at__lte=timezone.now())
    if organisation is not None:
        stale = stale.filter(organisation=organisation)
    if email:
        stale = stale.filter(email=email)
    expired = 0
    for invitation in stale:
        try:
            INVITATION_WORKFLOW.apply(invitation, "expire")
            expired += 1
        except IllegalTransition:  # answered meanwhile: nothing left to expire
            pass
    return expired


def invitation_create(*, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER,
                      actor) -> Invitation:
    """Invite an e-mail address. The answer never depends on whether the address belongs to an account."""
    _require_admin(actor, organisation)
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this e-mail address is already a member.")})
    invitations_expire_stale(organisation=organisation, email=email)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(organisation=organisation, email=email, role=role,
                                                   invited_by=actor)
            record_event(invitation, action="create", to_state=I.PENDING, actor=actor,
                         data={"organisation": organisation.pk, "email": email, "role": role})
            invitee = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
            if invitee:
                _notify([invitee], kind="invitation", url=invitation_path(invitation),
                        title=gettext_noop("%(organisation)s invites you to act for it."),
                        params={"organisation": organisation})
            transaction.on_commit(lambda: _send_invitation_later(invitation.pk))
    except IntegrityError:
        if not Invitation.objects.filter(organisation=organisation, email=email, status=I.PENDING).exists():
            raise
        raise ValidationError({"email": _("An invitation to this address is already pending; revoke it to "
                                          "send a new one.")}) from None
    return invitation


def invitation_path(invitation: Invitation) -> str:
    return reverse("invitation", args=[invitation.token])


def _send_invitation_later(invitation_id: int) -> None:
    from ..tasks import send_invitation_email_task  # the task module imports this one

    send_invitation_email_task.delay(invitation_id)


def invitation_email_send(*, invitation_id: int) -> bool:
    """The invitation's e-mail, in the invitee's language when they have an account, else Chinese."""
    invitation = Invitation.objects.select_related("organisation", "invited_by").filter(
        pk=invitation_id, status=I.PENDING).first()
    if invitation is None:
        return False
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).first()
    with translation.override(invitee.preferred_language if invitee else settings.LANGUAGE_CODE):
        email = email_message(
            to=[invitation.email],
            context={"invitation": invitation, "url": settings.SITE_URL + invitation_path(invitation)},
            subject_template="marketplace/email/invitation_subject.txt",
            text_template="marketplace/email/invitation.txt",
        )
    email.send()
    return True


def _check_answerable(invitation: Invitation, user) -> None:
    if invitation.status == I.PENDING and invitation.is_expired:
        invitations_expire_stale(organisation=invitation.organisation, email=invitation.email)
        raise ValidationError(_("This invitation has expired; ask the organisation to invite you again."))
    if user.email.strip().lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another e-mail address: log in with the account "
                                "of that address."))


def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """The invitee (signed in with the invited address) becomes a member. Their acting organisation stays."""
    _check_answerable(invitation, user)
    with transaction.atomic():
        invitation = _answered(invitation, "accept", user)
        membership = membership_ensure(organisation=invitation.organisation, user=user, role=invitation.role,
                                       actor=user, via="invitation")
        if invitation.invited_by_id:
            _notify([invitation.invited_by], kind="invitation_accepted", url=reverse("dashboard_members"),
                    title=gettext_noop("%(user)s accepted your invitation to %(organisation)s."),
                    params={"user": user, "organisation": invitation.organisation})
    return membership


def invitation_decline(*, invitation: Invitation, user) -> Invitation:
    _check_answerable(invitation, user)
    return _answered(invitation, "decline", user)


def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    _require_admin(actor, invitation.organisation)
    return _answered(invitation, "revoke", actor)


def user_signup_invited(*, invitation: Invitation, username: str, password: str):
    """Sign up from an invitation's link: the account takes the invited address and accepts, all or nothing."""
    with transaction.atomic():
        user = user_register(username=username, email=invitation.email, password=password)
        invitation_accept(invitation=invitation, user=user)
    return user


# Join requests --------------------------------------------------------------------------------------------

def join_request_create(*, organisation: Organisation, user, message: str = "") -> JoinRequest:
    if not organisation.joinable:
        raise ValidationError(_("Nobody can ask to join this organisation; its administrators invite its staff."))
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("You are already a member of this organisation."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(organisation=organisation, user=user,
                                                      message=message.strip()[:1000])
            record_event(join_request, action="create", to_state=J.PENDING, actor=user,
                         data={"organisation": organisation.pk})
            _notify(_administrators(organisation), kind="join_request", url=reverse("dashboard_members"),
                    title=gettext_noop("%(user)s asks to join %(organisation)s."),
                    params={"user": user, "organisation": organisation})
    except IntegrityError:
        if not JoinRequest.objects.filter(organisation=organisation, user=user, status=J.PENDING).exists():
            raise
        raise ValidationError(_("You have already asked to join this organisation; its administrators will "
                                "answer.")) from None
    return join_request


def _decided(join_request: JoinRequest, action: str, actor, data: dict | None = None) -> JoinRequest:
    join_request = JOIN_REQUEST_WORKFLOW.apply(join_request, action, actor=actor, data=data,
                                               timestamps=("decided_at",))
    JoinRequest.objects.filter(pk=join_request.pk).update(decided_by=actor)
    return join_request


def join_request_approve(*, join_request: JoinRequest, actor, role: str = Membership.Role.MEMBER) -> Membership:
    _require_admin(actor, join_request.organisation)
    with transaction.atomic():
        join_request = _decided(join_request, "approve", actor, data={"role": role})
        membership = membership_ensure(organisation=join_request.organisation, user=join_request.user, role=role,
                                       actor=actor, via="join_request")
        _notify([join_request.user], kind="join_request_approved", url=reverse("dashboard"),
                title=gettext_noop("You are now a member of %(organisation)s."),
                params={"organisation": join_request.organisation})
    return membership


def join_request_decline(*, join_request: JoinRequest, actor) -> JoinRequest:
    _require_admin(actor, join_request.organisation)
    with transaction.atomic():
        join_request = _decided(join_request, "decline", actor)
        _notify([join_request.user], kind="join_request_declined", url=reverse("join_organisation"),
                title=gettext_noop("%(organisation)s declined your request to join."),
                params={"organisation": join_request.organisation})
    return join_request


def join_request_withdraw(*, join_request: JoinRequest, user) -> JoinRequest:
    require(join_request.user_id == user.pk, _("This is not your request."))
    return JOIN_REQUEST_WORKFLOW.apply(join_request, "withdraw", actor=user, timestamps=("decided_at",))


def user_signup_requesting(*, organisation: Organisation, username: str, email: str, password: str,
                           message: str = ""):
    """Sign up asking to join an existing organisation: the account and the request, all or nothing."""
    with transaction.atomic():
        user = user_register(username=username, email=email, password=password)
        join_request_create(organisation=organisation, user=user, message=message)
    return user
