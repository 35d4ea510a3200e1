from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = "Deals"

    def ready(self) -> None:
        from marketplace.notices import notice_kinds_register

        from . import agreement_notifications, notifications, receivers  # noqa: F401  (receivers connect signals)

        notice_kinds_register({**notifications.NOTICE_KINDS, **agreement_notifications.NOTICE_KINDS})
