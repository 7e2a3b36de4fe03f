from django import template

from gaoxin.core.money import to_yuan

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def wan(value) -> str:
    """Yuan shown as 万元 (10 000 yuan) with thousands separators: 12884000000 → "1,288,400"."""
    from decimal import ROUND_HALF_UP, Decimal

    if value in (None, ""):
        return "—"
    amount = (Decimal(value) / Decimal(10000)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{amount:,}"


@register.filter
def yuan(value) -> str:
    """An amount in yuan with thousands separators and two places: 1377154.5 → "1,377,154.50"."""
    from decimal import Decimal

    if value in (None, ""):
        return "—"
    return f"{to_yuan(Decimal(value)):,.2f}"
