from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "licences"
    verbose_name = "Licences"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
