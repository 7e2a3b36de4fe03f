"""The innovation entries (创新): research institutes and their projects."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.registry import menu_group

menu_group("innovation", _("Innovation"), "lightbulb")

# --- institutes ---
# --- projects ---
