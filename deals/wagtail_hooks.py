"""Operators edit the agreement templates in the Wagtail admin. Templates are never deleted (agreements keep a
reference to theirs); an operator deactivates one instead. The NDA's versions have a page of their own: each save
publishes a new version rather than editing one."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.operators import OperatorPermissionPolicy
from cms.wagtail_hooks import OperatorMenuItem

from .admin_views import NdaVersionsView
from .models import AgreementTemplate

OPERATOR_ACTIONS = frozenset({"view", "add", "change"})


class AgreementTemplateViewSet(ModelViewSet):
    model = AgreementTemplate
    name, url_prefix = "agreement_templates", "agreement-templates"
    icon = "doc-full-inverse"
    menu_label = _("Agreement templates")
    menu_order = 270
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    search_backend_name = None
    form_fields = ["kind", "title_zh", "title_en", "body_zh", "body_en", "active"]
    list_display = ["title_zh", "title_en", "kind", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["title_zh", "title_en"]


register_permission_policy(AgreementTemplate, OperatorPermissionPolicy(AgreementTemplate, actions=OPERATOR_ACTIONS))


@hooks.register("register_admin_viewset")
def agreement_templates_viewset():
    return AgreementTemplateViewSet()

@hooks.register("register_admin_urls")
def nda_urls():
    return [path("nda/", NdaVersionsView.as_view(), name="nda_versions")]


@hooks.register("register_admin_menu_item")
def nda_menu_item():
    return OperatorMenuItem(_("NDA"), reverse("nda_versions"), icon_name="doc-full", order=260)
