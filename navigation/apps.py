from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NavigationConfig(AppConfig):
    name = "navigation"
    verbose_name = _("Patent navigation")

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - keeps the applicant table in step with every patent write
