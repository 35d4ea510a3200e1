from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Membership, Organisation
from ..organisation_names import organisation_name_clean
from ..permissions import is_member, is_operator, require
from ..selectors.organisations import organisation_find_by_name
from ..uploads import validate_image
from ..workflow import lock_row, record_event
from .listing_media import MAX_IMAGE_BYTES, delete_file_on_commit, upload_check
from .pools import unique_slug

Role = Membership.Role


def organisation_create(*, name_zh: str, kind: str, **fields) -> Organisation:
    """A new organisation; a ValidationError on `organisation_name` (code "taken") when the name is taken,
    even by a registration committed a moment ago: the unique name key decides, not an earlier look-up."""
    name = organisation_name_clean(name_zh)
    if not name:
        raise ValidationError({"organisation_name": _("Enter the organisation's name.")})
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives the refusal
            return Organisation.objects.create(
                name_zh=name, kind=kind, slug=unique_slug(Organisation, fields.get("name_en") or name), **fields
            )
    except IntegrityError:
        if organisation_find_by_name(name=name) is None:
            raise  # not the name (a slug taken at the same instant): let the caller's request fail loudly
        raise ValidationError({"organisation_name": ValidationError(
            _("This organisation is already registered."), code="taken")}) from None


def organisation_get_or_create(*, name_zh: str, kind: str, **fields) -> tuple[Organisation, bool]:
    """For the importer and the demo loader: the organisation of this name (compared by key), made if missing."""
    organisation = organisation_find_by_name(name=name_zh)
    if organisation:
        return organisation, False
    try:
        return organisation_create(name_zh=name_zh, kind=kind, **fields), True
    except ValidationError:
        organisation = organisation_find_by_name(name=name_zh)
        if organisation is None:
            raise
        return organisation, False  # created by someone else since the look-up


def membership_add(*, organisation: Organisation, user, role: str = Role.MEMBER) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


def membership_ensure(*, organisation: Organisation, user, role: str, actor, via: str) -> Membership:
    """Make `user` a member (an existing membership keeps its role); audited on the organisation."""
    membership, created = Membership.objects.get_or_create(organisation=organisation, user=user,
                                                           defaults={"role": role})
    if created:
        record_event(organisation, action="member_joined", actor=actor,
                     data={"user": user.username, "role": role, "via": via})
    return membership


def user_register(*, username: str, email: str, password: str):
    """A new account; a ValidationError if the user name was taken, even a moment ago."""
    try:
        with transaction.atomic():
            return get_user_model().objects.create_user(username=username, email=email, password=password)
    except IntegrityError:
        raise ValidationError({"username": _("A user with that username already exists.")}) from None


def user_signup(*, username: str, email: str, password: str, organisation_name: str, organisation_kind: str,
                province: str = "", city: str = "") -> tuple:
    """A new user registers together with a new organisation, which they administer (unverified until checked).

    All or nothing: when the organisation's name is taken (the database's unique key decides, so also when
    another sign-up took it an instant ago) neither the user nor anything else is created. Nobody joins an
    existing organisation by typing its name: they ask to join it (a join request) or are invited.
    """
    with transaction.atomic():
        user = user_register(username=username, email=email, password=password)
        organisation = organisation_create(name_zh=organisation_name, kind=organisation_kind,
                                           province=province, city=city)
        membership_ensure(organisation=organisation, user=user, role=Role.ADMIN, actor=user, via="signup")
    return user, organisation


def organisation_verify(*, organisation: Organisation, actor) -> Organisation:
    require(is_operator(actor), _("Only the operation centre verifies organisations."))
    Organisation.objects.filter(pk=organisation.pk).update(verified=True)
    organisation.verified = True
    record_event(organisation, action="verify", actor=actor)
    return organisation


PROFILE_FIELDS = ("name_en", "description_zh", "description_en", "website", "contact_email", "contact_phone", "address",
                  "logo")


def organisation_update_profile(*, organisation: Organisation, actor, **fields) -> Organisation:
    """An administrator changes the organisation's public profile: only the fields given, each only if it
    differs from the locked row, so two administrators changing different fields at once both keep theirs.

    `logo` is a new image (checked like listing images) or False to remove the current one."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    logo = fields.pop("logo", None)
    if isinstance(logo, UploadedFile):
        upload_check(logo, limit=MAX_IMAGE_BYTES, validate=validate_image, field="logo")
    fields = {name: value.strip() for name, value in fields.items()}
    with transaction.atomic():
        organisation = lock_row(organisation)
        require(is_member(actor, organisation, admin=True),
                _("Only the organisation's administrators can edit its profile."))
        changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
        for name in changed:
            setattr(organisation, name, fields[name])
        old_logo = organisation.logo.name
        if isinstance(logo, UploadedFile) or (logo is False and old_logo):
            organisation.logo = logo or None
            changed.append("logo")
        organisation.full_clean(exclude=[f.name for f in Organisation._meta.fields if f.name not in changed])
        if not changed:
            return organisation
        organisation.save(update_fields=changed)
        if "logo" in changed and old_logo:
            delete_file_on_commit(organisation.logo.storage, old_logo)
        record_event(organisation, action="profile_edit", actor=actor, data={"fields": sorted(changed)})
    return organisation


def _locked_membership(membership: Membership, actor, *, self_allowed: bool) -> Membership:
    """Lock the organisation, then check again what the caller saw: another administrator may have removed the
    actor or the member, or demoted someone, while this request was on its way."""
    Organisation.objects.select_for_update().get(pk=membership.organisation_id)
    current = Membership.objects.select_related("user", "organisation").filter(pk=membership.pk).first()
    if current is None:
        raise ValidationError(_("This person is no longer a member."))
    allowed = (self_allowed and current.user_id == actor.pk) or is_member(actor, current.organisation, admin=True)
    require(allowed or is_operator(actor), _("Only the organisation's administrators can change its members."))
    return current


def _keep_an_administrator(membership: Membership) -> None:
    others = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN).exclude(
        pk=membership.pk)
    if membership.role == Role.ADMIN and not others.exists():
        raise ValidationError(_("An organisation needs at least one administrator: make someone else an "
                                "administrator first."))


def membership_remove(*, membership: Membership, actor) -> None:
    """Administrators remove members, members leave; an organisation always keeps at least one administrator."""
    with transaction.atomic():
        membership = _locked_membership(membership, actor, self_allowed=True)
        _keep_an_administrator(membership)
        membership.delete()
        record_event(membership.organisation, action="member_removed", actor=actor,
                     data={"user": membership.user.username})


def membership_change_role(*, membership: Membership, actor, role: str) -> Membership:
    """Administrators promote or demote members (themselves included, unless they are the last administrator)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    with transaction.atomic():
        membership = _locked_membership(membership, actor, self_allowed=False)
        if role != Role.ADMIN:
            _keep_an_administrator(membership)
        if membership.role != role:
            Membership.objects.filter(pk=membership.pk).update(role=role)
            record_event(membership.organisation, action="member_role_changed", actor=actor,
                         data={"user": membership.user.username, "from": membership.role, "to": role})
            membership.role = role
    return membership
