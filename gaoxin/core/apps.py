from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gaoxin.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import lookups  # noqa: F401 - registers field__any_of
        from .registry import discover_menus

        discover_menus()  # each app's menu.py registers its entries
