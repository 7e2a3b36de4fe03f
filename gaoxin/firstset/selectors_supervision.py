"""Reads of the supervision pages: which qualifications and bans a user sees.

- zone officials and auditors: those of their zone's enterprises;
- provincial reviewers: those of enterprises in their province (the first two digits of the
  region code of the reviewer's organisation);
- enterprise users: their own enterprise's (its qualification's supervision page, the desk);
- everyone else: none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gaoxin.accounts.choices import Role

from .models import Ban, Qualification


def enterprise_scope(user, prefix: str = "enterprise__") -> Q | None:
    """The filter on enterprises ``user`` supervises or owns, or None for nothing."""
    if not (user and user.is_authenticated and user.is_active and user.organisation_id):
        return None
    if user.role in (Role.ZONE_OFFICIAL, Role.AUDITOR):
        zone = user.zone
        return Q(**{f"{prefix}zone": zone}) if zone is not None else None
    if user.role == Role.PROVINCIAL_REVIEWER:
        region = user.organisation.region_code[:2]
        return Q(**{f"{prefix}region_code__startswith": region}) if len(region) == 2 else None
    if user.role == Role.ENTERPRISE_USER:
        return Q(**{f"{prefix}organisation_id": user.organisation_id})
    return None


def visible_qualifications(user) -> QuerySet[Qualification]:
    scope = enterprise_scope(user)
    if scope is None:
        return Qualification.objects.none()
    return Qualification.objects.filter(scope).select_related("enterprise", "round", "entry")


def supervision_list(user, *, filters: dict | None = None) -> QuerySet[Qualification]:
    """The qualifications of the supervision page: round (id), recommending unit (name)."""
    filters = filters or {}
    qs = visible_qualifications(user)
    if filters.get("round"):
        qs = qs.filter(round_id=filters["round"])
    if filters.get("unit"):
        qs = qs.filter(recommending_unit=filters["unit"])
    return qs.order_by("-round__year", "recommending_unit", "enterprise__name", "pk")


def units_of(user) -> list[str]:
    """The recommending units named by the qualifications the user sees (the filter's choices)."""
    return sorted(
        set(visible_qualifications(user).values_list("recommending_unit", flat=True)) - {""}
    )


def visible_bans(user) -> QuerySet[Ban]:
    scope = enterprise_scope(user)
    if scope is None:
        return Ban.objects.none()
    return (
        Ban.objects.filter(scope)
        .select_related("enterprise", "qualification", "created_by")
        .order_by("-starts_on", "-pk")
    )
