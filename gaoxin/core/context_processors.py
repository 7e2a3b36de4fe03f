"""The navigation menu: what each role may open, and nothing else.

The entries are not listed here: each app declares its own in its ``menu.py`` (see
:mod:`gaoxin.core.registry`), and this puts together the ones the user may see.
"""

import functools

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .registry import menu_groups, menu_items


def navigation(request):
    """Built once a request: a page rendering panels with ``render_to_string(request=...)``
    runs the context processors once per panel."""
    if not hasattr(request, "_gaoxin_navigation"):
        request._gaoxin_navigation = _navigation(request)
    return request._gaoxin_navigation


@functools.lru_cache(maxsize=1024)
def _url(urlconf: str | None, url_name: str) -> str | None:
    """A menu entry's address (reversed once per process and URLconf, not on every page)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


# The menu bar rendered, per (entries, language): the same role sees the same bar on every
# page but for the active entry, so it is rendered once per process for each, not per page.
_BARS: dict[tuple, str] = {}
_BARS_MAX = 512


def _nav_html(items: list[dict], entries: list[dict]) -> str:
    # The items decide the bar (a label is the registry's own lazy string, kept for the life of
    # the process, so its id names it); the language decides the words.
    key = (
        tuple((i["url"], id(i["label"]), i["icon"], i["active"], i["group"]) for i in items),
        get_language(),
    )
    html = _BARS.get(key)
    if html is None:
        html = render_to_string("includes/nav_bar.html", {"nav_entries": entries})
        if len(_BARS) >= _BARS_MAX:
            _BARS.clear()
        _BARS[key] = html
    return mark_safe(html)  # noqa: S308 - the output of our own template


def _navigation(request):
    user = getattr(request, "user", None)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    items = []
    for entry in menu_items():
        if not entry.visible_to(user):
            continue
        url = _url(urlconf, entry.url_name)
        if url is None:
            continue
        items.append(
            {
                "url": url,
                "label": entry.label,
                "icon": entry.icon,
                "active": False,
                "group": entry.group or None,
            }
        )
    # One active entry: the one whose address is the longest prefix of the page's
    # (/enterprises/verification/ is Verification, not Enterprises).
    matches = [item for item in items if _leads_to(request.path, item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    entries = _grouped(items)
    return {
        "nav_items": items,
        "nav_entries": entries,
        "nav_html": SimpleLazyObject(lambda: _nav_html(items, entries)),
    }


def _leads_to(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def _grouped(items: list[dict]) -> list[dict]:
    """Top-level entries of the bar: links, and dropdowns of a group's consecutive items."""
    groups = menu_groups()
    entries: list[dict] = []
    for item in items:
        last = entries[-1] if entries else None
        if item["group"] and last and last.get("group") == item["group"]:
            last["children"].append(item)
            last["active"] = last["active"] or item["active"]
        elif item["group"]:
            group = groups[item["group"]]
            entries.append(
                {
                    "group": item["group"],
                    "label": group.label,
                    "icon": group.icon,
                    "children": [item],
                    "active": item["active"],
                }
            )
        else:
            entries.append(item)
    return [
        e["children"][0] if e.get("children") and len(e["children"]) == 1 else e for e in entries
    ]
