from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from . import demand_notices, listing_notices
        from .notices import notice_kinds_register
        from .services.invitations import INVITATION_NOTICE_KINDS

        for module in (demand_notices, listing_notices):
            notice_kinds_register(module.NOTICE_KINDS)
        notice_kinds_register(INVITATION_NOTICE_KINDS)
