"""Reads of resource matching, advisor tasks and signal rules, every one scoped by the user
(``scoping``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gaoxin.audit.models import AuditEvent

from .choices import CounterpartKind, MatchStatus, SignalKind, TaskStatus
from .models import Advisor, AdvisorTask, ResourceMatch
from .scoping import advisors_of, visible_matches, visible_tasks
from .services_signals import effective_rule

CLOSED_MATCH = (MatchStatus.SUCCEEDED, MatchStatus.FAILED)


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def match_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[ResourceMatch]:
    """The user's matches, filtered by counterpart kind, status, overdue follow-up and text."""
    filters = filters or {}
    qs = visible_matches(user).select_related("enterprise", "advisor__expert")
    if (kind := filters.get("kind")) in CounterpartKind.values:
        qs = qs.filter(kind=kind)
    if (status := filters.get("status")) in MatchStatus.values:
        qs = qs.filter(status=status)
    if filters.get("overdue"):
        qs = overdue_matches(qs)
    if (enterprise := _int(filters.get("enterprise"))) is not None:
        qs = qs.filter(enterprise_id=enterprise)
    if text := (filters.get("q") or "").strip()[:100]:
        qs = qs.filter(
            Q(enterprise__name__icontains=text)
            | Q(counterpart_name__icontains=text)
            | Q(need__icontains=text)
        )
    return qs.order_by(F("next_follow_up").asc(nulls_last=True), "-updated_at", "-pk")


def overdue_matches(qs: QuerySet[ResourceMatch]) -> QuerySet[ResourceMatch]:
    """Open matches whose next follow-up is past."""
    return qs.filter(next_follow_up__lt=timezone.localdate()).exclude(status__in=CLOSED_MATCH)


def match_get(user, pk: int) -> ResourceMatch:
    match = (
        visible_matches(user)
        .select_related(
            "enterprise",
            "advisor__expert",
            "counterpart_enterprise",
            "counterpart_organisation",
            "zone",
            "created_by",
        )
        .filter(pk=pk)
        .first()
    )
    if match is None:
        raise Http404
    return match


def match_history(match: ResourceMatch) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="services.resourcematch", object_id=str(match.pk)
    ).order_by("occurred_at", "pk")


def task_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[AdvisorTask]:
    """The user's tasks, filtered by status (open by default), signal kind, unassigned."""
    filters = filters or {}
    qs = visible_tasks(user).select_related("enterprise", "advisor__expert")
    status = filters.get("status") or TaskStatus.OPEN
    if status in TaskStatus.values:
        qs = qs.filter(status=status)
    if (kind := filters.get("kind")) in SignalKind.values:
        qs = qs.filter(kind=kind)
    if filters.get("unassigned"):
        qs = qs.filter(advisor__isnull=True)
    if text := (filters.get("q") or "").strip()[:100]:
        qs = qs.filter(Q(enterprise__name__icontains=text) | Q(title__icontains=text))
    return qs.order_by(F("due_on").asc(nulls_last=True), "-created_at", "-pk")


def task_get(user, pk: int) -> AdvisorTask:
    task = (
        visible_tasks(user)
        .select_related("enterprise", "advisor__expert", "zone")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def task_history(task: AdvisorTask) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="services.advisortask", object_id=str(task.pk)
    ).order_by("occurred_at", "pk")


def zone_advisors(zone_id: int) -> QuerySet[Advisor]:
    return Advisor.objects.filter(zone_id=zone_id).select_related("expert").order_by("pk")


def advisors_for_match(user) -> QuerySet[Advisor]:
    """The advisors a user may put on a match: their zone's (an advisor: only themselves)."""
    if user.role == "advisor":
        return advisors_of(user).select_related("expert")
    zone = user.zone
    return zone_advisors(zone.pk) if zone else Advisor.objects.none()


def signal_rules(zone) -> list:
    """One effective rule per kind of signal (the stored row, or the defaults)."""
    return [effective_rule(zone, kind) for kind in SignalKind.values]
