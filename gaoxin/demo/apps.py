from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "gaoxin.demo"
    label = "demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        # The zone loader lives in loader.py, not demo.py (the package is itself the demo).
        from . import loader  # noqa: F401  (registers the "zone" demo loader)
