"""Reads of applications, scoped by the user (``rules.py`` says who sees what)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from gaoxin.accounts.choices import Role

from . import rules
from .choices import ReviewStatus
from .models import Application, Review, ReviewStage


def visible_applications(user) -> QuerySet[Application]:
    qs = Application.objects.select_related("policy", "enterprise", "current_stage")
    if not rules.active(user) or not user.organisation_id:
        return qs.none()
    enterprise = rules.enterprise_of(user)
    if user.role == Role.ENTERPRISE_USER:
        return qs.filter(enterprise=enterprise) if enterprise else qs.none()
    zone = rules.zone_of(user)
    if user.role == Role.ZONE_OFFICIAL and zone is not None:
        return qs.filter(Q(policy__zone=zone) | _owned(user)).exclude(status="draft").distinct()
    if user.role == Role.AUDITOR and zone is not None:
        return qs.filter(policy__zone=zone).exclude(status="draft")
    return qs.filter(_owned(user)).exclude(status="draft").distinct()


def _owned(user) -> Q:
    """The applications that have reached a stage the user's organisation and role own (a
    review was opened for them there): a provincial reviewer sees an application once it comes
    to the province, not while the zone still reviews it."""
    stages = ReviewStage.objects.filter(
        owner_organisation_id=user.organisation_id, owner_role=user.role
    ).values("pk")
    return Q(pk__in=Review.objects.filter(stage__in=stages).values("application"))


def application_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[Application]:
    filters = filters or {}
    qs = visible_applications(user)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("policy"):
        qs = (
            qs.filter(policy_id=filters["policy"])
            if str(filters["policy"]).isdigit()
            else qs.none()
        )
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(Q(number__icontains=q) | Q(enterprise__name__icontains=q))
    return qs.order_by("-created_at", "-id")


def review_queue(user) -> QuerySet[Review]:
    """The open reviews of stages the user's organisation and role own, earliest due first."""
    if not rules.active(user) or not user.organisation_id:
        return Review.objects.none()
    return (
        Review.objects.filter(
            status=ReviewStatus.OPEN,
            stage__owner_organisation_id=user.organisation_id,
            stage__owner_role=user.role,
        )
        .select_related("application__policy", "application__enterprise", "stage")
        .order_by("due_on", "id")
    )


def visible_review(user, pk: int) -> Review:
    """A review of an application the user may see (Review.DoesNotExist otherwise)."""
    return Review.objects.select_related("application", "stage", "version").get(
        pk=pk, application__in=visible_applications(user)
    )


def notices_on(today) -> QuerySet[Application]:
    """Proposed awards on public notice: running today, or starting on the next working day
    (the public page; objections are taken from the first day of the notice)."""
    return (
        Application.objects.filter(status="publication", notice_ends_on__gte=today)
        .select_related("policy", "enterprise")
        .order_by("notice_ends_on", "number")
    )
