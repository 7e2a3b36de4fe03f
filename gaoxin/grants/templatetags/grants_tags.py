"""Template filters of the grant pages."""

from decimal import Decimal

from django import template

from gaoxin.core.money import to_wan

register = template.Library()


@register.filter
def wan_amount(value) -> str:
    """Yuan as 万元 with two places and thousands separators (362500 → "36.25",
    50000000 → "5,000.00"); "—" when unknown."""
    if value in (None, ""):
        return "—"
    return f"{to_wan(Decimal(value)):,.2f}"
