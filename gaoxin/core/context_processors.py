"""The navigation menu: what each role may open, and nothing else.

The entries are not listed here: each app declares its own in its ``menu.py`` (see
:mod:`gaoxin.core.registry`), and this puts together the ones the user may see.
"""

from django.urls import NoReverseMatch, reverse

from .registry import menu_groups, menu_items


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    for entry in menu_items():
        if not entry.visible_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
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
    return {"nav_items": items, "nav_entries": _grouped(items)}


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
