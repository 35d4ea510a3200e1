from django.contrib.auth import get_user_model
from django.db import transaction

from django.utils.translation import gettext as _

from ..models import Membership, Organisation
from ..permissions import is_operator, require
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
    """A new user registers for a new organisation (unverified until the centre checks it) or an existing one.

    Joining an existing organisation makes the user a plain member; creating one makes them its administrator.
    """
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        organisation, created = organisation_get_or_create(
            name_zh=organisation_name.strip(), kind=organisation_kind, province=province, city=city
        )
        role = Membership.Role.ADMIN if created else Membership.Role.MEMBER
        membership_add(organisation=organisation, user=user, role=role)
        record_event(organisation, action="member_joined", actor=user, data={"user": username, "role": role})
    return user, organisation


def organisation_verify(*, organisation: Organisation, actor) -> Organisation:
    require(is_operator(actor), _("Only the operation centre verifies organisations."))
    Organisation.objects.filter(pk=organisation.pk).update(verified=True)
    organisation.verified = True
    record_event(organisation, action="verify", actor=actor)
    return organisation
