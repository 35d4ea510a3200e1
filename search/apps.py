from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "marketsearch"
    verbose_name = "Marketplace search"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .alerts import receivers as alert_receivers  # noqa: F401
