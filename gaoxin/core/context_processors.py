"""The navigation menu: what each role may open, and nothing else."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.choices import Role

# Menu groups: consecutive items of one group share a dropdown (a group with one visible
# item shows as a plain link), so the bar fits one line on a laptop screen.
GROUPS = {
    "firstset": (_("First-set equipment"), "gear-wide-connected"),
    "policies": (pgettext_lazy("menu", "Policies"), "file-earmark-text"),
}

# (url name, label, icon, roles that see it[, group]); None among the roles: visitors who are
# not logged in (the public tools).
MENU = [
    (
        "dashboard:home",
        _("Overview"),
        "speedometer2",
        {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER},
    ),
    ("enterprises:mine", _("My enterprise"), "building", {Role.ENTERPRISE_USER}),
    (
        "enterprises:list",
        _("Enterprises"),
        "buildings",
        {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER},
    ),
    (
        "enterprises:verification_queue",
        _("Verification"),
        "patch-check",
        {Role.ZONE_OFFICIAL},
    ),
    (
        "reporting:campaign_list",
        _("Yearly reporting"),
        "calendar-check",
        {Role.ZONE_OFFICIAL},
    ),
    ("dashboard:advisor_home", _("My services"), "person-workspace", {Role.ADVISOR}),
    ("firstset:catalog", _("First-set catalog"), "journal-bookmark", None, "firstset"),
    (
        "firstset:estimator",
        _("Subsidy estimator"),
        "calculator",
        {Role.ENTERPRISE_USER},
        "firstset",
    ),
    (
        "firstset:public_estimator",
        _("Subsidy estimator"),
        "calculator",
        {None},
        "firstset",
    ),
    ("firstset:rules", _("Rules explorer"), "book", None, "firstset"),
    ("policies:public_list", _("Support policies"), "file-earmark-text", None, "policies"),
    (
        "policies:calculator",
        _("Policy calculator"),
        "calculator-fill",
        {Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PARK_OPERATOR},
        "policies",
    ),
    (
        "policies:public_calculator",
        _("Policy calculator"),
        "calculator-fill",
        {None},
        "policies",
    ),
    (
        "policies:manage_list",
        _("Policy management"),
        "pencil-square",
        {Role.ZONE_OFFICIAL},
        "policies",
    ),
    (
        "grants:round_list",
        _("Benefit payouts"),
        "cash-coin",
        {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER},
        "policies",
    ),
    ("grants:benefits_mine", _("Benefits received"), "award", {Role.ENTERPRISE_USER}, "policies"),
    ("audit:event_list", _("Audit trail"), "journal-check", {Role.AUDITOR}),
    ("accounts:user_list", _("Accounts"), "people", {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
    ("accounts:organisation_list", _("Organisations"), "diagram-3", {Role.SYSTEM_ADMIN}),
    ("accounts:login_policy", _("Login policy"), "shield-lock", {Role.SECURITY_ADMIN}),
    ("portal:policy_list", _("Public portal"), "globe2", None),
]


def navigation(request):
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else None
    items = []
    for name, label, icon, roles, *group in MENU:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "url": url,
                "label": label,
                "icon": icon,
                "active": False,
                "group": group[0] if group else None,
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
    entries: list[dict] = []
    for item in items:
        last = entries[-1] if entries else None
        if item["group"] and last and last.get("group") == item["group"]:
            last["children"].append(item)
            last["active"] = last["active"] or item["active"]
        elif item["group"]:
            label, icon = GROUPS[item["group"]]
            entries.append(
                {
                    "group": item["group"],
                    "label": label,
                    "icon": icon,
                    "children": [item],
                    "active": item["active"],
                }
            )
        else:
            entries.append(item)
    return [
        e["children"][0] if e.get("children") and len(e["children"]) == 1 else e for e in entries
    ]
