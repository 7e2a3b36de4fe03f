"""Which institutes and projects a user may see and work on.

- zone official: every institute of their zone (works on them);
- park operator: the institutes of its zone (read), and works on those in the parks it operates;
- provincial reviewer: the institutes of the zones in their province (read);
- enterprise user: the institutes its enterprise is a member of (read; its own projects'
  outputs are reported by the institute's staff, not typed in by the member);
- advisor, auditor and the administrators: none (403 on the pages).
Projects follow their institute.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.accounts.scoping import staff_scope

from .models import Institute, Project

READ_ROLES = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
)


def enterprise_of(user):
    if user is None or not user.is_authenticated or user.role != Role.ENTERPRISE_USER:
        return None
    return getattr(user.organisation, "enterprise", None) if user.organisation_id else None


def visible_institutes(user) -> QuerySet[Institute]:
    qs = Institute.objects.all()
    scoped = staff_scope(qs, user)  # an operator reads its zone's institutes
    if scoped is not None:
        return scoped
    enterprise = enterprise_of(user)
    if enterprise is not None:
        return qs.filter(members__enterprise=enterprise).distinct()
    return qs.none()


def visible_projects(user) -> QuerySet[Project]:
    return Project.objects.filter(institute__in=visible_institutes(user))


def can_manage_institute(user, institute: Institute) -> bool:
    """Zone officials of the institute's zone; park operators for an institute in their park."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ZONE_OFFICIAL:
        return visible_institutes(user).filter(pk=institute.pk).exists()
    if user.role == Role.PARK_OPERATOR:
        return institute.park_id is not None and institute.park.operator_id == user.organisation_id
    return False
