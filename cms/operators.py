"""Operation-centre staff reach the Wagtail admin through the "Operators" group, kept in step with membership."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies.base import BasePermissionPolicy

from marketplace.models import Membership, Organisation
from marketplace.permissions import is_operator, operator_users

OPERATOR_GROUP = "Operators"
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
                          ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"))


def operator_group_ensure(*, home: Page | None = None) -> Group:
    """Create the group with admin access, editing rights under `home`, image and document uploads."""
    group, _created = Group.objects.get_or_create(name=OPERATOR_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    if home is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                                                          codename=codename))
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def operator_access_sync(*, user) -> None:
    """Members of the operation centre are in the group; anyone else is not."""
    group, _created = Group.objects.get_or_create(name=OPERATOR_GROUP)
    if Membership.objects.filter(user=user, organisation__kind=Organisation.Kind.OPERATION_CENTRE).exists():
        if not group.permissions.exists():
            operator_group_ensure()
        user.groups.add(group)
    else:
        user.groups.remove(group)


def operator_access_sync_all() -> int:
    users = {m.user for m in Membership.objects.filter(organisation__kind=Organisation.Kind.OPERATION_CENTRE)
             .select_related("user")}
    for user in users:
        operator_access_sync(user=user)
    return len(users)


class OperatorPermissionPolicy(BasePermissionPolicy):
    """Wagtail admin permissions on one model: operators may do `actions` ("view", "add", "change", "delete"),
    nobody else anything."""

    def __init__(self, model, *, actions: frozenset[str]):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        return action in self.actions and is_operator(user)

    def users_with_any_permission(self, actions):
        return operator_users() if self.actions & set(actions) else operator_users().none()
