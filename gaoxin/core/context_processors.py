"""The navigation menu: what each role may open, and nothing else."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.choices import Role

# (url name, label, icon, roles that see it)
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
    ("dashboard:advisor_home", _("My services"), "person-workspace", {Role.ADVISOR}),
    ("firstset:catalog", _("First-set catalog"), "journal-bookmark", None),
    ("firstset:estimator", _("Subsidy estimator"), "calculator", {Role.ENTERPRISE_USER}),
    ("firstset:rules", _("Rules explorer"), "book", None),
    ("policies:public_list", _("Support policies"), "file-earmark-text", None),
    (
        "policies:calculator",
        _("Policy calculator"),
        "calculator-fill",
        {Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PARK_OPERATOR},
    ),
    ("policies:manage_list", _("Policy management"), "pencil-square", {Role.ZONE_OFFICIAL}),
    (
        "grants:round_list",
        _("Benefit payouts"),
        "cash-coin",
        {Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER},
    ),
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
    for name, label, icon, roles in MENU:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "icon": icon, "active": request.path == url})
    return {"nav_items": items}
