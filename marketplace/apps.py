from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from . import listing_notices
        from .notices import notice_kinds_register

        notice_kinds_register(listing_notices.NOTICE_KINDS)
