"""Institutes for the tests of the institutes part (made through the services, as the system)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from gaoxin.innovation import services_institutes as services
from gaoxin.innovation.choices import InstituteLevel, MemberRole, ProjectStage
from gaoxin.innovation.models import Patent, Project, Standard, Training


def make_institute(side, name: str = "测试产业研究院", **data):
    """An institute of ``side``'s zone in its park, with ``side.enterprise`` as its lead."""
    institute = services.institute_create(
        actor=None,
        zone=side.zone,
        data={
            "name": name,
            "level": InstituteLevel.PROVINCIAL,
            "unveiled_on": datetime.date(2025, 4, 23),
            "host": side.enterprise,
            "park": side.park,
            "fields": ["粘胶纤维"],
            "planned_fields": ["芳纶"],
            "work_kinds": ["rnd", "training"],
            **data,
        },
    )
    services.member_add(
        actor=None,
        institute=institute,
        data={"role": MemberRole.LEAD, "enterprise": side.enterprise},
    )
    return institute


def make_project(institute, lead, title="测试项目", stage=ProjectStage.RND, budget="1000000"):
    """A project written directly (the projects part owns its services)."""
    project = Project.objects.create(
        institute=institute,
        title=title,
        field="粘胶纤维",
        stage=stage,
        stage_since=datetime.date(2026, 1, 1),
        started_on=datetime.date(2025, 5, 1),
        lead_member=lead,
        budget=Decimal(budget),
    )
    project.members.add(lead)
    return project


def add_outputs(project, member):
    Patent.objects.create(
        project=project,
        member=member,
        number="ZL2025000001",
        title="测试专利",
        kind="invention",
        status="granted",
        filed_on=datetime.date(2025, 6, 1),
        granted_on=datetime.date(2026, 3, 1),
    )
    Standard.objects.create(
        project=project,
        member=member,
        title="测试标准",
        level="group",
        status="drafting",
        started_on=datetime.date(2026, 2, 1),
    )
    Training.objects.create(
        project=project, held_on=datetime.date(2026, 4, 1), topic="培训", people=30
    )
