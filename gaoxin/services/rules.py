"""Who may read and work on the services (django-rules; objects via scoping.py)."""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import (
    is_advisor,
    is_enterprise_user,
    is_park_operator,
    is_provincial_reviewer,
    is_zone_official,
)

STAFF = is_zone_official | is_park_operator | is_provincial_reviewer
WORKING_STAFF = is_zone_official | is_park_operator

rules.add_perm("services.view_services", STAFF | is_enterprise_user | is_advisor)

# --- advisors (pool, reports) ---
rules.add_perm("services.view_advisors", STAFF | is_enterprise_user | is_advisor)
rules.add_perm("services.manage_advisors", is_zone_official)
rules.add_perm("services.view_domains", STAFF)
rules.add_perm("services.manage_domains", is_zone_official)
rules.add_perm("services.view_reports", STAFF)
# --- requests ---
# Reading the requests: staff, enterprise users and advisors (each their own, scoping.py);
# filing: enterprise users, zone officials and park operators; settings: zone officials.
rules.add_perm("services.view_requests", STAFF | is_enterprise_user | is_advisor)
rules.add_perm("services.file_request", WORKING_STAFF | is_enterprise_user)
rules.add_perm("services.change_settings", is_zone_official)


def can_view_requests(user) -> bool:
    return rules.has_perm("services.view_requests", user)


def can_file_request(user) -> bool:
    return rules.has_perm("services.file_request", user)


def can_change_settings(user) -> bool:
    return rules.has_perm("services.change_settings", user)


# --- events (consultations, seminars) ---
# Who reaches the consultation and seminar pages at all (objects: services_events.py checks and
# scoping.py): staff of a zone or province, enterprise users and advisors; the zone's officials
# and park operators run the series and seminars.
rules.add_perm("services.view_events", STAFF | is_enterprise_user | is_advisor)
rules.add_perm("services.run_events", WORKING_STAFF)
rules.add_perm("services.run_consultations", WORKING_STAFF | is_advisor)
# --- signals (resource matching, tasks, signal rules) ---
rules.add_perm("services.view_matches", STAFF | is_enterprise_user | is_advisor)
rules.add_perm("services.create_match", WORKING_STAFF | is_advisor)
rules.add_perm("services.view_tasks", WORKING_STAFF | is_advisor)
rules.add_perm("services.manage_signal_rules", is_zone_official)
