from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vouchers"
    verbose_name = _("Service vouchers")

    def ready(self):
        from marketplace.notices import notice_kinds_register

        from . import notifications, receivers  # noqa: F401 - connects the payment and sanction receivers

        notice_kinds_register(notifications.NOTICE_KINDS)
