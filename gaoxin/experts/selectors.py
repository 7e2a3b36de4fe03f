"""Scoped reads of the expert pool, draws and score sheets."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from gaoxin.accounts.choices import Role
from gaoxin.policies.models import Policy

from . import rules
from .choices import AssignmentStatus
from .models import Assignment, Draw, Expert


def visible_experts(user) -> QuerySet[Expert]:
    """The pool of the user's zone, for its officials and auditor; nothing for anyone else."""
    qs = Expert.objects.select_related("organisation", "user", "zone")
    zone = rules.user_zone(user)
    if not rules.can_view_pool(user) or zone is None:
        return qs.none()
    return qs.filter(zone=zone)


def expert_search(user, *, q: str = "", field: str = "", active: str = "") -> QuerySet[Expert]:
    qs = visible_experts(user)
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(organisation_name__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(fields_text__icontains=q)
            | Q(title__icontains=q)
        )
    if field:
        qs = qs.filter(fields_text__icontains=field)
    if active in ("1", "0"):
        qs = qs.filter(active=active == "1")
    return qs.order_by("name", "id")


def known_fields(user) -> list[str]:
    """Every field named in the user's pool, sorted (for the search's choices)."""
    seen: set[str] = set()
    for fields in visible_experts(user).values_list("fields", flat=True):
        seen.update(fields or [])
    return sorted(seen)


def visible_draws(user) -> QuerySet[Draw]:
    """Draws of the user's zone's policies (officials, auditor), or of the zones of the
    reviewer's province; nothing for anyone else."""
    qs = Draw.objects.select_related("policy", "policy__zone", "enterprise", "drawn_by")
    if not rules.can_view_draws(user) or not user.organisation_id:
        return qs.none()
    if user.role == Role.PROVINCIAL_REVIEWER:
        prefix = user.organisation.region_code[:2]
        return qs.filter(policy__zone__region_code__startswith=prefix) if prefix else qs.none()
    zone = rules.user_zone(user)
    return qs.filter(policy__zone=zone) if zone else qs.none()


def latest_draw(subject) -> Draw | None:
    """The newest draw for ``subject`` (unscoped: the caller has checked access to it)."""
    content_type = ContentType.objects.get_for_model(subject)
    return (
        Draw.objects.filter(content_type=content_type, object_id=subject.pk)
        .select_related("policy", "enterprise")
        .order_by("-drawn_at", "-id")
        .first()
    )


def _own_sheets(user) -> QuerySet[Assignment]:
    qs = Assignment.objects.select_related("draw", "draw__policy", "draw__enterprise", "expert")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    return qs.filter(expert__user=user)


def assignments_for_user(user) -> QuerySet[Assignment]:
    """The expert's pending score sheets, oldest draw first."""
    return (
        _own_sheets(user).filter(status=AssignmentStatus.PENDING).order_by("draw__drawn_at", "id")
    )


def done_for_user(user) -> QuerySet[Assignment]:
    return (
        _own_sheets(user).filter(status=AssignmentStatus.SUBMITTED).order_by("-submitted_at", "-id")
    )


def scorable_assignment(user, pk: int) -> Assignment | None:
    """The sheet ``pk`` if ``user`` may see it: their own, or one of a draw they may read."""
    qs = Assignment.objects.select_related(
        "draw", "draw__policy__zone", "draw__enterprise", "expert"
    )
    own = qs.filter(pk=pk, expert__user=user).first() if user.is_authenticated else None
    if own is not None:
        return own
    return qs.filter(pk=pk, draw__in=visible_draws(user)).first()


def sheet_policies(user) -> QuerySet[Policy]:
    """The policies whose scoring sheet the official may edit: their zone's."""
    zone = rules.user_zone(user)
    if not rules.can_manage_pool(user) or zone is None:
        return Policy.objects.none()
    return Policy.objects.filter(zone=zone).order_by("title")
