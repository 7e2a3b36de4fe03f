"""Who may do what with applications (django-rules).

- an enterprise user applies for their own enterprise and sees its applications;
- zone officials of the policy's zone configure its stages and oversee all its applications;
- the owner of a stage (its organisation and role) acts on that stage's open reviews and reads
  the applications of the policies whose stages they own (not drafts);
- the auditor of the policy's zone reads;
- anyone else: 403 for the pages, 404 for an application (it does not exist for them).
"""

from __future__ import annotations

import rules

from gaoxin.accounts.choices import Role
from gaoxin.accounts.rules import is_auditor, is_enterprise_user, is_zone_official
from gaoxin.policies import rules as policy_rules


def active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def enterprise_of(user):
    """The enterprise an enterprise user acts for, or None."""
    if not active(user) or user.role != Role.ENTERPRISE_USER or not user.organisation_id:
        return None
    return getattr(user.organisation, "enterprise", None)


def zone_of(user):
    return user.organisation.home_zone if active(user) and user.organisation_id else None


def owns_stage(user, stage) -> bool:
    return bool(
        active(user)
        and stage is not None
        and user.role == stage.owner_role
        and user.organisation_id == stage.owner_organisation_id
    )


def can_configure(user, policy) -> bool:
    """A zone official of the policy's zone."""
    return active(user) and policy_rules.can_manage(user, policy)


def can_apply(user) -> bool:
    return enterprise_of(user) is not None


def can_edit(user, application) -> bool:
    """The applicant's users, while it is a draft or returned."""
    enterprise = enterprise_of(user)
    return (
        enterprise is not None
        and application.enterprise_id == enterprise.pk
        and application.status in ("draft", "returned")
    )


rules.add_perm("applications.apply", is_enterprise_user)
rules.add_perm("applications.oversee_applications", is_zone_official | is_auditor)


def can_oversee(user) -> bool:
    return rules.has_perm("applications.oversee_applications", user)


def can_use_queue(user) -> bool:
    return (
        active(user)
        and user.role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)
        and bool(user.organisation_id)
    )
