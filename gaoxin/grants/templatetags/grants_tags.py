"""Template filters of the grant pages."""

from django import template

from gaoxin.core.money import format_wan

register = template.Library()


@register.filter
def wan_amount(value) -> str:
    """Yuan as 万元 with two places and thousands separators (362500 → "36.25",
    50000000 → "5,000.00"); "—" when unknown."""
    return format_wan(value)
