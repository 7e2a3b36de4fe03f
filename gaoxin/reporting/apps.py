from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "gaoxin.reporting"
    label = "reporting"
    verbose_name = _("Yearly reporting")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the permissions)
