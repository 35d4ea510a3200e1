"""The operations dashboard in the Wagtail admin's menu, for operators (it lives on the site, beside the
members' dashboard, so that the charts use the site's styles)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cms.wagtail_hooks import OperatorMenuItem


@hooks.register("register_admin_menu_item")
def operations_menu_item():
    return OperatorMenuItem(_("Operations dashboard"), reverse("operations:dashboard"), icon_name="table",
                            order=240)
