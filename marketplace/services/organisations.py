from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from django.utils.translation import gettext as _

from ..models import Membership, Organisation
from ..permissions import is_member, is_operator, require
from ..workflow import record_event
from .pools import unique_slug


def organisation_get_or_create(*, name_zh: str, kind: str, **fields) -> tuple[Organisation, bool]:
    organisation = Organisation.objects.filter(name_zh=name_zh).first()
    if organisation:
        return organisation, False
    organisation = Organisation.objects.create(
        name_zh=name_zh, kind=kind, slug=unique_slug(Organisation, fields.get("name_en") or name_zh), **fields
    )
    return organisation, True


def membership_add(*, organisation: Organisation, user, role: str = Membership.Role.MEMBER) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


def user_signup(*, username: str, email: str, password: str, organisation_name: str, organisation_kind: str,
                province: str = "", city: str = "") -> tuple:
    """A new user registers together with a new organisation, which they administer (unverified until checked).

    Nobody joins an existing organisation by typing its name: acting for an organisation is what gives rights
    (listing its patents, or moderating for the centre), so its administrators add further members.
    """
    name = organisation_name.strip()
    if Organisation.objects.filter(name_zh=name).exists():
        raise ValidationError({"organisation_name": _(
            "This organisation is already registered; ask its administrator to add you as a member.")})
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        organisation, _created = organisation_get_or_create(name_zh=name, kind=organisation_kind,
                                                            province=province, city=city)
        membership_add(organisation=organisation, user=user, role=Membership.Role.ADMIN)
        record_event(organisation, action="member_joined", actor=user,
                     data={"user": username, "role": Membership.Role.ADMIN})
    return user, organisation


def organisation_verify(*, organisation: Organisation, actor) -> Organisation:
    require(is_operator(actor), _("Only the operation centre verifies organisations."))
    Organisation.objects.filter(pk=organisation.pk).update(verified=True)
    organisation.verified = True
    record_event(organisation, action="verify", actor=actor)
    return organisation


def membership_add_by_admin(*, organisation: Organisation, actor, username_or_email: str,
                            role: str = Membership.Role.MEMBER) -> Membership:
    """An organisation's administrator adds a registered user (found by user name or e-mail) as a member."""
    require(is_member(actor, organisation, admin=True) or is_operator(actor),
            _("Only the organisation's administrators can add members."))
    identifier = username_or_email.strip()
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username=identifier).first() or users.filter(email__iexact=identifier).first()
    if user is None:
        raise ValidationError({"username_or_email": _(
            "No registered user has this user name or e-mail; ask them to sign up first.")})
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({"username_or_email": _("%(user)s is already a member.") % {"user": user}})
    with transaction.atomic():
        membership = membership_add(organisation=organisation, user=user, role=role)
        record_event(organisation, action="member_added", actor=actor, data={"user": user.username, "role": role})
    return membership


def membership_remove(*, membership: Membership, actor) -> None:
    """Administrators remove members; an organisation always keeps at least one administrator."""
    organisation = membership.organisation
    require(is_member(actor, organisation, admin=True) or is_operator(actor),
            _("Only the organisation's administrators can remove members."))
    admins = organisation.memberships.filter(role=Membership.Role.ADMIN)
    if membership.role == Membership.Role.ADMIN and admins.count() == 1:
        raise ValidationError(_("An organisation needs at least one administrator."))
    with transaction.atomic():
        membership.delete()
        record_event(organisation, action="member_removed", actor=actor, data={"user": membership.user.username})
