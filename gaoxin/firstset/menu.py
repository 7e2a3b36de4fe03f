"""首台(套)'s dropdown of the navigation bar (collected by gaoxin.core.registry)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.accounts.choices import Role
from gaoxin.core.registry import menu_group, menu_item

menu_group("firstset", _("First-set equipment"), "gear-wide-connected")

menu_item(
    "firstset:catalog", _("First-set catalog"), "journal-bookmark", order=500, group="firstset"
)
menu_item(
    "firstset:estimator",
    _("Subsidy estimator"),
    "calculator",
    order=510,
    roles=[Role.ENTERPRISE_USER],
    group="firstset",
)
menu_item(
    "firstset:public_estimator",
    _("Subsidy estimator"),
    "calculator",
    order=511,
    roles=[None],
    group="firstset",
)
menu_item("firstset:rules", _("Rules explorer"), "book", order=590, group="firstset")

# --- qualifications (declarations, requests, qualifications, results) ---
menu_item(
    "firstset:declaration_list",
    _("Equipment declarations"),
    "clipboard-check",
    order=520,
    roles=[Role.ENTERPRISE_USER],
    group="firstset",
)
menu_item(
    "firstset:qualification_list",
    pgettext_lazy("firstset", "Qualifications"),
    "award",
    order=525,
    roles=[Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER, Role.AUDITOR],
    group="firstset",
)
menu_item("firstset:results", _("Qualification results"), "megaphone", order=560, group="firstset")
# --- insurance (policies, subsidy claims) ---
menu_item(
    "firstset:insurance_list",
    _("Insurance policies"),
    "shield-check",
    order=540,
    roles=[Role.ENTERPRISE_USER],
    group="firstset",
)
menu_item(
    "firstset:claim_start",
    _("Premium-subsidy application"),
    "cash-coin",
    order=541,
    roles=[Role.ENTERPRISE_USER],
    group="firstset",
)
menu_item(
    "firstset:insurance_queue",
    _("Policy verification"),
    "patch-check",
    order=542,
    roles=[Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER],
    group="firstset",
)
# --- insurance end ---
# --- supervision (claw-back, bans, alerts) ---
menu_item(
    "firstset:supervision",
    _("Supervision of spending"),
    "graph-up-arrow",
    order=545,
    roles=[Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER, Role.AUDITOR],
    group="firstset",
)
# --- certificates ---
menu_item(
    "firstset:verify", _("Certificate verification"), "qr-code-scan", order=565, group="firstset"
)
# --- proposals (catalog revision feedback) and estimator ---
menu_item(
    "firstset:proposal_list",
    _("Catalog revision proposals"),
    "lightbulb",
    order=550,
    roles=[Role.ENTERPRISE_USER, Role.ZONE_OFFICIAL, Role.PROVINCIAL_REVIEWER],
    group="firstset",
)
