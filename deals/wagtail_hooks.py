from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.wagtail_hooks import OperatorMenuItem

from .admin_views import NdaVersionsView


@hooks.register("register_admin_urls")
def nda_urls():
    return [path("nda/", NdaVersionsView.as_view(), name="nda_versions")]


@hooks.register("register_admin_menu_item")
def nda_menu_item():
    return OperatorMenuItem(_("NDA"), reverse("nda_versions"), icon_name="doc-full", order=260)
