"""Who may do what with the expert pool, draws and score sheets (django-rules).

- a zone's pool is managed by its zone officials and read by its auditor; nobody else sees it;
- a draw is read by the zone officials and the auditor of the policy's zone, and by the
  provincial reviewers whose province holds the zone; another zone's draw is 404 for them;
- a draw is made by a zone official of the policy's zone or a provincial reviewer of its
  province (or by the system, ``actor=None``, for the applications workflow);
- a score sheet is submitted by the expert's own account, or by a zone official of the
  policy's zone who records a paper sheet;
- scoring sheets per policy are edited by zone officials of the policy's zone.
"""

from __future__ import annotations

import rules

from gaoxin.accounts.choices import Role


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def user_zone(user):
    return user.organisation.home_zone if _active(user) and user.organisation_id else None


def _province_holds(user, zone) -> bool:
    prefix = user.organisation.region_code[:2] if user.organisation_id else ""
    return bool(prefix and zone is not None and zone.region_code.startswith(prefix))


@rules.predicate
def can_view_pool(user) -> bool:
    return _active(user) and user.role in (Role.ZONE_OFFICIAL, Role.AUDITOR)


@rules.predicate
def can_manage_pool(user) -> bool:
    return _active(user) and user.role == Role.ZONE_OFFICIAL


@rules.predicate
def can_view_draws(user) -> bool:
    return _active(user) and user.role in (
        Role.ZONE_OFFICIAL,
        Role.AUDITOR,
        Role.PROVINCIAL_REVIEWER,
    )


def is_official_of(user, zone) -> bool:
    return bool(can_manage_pool(user) and zone is not None and user_zone(user) == zone)


def can_manage_expert(user, expert) -> bool:
    return is_official_of(user, expert.zone)


def can_draw(user, policy) -> bool:
    """The system (None), a zone official of the policy's zone or a provincial reviewer of its
    province."""
    if user is None:
        return True
    if is_official_of(user, policy.zone):
        return True
    return (
        _active(user)
        and user.role == Role.PROVINCIAL_REVIEWER
        and _province_holds(user, policy.zone)
    )


def can_manage_sheet(user, policy) -> bool:
    return is_official_of(user, policy.zone)


def can_score(user, assignment) -> bool:
    """The expert's own account, or a zone official of the policy's zone (a paper sheet)."""
    if not _active(user):
        return False
    if assignment.expert.user_id == user.pk:
        return True
    return is_official_of(user, assignment.draw.policy.zone)


rules.add_perm("experts.view_pool", can_view_pool)
rules.add_perm("experts.manage_pool", can_manage_pool)
rules.add_perm("experts.view_draws", can_view_draws)
