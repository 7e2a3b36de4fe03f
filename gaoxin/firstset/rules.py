"""Who may do what with the first-set pages (django-rules).

The catalog is public: anyone, logged in or not, reads it and checks a model against an entry.
The provincial reviewer keeps it (create, change, delete, import, export, new editions). The
subsidy estimator is for enterprise staff, and open to zone officials and provincial reviewers
who help them; it saves nothing.
"""

import rules

from gaoxin.accounts.rules import is_enterprise_user, is_provincial_reviewer, is_zone_official

rules.add_perm("firstset.manage_catalog", is_provincial_reviewer)
rules.add_perm(
    "firstset.use_estimator", is_enterprise_user | is_zone_official | is_provincial_reviewer
)


def can_manage_catalog(user) -> bool:
    return rules.has_perm("firstset.manage_catalog", user)


def can_use_estimator(user) -> bool:
    return rules.has_perm("firstset.use_estimator", user)


# --- qualifications (declarations, requests, qualifications, results) ---
# Enterprise users declare their equipment and apply; zone officials (their zone's firms) and
# provincial reviewers (their province's firms) read declarations; the auditor also reads the
# qualifications of the zone. The public results are open to anyone.
from gaoxin.accounts.rules import is_auditor  # noqa: E402

rules.add_perm("firstset.declare", is_enterprise_user)
rules.add_perm(
    "firstset.view_declarations", is_enterprise_user | is_zone_official | is_provincial_reviewer
)
rules.add_perm(
    "firstset.view_qualifications",
    is_enterprise_user | is_zone_official | is_provincial_reviewer | is_auditor,
)


def can_declare(user) -> bool:
    return rules.has_perm("firstset.declare", user)


def can_view_declarations(user) -> bool:
    return rules.has_perm("firstset.view_declarations", user)


def can_view_qualifications(user) -> bool:
    return rules.has_perm("firstset.view_qualifications", user)


# --- insurance (policies, subsidy claims) ---
# --- supervision (claw-back, bans, alerts) ---
# The supervision pages, the report per 工信局 and the ban list: zone officials and auditors (their
# zone), provincial reviewers (their province); scoping in selectors_supervision.py. A
# qualification's supervision page is also open to its own enterprise's users. Claw-back and
# ban: the zone's officials (the funds ledger's managers; funds.services._require_manager).
from gaoxin.accounts.rules import is_auditor  # noqa: E402

rules.add_perm("firstset.supervise", is_zone_official | is_provincial_reviewer | is_auditor)
rules.add_perm("firstset.claw_back", is_zone_official)


def can_supervise(user) -> bool:
    return rules.has_perm("firstset.supervise", user)


def can_claw_back(user, qualification) -> bool:
    """A zone official of the qualification's enterprise's zone."""
    zone = user.zone if rules.has_perm("firstset.claw_back", user) else None
    return zone is not None and qualification.enterprise.zone_id == zone.pk


# --- certificates ---
# --- proposals (catalog revision feedback) and estimator ---
# Enterprise users propose for their enterprise; zone officials (their zone's enterprises) and
# provincial reviewers (their province's) read, comment, collect or decline and export; the
# scoping by organisation is services_proposals.proposals_for.
rules.add_perm("firstset.propose", is_enterprise_user)
rules.add_perm(
    "firstset.read_proposals", is_enterprise_user | is_zone_official | is_provincial_reviewer
)
rules.add_perm("firstset.review_proposals", is_zone_official | is_provincial_reviewer)


def can_propose(user) -> bool:
    return rules.has_perm("firstset.propose", user)


def can_read_proposals(user) -> bool:
    return rules.has_perm("firstset.read_proposals", user)


def can_review_proposals(user) -> bool:
    return rules.has_perm("firstset.review_proposals", user)
