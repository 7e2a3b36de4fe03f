"""The navigation bar of every role, pinned: the registry (each app's menu.py) must give exactly
these entries, in this order, in these groups. Change this file on purpose only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.core.context_processors import navigation

# --- firstset: one dropdown; every role sees the catalog, the public results, the certificate
# verification and the rules explorer, and the program's pages of its role in between ---
FS_CATALOG = ("/firstset/catalog/", "First-set catalog", "journal-bookmark")
FS_ESTIMATOR = ("/firstset/estimator/", "Subsidy estimator", "calculator")
FS_PUBLIC_ESTIMATOR = ("/firstset/estimator/public/", "Subsidy estimator", "calculator")
FS_DECLARATIONS = ("/firstset/declarations/", "Equipment declarations", "clipboard-check")
FS_QUALIFICATIONS = ("/firstset/qualifications/", "Qualifications", "award")
FS_INSURANCE = ("/firstset/insurance/", "Insurance policies", "shield-check")
FS_CLAIMS = ("/firstset/claims/apply/", "Premium-subsidy application", "cash-coin")
FS_QUEUE = ("/firstset/insurance/queue/", "Policy verification", "patch-check")
FS_SUPERVISION = ("/firstset/supervision/", "Supervision of spending", "graph-up-arrow")
FS_PROPOSALS = ("/firstset/proposals/", "Catalog revision proposals", "lightbulb")
FS_RESULTS = ("/firstset/results/", "Qualification results", "megaphone")
FS_VERIFY = ("/firstset/verify/", "Certificate verification", "qr-code-scan")
FS_RULES = ("/firstset/rules/", "Rules explorer", "book")


def firstset_group(*items):
    return (
        "firstset",
        "First-set equipment",
        "gear-wide-connected",
        [FS_CATALOG, *items, FS_RESULTS, FS_VERIFY, FS_RULES],
    )


FIRSTSET = firstset_group()
FIRSTSET_OFFICIALS = firstset_group(FS_QUALIFICATIONS, FS_QUEUE, FS_SUPERVISION, FS_PROPOSALS)
SUPPORT_POLICIES = ("/policies/", "Support policies", "file-earmark-text")
PORTAL = ("/public/", "Public portal", "globe2")
OVERVIEW = ("/overview/", "Overview", "speedometer2")
ENTERPRISES = ("/enterprises/", "Enterprises", "buildings")
CALCULATOR = ("/policies/calculator/", "Policy calculator", "calculator-fill")
PAYOUTS = ("/grants/", "Benefit payouts", "cash-coin")
EXPERT_POOL = ("/experts/", "Expert pool", "person-badge")
FUNDS = ("/funds/", "Fund ledgers", "piggy-bank")
REVIEWS = ("/applications/reviews/", "Reviews", "clipboard-check")
APPLICATIONS = ("/applications/all/", "Applications", "folder2-open")
# --- parks, clusters and the investment pipeline: one dropdown ---
PARKS = ("/parks/", "Parks", "houses")
CLUSTERS = ("/clusters/", "Industrial clusters", "diagram-2")
INVESTMENT = ("/investment/", "Investment", "binoculars")
PARKS_GROUP = ("parks", "Parks and investment", "buildings", [PARKS, CLUSTERS, INVESTMENT])


def policies_group(*children):
    return ("policies", "Policies", "file-earmark-text", [SUPPORT_POLICIES, *children])


MENUS = {
    None: [
        firstset_group(FS_PUBLIC_ESTIMATOR),
        policies_group(("/policies/calculator/public/", "Policy calculator", "calculator-fill")),
        PORTAL,
    ],
    Role.ZONE_OFFICIAL: [
        OVERVIEW,
        ENTERPRISES,
        ("/enterprises/verification/", "Verification", "patch-check"),
        PARKS_GROUP,
        ("/reporting/", "Yearly reporting", "calendar-check"),
        EXPERT_POOL,
        FIRSTSET_OFFICIALS,
        policies_group(
            CALCULATOR,
            ("/policies/manage/", "Policy management", "pencil-square"),
            PAYOUTS,
            FUNDS,
            REVIEWS,
            APPLICATIONS,
            ("/applications/stages/", "Review stages", "diagram-3"),
        ),
        PORTAL,
    ],
    Role.PARK_OPERATOR: [
        OVERVIEW,
        ENTERPRISES,
        PARKS_GROUP,
        FIRSTSET,
        policies_group(CALCULATOR, PAYOUTS, REVIEWS),
        PORTAL,
    ],
    Role.PROVINCIAL_REVIEWER: [
        OVERVIEW,
        ENTERPRISES,
        PARKS_GROUP,
        FIRSTSET_OFFICIALS,
        policies_group(PAYOUTS, REVIEWS),
        PORTAL,
    ],
    Role.ENTERPRISE_USER: [
        ("/enterprises/mine/", "My enterprise", "building"),
        firstset_group(
            FS_ESTIMATOR,
            FS_DECLARATIONS,
            FS_QUALIFICATIONS,
            FS_INSURANCE,
            FS_CLAIMS,
            FS_PROPOSALS,
        ),
        policies_group(
            CALCULATOR,
            ("/grants/mine/", "Notices and payouts (免申即享)", "award"),
            ("/funds/enjoyed/", "Benefits received", "wallet2"),
            ("/applications/", "My applications", "file-earmark-text"),
        ),
        PORTAL,
    ],
    Role.ADVISOR: [
        ("/advisor/", "My services", "person-workspace"),
        ("/experts/mine/", "My score sheets", "clipboard-check"),
        FIRSTSET,
        SUPPORT_POLICIES,
        PORTAL,
    ],
    Role.AUDITOR: [
        EXPERT_POOL,
        firstset_group(FS_QUALIFICATIONS, FS_SUPERVISION),
        policies_group(FUNDS, APPLICATIONS),
        ("/audit/", "Audit trail", "journal-check"),
        PORTAL,
    ],
    Role.SYSTEM_ADMIN: [
        FIRSTSET,
        SUPPORT_POLICIES,
        ("/accounts/users/", "Accounts", "people"),
        ("/accounts/organisations/", "Organisations", "diagram-3"),
        PORTAL,
    ],
    Role.SECURITY_ADMIN: [
        FIRSTSET,
        SUPPORT_POLICIES,
        ("/accounts/users/", "Accounts", "people"),
        ("/accounts/login-policy/", "Login policy", "shield-lock"),
        ("/calendar/holidays/", "Holiday arrangements", "calendar3"),
        PORTAL,
    ],
}

# --- events ---
# Events (活动), for everyone, anonymous visitors included, just before the public portal.
EVENTS = ("/events/", "Events", "calendar-event")
for _entries in MENUS.values():
    _entries.insert(_entries.index(PORTAL), EVENTS)

# --- innovation: one dropdown after the policies dropdown (orders 690, 695) ---
INNOVATION_ITEMS = [  # (entry, roles), in menu order
    (
        ("/institutes/", "Research institutes", "building-gear"),
        (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER),
    ),
    (
        ("/institutes/projects/", "Institute projects", "kanban"),
        (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER),
    ),
]
for _role in (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
):
    _items = [entry for entry, roles in INNOVATION_ITEMS if _role in roles]
    _entry = _items[0] if len(_items) == 1 else ("innovation", "Innovation", "lightbulb", _items)
    _entries = MENUS[_role]
    _entries.insert(next(i for i, e in enumerate(_entries) if e[0] == "policies") + 1, _entry)

# --- services: one dropdown just before Events, the items of each role in menu order ---
_ALL_SERVICE_ROLES = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
    Role.ADVISOR,
)
_STAFF = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)
SERVICE_ITEMS = [  # (entry, roles), in menu order
    (("/services/advisors/", "Advisors", "person-badge"), _ALL_SERVICE_ROLES),
    (("/services/requests/", "Service requests", "chat-square-text"), _ALL_SERVICE_ROLES),
    (("/services/consultations/", "Consultations", "calendar-week"), _ALL_SERVICE_ROLES),
    (("/services/seminars/", "Seminars", "easel"), _ALL_SERVICE_ROLES),
    (
        ("/services/matches/", "Resource matching", "link-45deg"),
        _ALL_SERVICE_ROLES,
    ),
    (
        ("/services/tasks/", "Advisor tasks", "list-check"),
        (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.ADVISOR),
    ),
    (("/services/reports/", "Service reports", "bar-chart-line"), _STAFF),
    (("/services/signals/", "Signal rules", "broadcast"), (Role.ZONE_OFFICIAL,)),
    (("/services/settings/", "Service settings", "sliders"), (Role.ZONE_OFFICIAL,)),
]
for _role in _ALL_SERVICE_ROLES:
    _items = [entry for entry, roles in SERVICE_ITEMS if _role in roles]
    _entry = _items[0] if len(_items) == 1 else ("services", "Services", "people", _items)
    MENUS[_role].insert(MENUS[_role].index(EVENTS), _entry)


def shape(entries: list[dict]) -> list[tuple]:
    out = []
    for entry in entries:
        if entry.get("children"):
            children = [(c["url"], str(c["label"]), c["icon"]) for c in entry["children"]]
            out.append((entry["group"], str(entry["label"]), entry["icon"], children))
        else:
            out.append((entry["url"], str(entry["label"]), entry["icon"]))
    return out


def menu_of(role, path="/"):
    request = RequestFactory().get(path)
    request.user = SimpleNamespace(is_authenticated=role is not None, role=role or "")
    with translation.override("en"):
        context = navigation(request)
        return shape(context["nav_entries"]), context


def test_every_role_is_pinned():
    assert set(MENUS) == {None, *Role.values}


@pytest.mark.parametrize("role", list(MENUS), ids=lambda r: r or "anonymous")
def test_menu_of_each_role(role):
    assert menu_of(role)[0] == MENUS[role]


def test_one_active_entry_the_longest_prefix():
    _, context = menu_of(Role.ZONE_OFFICIAL, "/enterprises/verification/queue/")
    active = [item["url"] for item in context["nav_items"] if item["active"]]
    assert active == ["/enterprises/verification/"]
    groups = [e["group"] for e in context["nav_entries"] if e.get("children") and e["active"]]
    assert groups == []
    _, context = menu_of(Role.ZONE_OFFICIAL, "/grants/round/1/")
    groups = [e["group"] for e in context["nav_entries"] if e.get("children") and e["active"]]
    assert groups == ["policies"]
