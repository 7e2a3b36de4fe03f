"""Reads of the institute projects, every one scoped by the user (``scoping``): an object out
of scope is a 404."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from gaoxin.audit.models import AuditEvent

from .choices import GATES, ProjectStage
from .models import GateCriterion, GatePass, Institute, Project
from .scoping import can_manage_institute, visible_institutes, visible_projects
from .workflows import PROJECT_WORKFLOW

# The stages of the timeline, in order, and the gate that leads into each.
PATH = (ProjectStage.RND, ProjectStage.PILOT, ProjectStage.TRANSFER, ProjectStage.INCUBATION)
GATE_INTO = {stage: gate for gate, stage in GATES.items()}
NEXT_GATE = {ProjectStage.RND: "to_pilot", "pilot": "to_transfer", "transfer": "to_incubation"}


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def institutes_for(user) -> QuerySet[Institute]:
    return visible_institutes(user).order_by("name")


def institute_get(user, pk: int) -> Institute:
    institute = visible_institutes(user).filter(pk=pk).first()
    if institute is None:
        raise Http404
    return institute


def project_list(user, filters: Mapping[str, str] | None = None) -> QuerySet[Project]:
    """The user's projects, filtered by institute, stage, field and text (title, field)."""
    filters = filters or {}
    qs = visible_projects(user).select_related("institute", "lead_member")
    if (pk := _int(filters.get("institute"))) is not None:
        qs = qs.filter(institute_id=pk)
    if (stage := filters.get("stage")) and stage in ProjectStage.values:
        qs = qs.filter(stage=stage)
    if field := (filters.get("field") or "").strip():
        qs = qs.filter(field=field)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return qs.annotate(spent=Sum("spendings__amount")).order_by("-started_on", "title", "pk")


def project_get(user, pk: int) -> Project:
    project = (
        visible_projects(user)
        .select_related("institute", "institute__zone", "institute__park", "lead_member")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project


def gate_pass_get(user, pk: int) -> GatePass:
    passed = (
        GatePass.objects.filter(project__in=visible_projects(user))
        .select_related("project")
        .filter(pk=pk)
        .first()
    )
    if passed is None:
        raise Http404
    return passed


def fields_of(user) -> list[str]:
    """Every field of the user's institutes (current and planned), for the filter."""
    names: list[str] = []
    for institute in visible_institutes(user):
        for name in [*institute.fields, *institute.planned_fields]:
            if name not in names:
                names.append(name)
    return names


def can_manage(user, project: Project) -> bool:
    return can_manage_institute(user, project.institute)


def budget(project: Project) -> dict:
    """Budget against spending: total, share spent (percent, capped at 100 for the bar) and
    the overrun (above zero when the spending passed the budget)."""
    spent = project.spendings.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    overrun = spent - project.budget if spent > project.budget else Decimal(0)
    percent = (spent * 100 / project.budget).quantize(Decimal("0.1")) if project.budget else None
    return {
        "budget": project.budget,
        "spent": spent,
        "left": max(project.budget - spent, Decimal(0)),
        "overrun": overrun,
        "percent": percent,
        "bar": min(int(percent), 100) if percent is not None else (100 if spent else 0),
    }


def timeline(project: Project) -> list[dict]:
    """研发 → 中试 → 成果转化 → 孵化: each stage, whether it was reached, the gate pass that led
    into it (date, criteria with evidence, document) — then the end when closed or stopped."""
    passes = {p.to_stage: p for p in project.gate_passes.all()}
    order = list(PATH)
    reached = order.index(project.stage) if project.stage in order else None
    if reached is None:  # closed or stopped: reached the last stage a gate led to
        done = [i for i, stage in enumerate(order) if stage in passes]
        reached = max(done) if done else 0
    steps = []
    for index, stage in enumerate(order):
        steps.append(
            {
                "stage": stage,
                "label": PROJECT_WORKFLOW.state_label(stage),
                "reached": index <= reached,
                "current": stage == project.stage,
                "on": project.started_on
                if index == 0
                else getattr(passes.get(stage), "passed_on", None),
                "pass": passes.get(stage),
            }
        )
    if project.stage in (ProjectStage.CLOSED, ProjectStage.STOPPED):
        steps.append(
            {
                "stage": project.stage,
                "label": PROJECT_WORKFLOW.state_label(project.stage),
                "reached": True,
                "current": True,
                "on": project.ended_on,
                "pass": None,
            }
        )
    return steps


def next_gate(project: Project) -> str | None:
    return NEXT_GATE.get(project.stage)


def criteria_for(project: Project, gate: str | None) -> list[GateCriterion]:
    if gate is None:
        return []
    return list(GateCriterion.objects.filter(institute_id=project.institute_id, gate=gate))


def moves(project: Project) -> QuerySet[AuditEvent]:
    """The audit events of the project (creation, changes, gates, outputs), newest first."""
    return AuditEvent.objects.filter(
        object_type="innovation.project", object_id=str(project.pk)
    ).order_by("-occurred_at", "-pk")[:30]
