"""Who may do what with events (django-rules), on top of ``scoping.py``.

- everyone, anonymous visitors included, reads public events and registers for open ones;
- zone officials, park operators and provincial reviewers also read their zone's (province's)
  non-public events;
- zone officials create events and manage every event of their zone; park operators create
  events at their parks and manage the events at their parks or that they created;
- an event's managers see its registrations (phone numbers unmasked), export and cancel them;
- a logged-in registrant cancels their own registration.
"""

from __future__ import annotations

import rules

from gaoxin.accounts.rules import is_park_operator, is_zone_official

from . import scoping


@rules.predicate
def manages_event(user, event) -> bool:
    return event is not None and scoping.can_manage(user, event)


@rules.predicate
def owns_registration(user, registration) -> bool:
    return bool(
        registration is not None
        and user.is_authenticated
        and registration.user_id is not None
        and registration.user_id == user.pk
    )


rules.add_perm("events.create_event", is_zone_official | is_park_operator)
rules.add_perm("events.manage_event", manages_event)
rules.add_perm("events.cancel_own_registration", owns_registration)


def can_create(user) -> bool:
    return rules.has_perm("events.create_event", user)


def can_manage(user, event) -> bool:
    return rules.has_perm("events.manage_event", user, event)


def can_cancel_own(user, registration) -> bool:
    return rules.has_perm("events.cancel_own_registration", user, registration)
