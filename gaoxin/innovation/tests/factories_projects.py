"""Objects the projects tests build (an institute of a side of the `world`, with members and
gate criteria, and projects of it in any stage). Made directly: the institutes part is
another helper's, and these are the fixtures, not the behaviour under test."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gaoxin.innovation import services_projects as services
from gaoxin.innovation.choices import InstituteLevel, MemberRole
from gaoxin.innovation.models import GateCriterion, Institute, InstituteMember

CRITERIA = {
    "to_pilot": ["小试样品性能达标", "中试方案通过评审"],
    "to_transfer": ["中试产品通过用户验证"],
    "to_incubation": ["成果转化协议签订"],
}
START = datetime.date(2025, 5, 1)


def make_institute(side, name: str = "测试纤维研究院") -> Institute:
    institute, _ = Institute.objects.get_or_create(
        zone=side.zone,
        name=name,
        defaults={
            "level": InstituteLevel.PROVINCIAL,
            "park": side.park,
            "host": side.enterprise,
            "fields": ["粘胶纤维", "莱赛尔纤维"],
            "planned_fields": ["芳纶"],
        },
    )
    InstituteMember.objects.get_or_create(
        institute=institute,
        name=side.enterprise.name,
        defaults={"role": MemberRole.LEAD, "enterprise": side.enterprise},
    )
    InstituteMember.objects.get_or_create(
        institute=institute, name="测试大学", defaults={"role": MemberRole.UNIVERSITY}
    )
    for gate, texts in CRITERIA.items():
        for order, text in enumerate(texts):
            GateCriterion.objects.get_or_create(
                institute=institute, gate=gate, text=text, defaults={"order": order}
            )
    return institute


def evidence_for(institute, gate: str) -> dict:
    return {
        c.pk: f"证据：{c.text}"
        for c in GateCriterion.objects.filter(institute=institute, gate=gate)
    }


def make_project(side, stage: str = "rnd", title: str = "测试项目", budget="100000"):
    """A project of the side's institute, moved through the gates up to ``stage`` (or closed /
    stopped) by the services, as the system."""
    institute = make_institute(side)
    members = list(institute.members.all())
    project = services.project_create(
        actor=None,
        institute=institute,
        data={
            "title": title,
            "field": "粘胶纤维",
            "started_on": START,
            "budget": Decimal(budget),
            "lead_member": members[0],
        },
        members=members,
    )
    day = START
    for gate, target in (
        ("to_pilot", "pilot"),
        ("to_transfer", "transfer"),
        ("to_incubation", "incubation"),
    ):
        if stage in ("rnd", "stopped") or project.stage == stage:
            break
        day += datetime.timedelta(days=30)
        services.gate_pass(
            actor=None,
            project=project,
            gate=gate,
            evidence=evidence_for(institute, gate),
            passed_on=day,
        )
        project.refresh_from_db()
        if stage == "closed" and target == "pilot":
            break
    if stage == "closed":
        services.project_close(actor=None, project=project, reason="结题验收通过")
    if stage == "stopped":
        services.project_stop(actor=None, project=project, reason="技术路线调整")
    project.refresh_from_db()
    return project
