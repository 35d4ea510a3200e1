from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "marketsearch"
    verbose_name = "Marketplace search"

    def ready(self) -> None:
        from marketplace.notices import notice_kinds_register

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .alerts import notices
        from .alerts import receivers as alert_receivers  # noqa: F401

        notice_kinds_register(notices.NOTICE_KINDS)
