from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from gaoxin.core.datacache import cached_figures
from gaoxin.core.money import format_whole_wan, format_yuan
from gaoxin.core.registry import desk_panels

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


@register.simple_tag(takes_context=True)
def desk(context) -> str:
    """The desk panels of the user's role (``registry.desk_panel``), rendered in order."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    # the panels hold links and counts, no form: cached as HTML until the next change
    parts = cached_figures(
        "desk",
        user,
        lambda: [
            render_to_string(panel.template, {**ctx, "user": user}, request=request)
            for panel, ctx in desk_panels(user)
        ],
    )
    if not parts:
        return ""
    # each part is a rendered template (safe); format_html escapes nothing else
    return format_html(
        '<div class="row g-3 mb-3" data-testid="desk">{}</div>',
        format_html_join("", "{}", ((part,) for part in parts)),
    )


class FiguresNode(template.Node):
    def __init__(self, name: str, vary: list, nodelist):
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context) -> str:
        request = context.get("request")
        user = getattr(request, "user", None)
        parts = (self.name, *(str(v.resolve(context)) for v in self.vary))
        return cached_figures(repr(parts), user, lambda: self.nodelist.render(context))


@register.tag
def cachedfigures(parser, token):
    """``{% cachedfigures "name" value … %}…{% endcachedfigures %}``: the enclosed part
    rendered once for the user's scope, the language, the day, the values given (the query
    string, a page number …) and the database's change counter (gaoxin.core.datacache), so
    it is rendered afresh after any change. The part must not hold a form's CSRF token or
    anything else of one request (messages, the session)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfigures needs a name")
    name = bits[1].strip("\"'")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endcachedfigures",))
    parser.delete_first_token()
    return FiguresNode(name, vary, nodelist)
