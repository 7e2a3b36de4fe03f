"""Events (活动) in the navigation bar: for everyone, anonymous visitors included, next to the
public portal."""

from django.utils.translation import gettext_lazy as _

from gaoxin.core.registry import menu_item

menu_item("events:list", _("Events"), "calendar-event", order=890)
