"""Template filters of the audit trail: ``{{ event.action|action_label }}`` and
``{% for row in event|change_rows %}``."""

from django import template

from ..actions import action_label as _action_label
from ..display import change_rows as _change_rows

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return _action_label(code)


@register.filter
def change_rows(event) -> list:
    return _change_rows(event)
