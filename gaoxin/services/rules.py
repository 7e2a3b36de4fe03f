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
# --- requests ---
# --- events (consultations, seminars) ---
# Who reaches the consultation and seminar pages at all (objects: services_events.py checks and
# scoping.py): staff of a zone or province, enterprise users and advisors; the zone's officials
# and park operators run the series and seminars.
rules.add_perm("services.view_events", STAFF | is_enterprise_user | is_advisor)
rules.add_perm("services.run_events", WORKING_STAFF)
rules.add_perm("services.run_consultations", WORKING_STAFF | is_advisor)
# --- signals (resource matching, tasks, signal rules) ---
