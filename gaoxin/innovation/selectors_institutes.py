"""Reads of the institutes part: the list, one institute, and what its page shows — members
by role, projects by stage, outputs per year and each member's contribution (read straight
from the projects' models; the projects part writes them)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from .choices import GATES, MemberRole, PatentStatus, ProjectStage, WorkKind
from .models import (
    GateCriterion,
    Incubation,
    Institute,
    InstituteMember,
    Patent,
    Project,
    Standard,
    Training,
)
from .scoping import visible_institutes

# The four working stages shown as columns on the institute page (研发/中试/成果转化/孵化).
STAGE_COLUMNS = (
    ProjectStage.RND,
    ProjectStage.PILOT,
    ProjectStage.TRANSFER,
    ProjectStage.INCUBATION,
)
ENDED = (ProjectStage.CLOSED, ProjectStage.STOPPED)


def _stage_counts() -> dict:
    return {
        f"n_{stage}": Count("projects", filter=Q(projects__stage=stage), distinct=True)
        for stage in ProjectStage.values
    }


def institute_list(user, q: str = "") -> QuerySet[Institute]:
    qs = visible_institutes(user).select_related("host", "park")
    q = (q or "").replace("\x00", "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(members__name__icontains=q)
        ).distinct()
    return qs.annotate(
        n_members=Count("members", distinct=True),
        lead_name=_lead_name_subquery(),
        **_stage_counts(),
    ).order_by("name", "pk")


def _lead_name_subquery():
    from django.db.models import OuterRef, Subquery

    return Subquery(
        InstituteMember.objects.filter(institute=OuterRef("pk"), role=MemberRole.LEAD).values(
            "name"
        )[:1]
    )


def institute_get(user, pk: int) -> Institute:
    institute = (
        visible_institutes(user).select_related("host", "park", "zone").filter(pk=pk).first()
    )
    if institute is None:
        raise Http404
    return institute


def member_get(institute: Institute, member_pk: int) -> InstituteMember:
    member = institute.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    return member


def criterion_get(institute: Institute, criterion_pk: int) -> GateCriterion:
    criterion = institute.gate_criteria.filter(pk=criterion_pk).first()
    if criterion is None:
        raise Http404
    return criterion


def members_by_role(institute: Institute) -> list[dict]:
    """``[{role, label, members}]`` in the order of MemberRole, only roles with members."""
    members = list(institute.members.select_related("enterprise", "organisation"))
    return [
        {"role": role, "label": label, "members": [m for m in members if m.role == role]}
        for role, label in MemberRole.choices
        if any(m.role == role for m in members)
    ]


def work_kinds(institute: Institute) -> list[dict]:
    """The five kinds of work, each with whether the institute does it."""
    return [
        {"value": value, "label": label, "done": value in (institute.work_kinds or [])}
        for value, label in WorkKind.choices
    ]


def criteria_by_gate(institute: Institute) -> list[dict]:
    criteria = list(institute.gate_criteria.all())
    labels = dict(ProjectStage.choices)
    return [
        {
            "gate": gate,
            "to": labels[stage],
            "criteria": [c for c in criteria if c.gate == gate],
        }
        for gate, stage in GATES.items()
    ]


def projects_by_stage(institute: Institute) -> dict:
    """The working stages as columns of project cards, and how many ended (closed/stopped)."""
    projects = list(
        Project.objects.filter(institute=institute)
        .select_related("lead_member")
        .order_by("-stage_since", "title")
    )
    labels = dict(ProjectStage.choices)
    columns = [
        {
            "stage": stage,
            "label": labels[stage],
            "projects": [p for p in projects if p.stage == stage],
        }
        for stage in STAGE_COLUMNS
    ]
    ended = {stage: sum(1 for p in projects if p.stage == stage) for stage in ENDED}
    return {
        "columns": columns,
        "closed": ended[ProjectStage.CLOSED],
        "stopped": ended[ProjectStage.STOPPED],
        "total": len(projects),
    }


def stage_counts(institute: Institute) -> dict[str, int]:
    counts = dict.fromkeys(ProjectStage.values, 0)
    for row in institute.projects.values("stage").annotate(n=Count("pk")):
        counts[row["stage"]] = row["n"]
    return counts


OUTPUT_KEYS = ("patents_filed", "patents_granted", "standards", "people_trained", "firms_incubated")


def outputs_per_year(institute: Institute) -> list[dict]:
    """Per calendar year: patents filed, patents granted, standards whose drafting started,
    people trained and firms incubated, over the institute's projects (years with nothing
    left out; oldest first)."""
    years: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(OUTPUT_KEYS, 0))
    projects = Project.objects.filter(institute=institute)
    patents = Patent.objects.filter(project__in=projects)
    for row in patents.values("filed_on__year").annotate(n=Count("pk")):
        years[row["filed_on__year"]]["patents_filed"] += row["n"]
    granted = patents.filter(status=PatentStatus.GRANTED, granted_on__isnull=False)
    for row in granted.values("granted_on__year").annotate(n=Count("pk")):
        years[row["granted_on__year"]]["patents_granted"] += row["n"]
    standards = Standard.objects.filter(project__in=projects)
    for row in standards.values("started_on__year").annotate(n=Count("pk")):
        years[row["started_on__year"]]["standards"] += row["n"]
    trainings = Training.objects.filter(project__in=projects)
    for row in trainings.values("held_on__year").annotate(n=Sum("people")):
        years[row["held_on__year"]]["people_trained"] += row["n"] or 0
    incubations = Incubation.objects.filter(project__in=projects)
    for row in incubations.values("incubated_on__year").annotate(n=Count("pk")):
        years[row["incubated_on__year"]]["firms_incubated"] += row["n"]
    return [{"year": year, **years[year]} for year in sorted(years)]


def output_columns() -> list[str]:
    return [
        _("Year"),
        _("Patents filed"),
        _("Patents granted"),
        _("Standards drafted"),
        _("People trained"),
        _("Firms incubated"),
    ]


def outputs_figure(institute: Institute) -> dict:
    """The countable outputs over time as a Figure (gaoxin.core.registry): a bar chart with
    its table. People trained (often hundreds a year) have their own figure,
    :func:`trainings_figure`, so they do not dwarf the patents and standards (units)."""
    rows = outputs_per_year(institute)
    keys = [k for k in OUTPUT_KEYS if k != "people_trained"]
    columns = output_columns()
    return {
        "key": f"institute-{institute.pk}-outputs",
        "title": _("Outputs over time"),
        "columns": [columns[0], *(columns[1 + OUTPUT_KEYS.index(k)] for k in keys)],
        "rows": [{"cells": [str(r["year"]), *(r[k] for k in keys)], "link": None} for r in rows],
        "chart": {"type": "bar", "category_column": 0, "value_columns": [1, 2, 3, 4]},
        "note": _(
            "Patents by the year filed and the year granted; standards by the year drafting "
            "started; incubated firms by their date. People trained are in their own chart."
        ),
    }


def trainings_figure(institute: Institute) -> dict:
    """People trained per year, in a figure of their own (their scale is hundreds)."""
    rows = [r for r in outputs_per_year(institute) if r["people_trained"]]
    return {
        "key": f"institute-{institute.pk}-trainings",
        "title": _("People trained per year"),
        "columns": [_("Year"), _("People trained")],
        "rows": [{"cells": [str(r["year"]), r["people_trained"]], "link": None} for r in rows],
        "chart": {"type": "bar", "category_column": 0, "value_columns": [1]},
        "note": _("Trainings by the date they were held."),
    }


def contribution(institute: Institute) -> list[dict]:
    """Each member's contribution: projects led and involved in, patents held, standards
    drafted, and the budget of the projects it leads (Decimal yuan)."""
    members = list(
        institute.members.annotate(
            n_led=Count("led_projects", distinct=True),
            n_involved=Count("projects", distinct=True),
            n_patents=Count("patents", distinct=True),
            n_standards=Count("standards", distinct=True),
        )
    )
    budgets = {
        row["lead_member"]: row["total"]
        for row in Project.objects.filter(institute=institute, lead_member__isnull=False)
        .values("lead_member")
        .annotate(total=Sum("budget"))
    }
    return [
        {
            "member": m,
            "projects_led": m.n_led,
            "projects_involved": m.n_involved,
            "patents": m.n_patents,
            "standards": m.n_standards,
            "budget_led": budgets.get(m.pk) or Decimal("0.00"),
        }
        for m in members
    ]
