from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "licences"
    verbose_name = "Licences"

    def ready(self):
        from . import royalty_receivers  # noqa: F401 - connects the receivers
