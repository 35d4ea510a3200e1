from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "licences"
    verbose_name = "Licences"

    def ready(self) -> None:
        from marketplace.notices import notice_kinds_register

        from . import notifications, receivers  # noqa: F401  (connects the signal receivers)

        notice_kinds_register(notifications.NOTICE_KINDS)
