from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirstsetConfig(AppConfig):
    name = "gaoxin.firstset"
    label = "firstset"
    verbose_name = _("First-set equipment insurance compensation")
