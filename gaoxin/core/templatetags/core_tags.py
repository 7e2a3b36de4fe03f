from django import template

from gaoxin.core.money import format_whole_wan, format_yuan

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
    return format_whole_wan(value)


@register.filter
def yuan(value) -> str:
    """An amount in yuan with thousands separators and two places: 1377154.5 → "1,377,154.50",
    -5 → "−5.00" (U+2212)."""
    return format_yuan(value)


@register.filter
def cny(value) -> str:
    """An amount with the yuan sign, the minus before it: "¥1,377,154.50", "−¥6,271,233.64"."""
    return format_yuan(value, sign=True)
