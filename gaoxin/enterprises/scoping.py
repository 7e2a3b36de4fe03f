"""Which enterprises a user may see. Every read of the registry starts here.

- zone official: every enterprise of their zone;
- park operator: the enterprises in the parks it operates;
- provincial reviewer: the enterprises registered in their province (region code prefix);
- enterprise user: their own enterprise;
- everyone else (advisors, the three administrators, anonymous): none.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .models import Enterprise


def visible_enterprises(user) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.all()
    scoped = staff_scope(qs, user, operator="park__operator", region="region_code")
    if scoped is not None:
        return scoped
    if user.role == Role.ENTERPRISE_USER:
        return qs.filter(organisation=user.organisation)
    return qs.none()


def can_view(user, enterprise: Enterprise) -> bool:
    return visible_enterprises(user).filter(pk=enterprise.pk).exists()


def can_edit(user, enterprise: Enterprise) -> bool:
    """Enterprise users edit their own file; zone officials and park operators edit in scope."""
    if (
        user is None
        or not user.is_authenticated
        or user.role
        not in (
            Role.ENTERPRISE_USER,
            Role.ZONE_OFFICIAL,
            Role.PARK_OPERATOR,
        )
    ):
        return False
    return can_view(user, enterprise)


LIST_ROLES = (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER)


def can_verify_all(user, enterprise_ids: Iterable[int]) -> bool:
    """:func:`can_verify` for many enterprises, in one query (a department's list)."""
    ids = set(enterprise_ids)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.ZONE_OFFICIAL
        and visible_enterprises(user).filter(pk__any_of=list(ids)).count() == len(ids)
    )


def can_list(user) -> bool:
    """The registry list is for the zone, park operators and the province; an enterprise user
    has one enterprise and opens its profile instead (the API lists it for them)."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.role in LIST_ROLES
    )


def has_registry_access(user) -> bool:
    """Roles that have a scope in the registry (the API lists an enterprise user's own)."""
    return can_list(user) or bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.ENTERPRISE_USER
    )


def can_create(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR)
    )


def can_import(user) -> bool:
    return can_create(user)


def can_reveal_contacts(user, enterprise: Enterprise) -> bool:
    """Officials who press "show" see full phone numbers (audited); the enterprise always does."""
    if user is None or not user.is_authenticated:
        return False
    if user.role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        return can_view(user, enterprise)
    return False


def sees_contacts_unmasked(user, enterprise: Enterprise) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.role == Role.ENTERPRISE_USER
        and enterprise.organisation_id is not None
        and enterprise.organisation_id == user.organisation_id
    )


def can_verify(user, enterprise: Enterprise) -> bool:
    """Officials of the enterprise's zone verify its facts (核验); nobody else does."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.ZONE_OFFICIAL
        and can_view(user, enterprise)
    )


def can_use_verification_queue(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.ZONE_OFFICIAL
        and user.zone is not None
    )
