"""The projects demo: sample projects in every stage of the seed's institute, gates passed with
evidence, outputs, an incubated firm in the registry; loading again changes nothing."""

import pytest

from gaoxin.accounts.tests.factories import ZoneFactory
from gaoxin.enterprises.models import Enterprise
from gaoxin.innovation.choices import MemberRole, ProjectStage
from gaoxin.innovation.demo_projects import (
    INCUBATED_FIRM,
    INSTITUTE_NAME,
    LEAD,
    ZONE_NAME,
    load_projects_demo,
)
from gaoxin.innovation.models import (
    GateCriterion,
    GatePass,
    Institute,
    InstituteMember,
    Patent,
    Project,
    Training,
)

from .factories_projects import CRITERIA


@pytest.fixture
def institute(db):
    """The seed's institute as the institutes part's loader leaves it (members, criteria)."""
    zone = ZoneFactory(name=ZONE_NAME, region_code="410171")
    institute = Institute.objects.create(
        zone=zone,
        name=INSTITUTE_NAME,
        level="provincial",
        fields=["粘胶纤维", "莱赛尔纤维", "新溶剂法纤维素纤维长丝"],
        planned_fields=["涤锦纶长丝", "芳纶", "碳纤维", "高强聚乙烯纤维"],
    )
    for name, role in (
        (LEAD, MemberRole.LEAD),
        ("东华大学", MemberRole.UNIVERSITY),
        ("郑州轻工业大学", MemberRole.UNIVERSITY),
        ("新乡化纤股份有限公司", MemberRole.UPSTREAM),
        ("保定天鹅新型纤维制造有限公司", MemberRole.UPSTREAM),
        ("河南先迪电气科技有限公司", MemberRole.UPSTREAM),
    ):
        InstituteMember.objects.create(institute=institute, name=name, role=role)
    for gate, texts in CRITERIA.items():
        for text in texts:
            GateCriterion.objects.create(institute=institute, gate=gate, text=text)
    return institute


@pytest.mark.django_db
def test_without_the_institute_it_skips(db):
    assert load_projects_demo().skipped


@pytest.mark.django_db
def test_projects_in_every_stage_and_idempotent(institute):
    report = load_projects_demo()
    assert not report.skipped and report.projects == 6
    projects = Project.objects.filter(institute=institute)
    assert set(projects.values_list("stage", flat=True)) == set(ProjectStage.values)
    assert all(p.is_sample and "（示例）" in p.title for p in projects)
    incubating = projects.get(stage=ProjectStage.INCUBATION)
    assert incubating.gate_passes.count() == 3
    for passed in GatePass.objects.filter(project__institute=institute):
        assert passed.criteria and all(row["evidence"] for row in passed.criteria)
    firm = Enterprise.objects.get(name=INCUBATED_FIRM)
    assert firm.is_sample and incubating.incubations.get().enterprise == firm
    assert projects.get(field="芳纶").stage == ProjectStage.RND  # a planned field
    years = {t.held_on.year for t in Training.objects.filter(project__institute=institute)}
    assert len(years) >= 2
    assert Patent.objects.filter(number__startswith="CN2025").exists()
    counts = (Project.objects.count(), GatePass.objects.count(), Enterprise.objects.count())
    again = load_projects_demo()
    assert (again.projects, again.gates, again.outputs, again.firms) == (0, 0, 0, 0)
    assert counts == (Project.objects.count(), GatePass.objects.count(), Enterprise.objects.count())
