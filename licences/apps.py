from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "licences"
    verbose_name = "Licences"

    def ready(self) -> None:
        from . import receivers, royalty_receivers  # noqa: F401  (connect the signal receivers)
