"""The institutes demo: the seed's institute with its members, fields, kinds of work and gate
criteria, loaded twice without duplicates."""

from __future__ import annotations

import pytest

from gaoxin.demo.loader import load_demo
from gaoxin.innovation.choices import GATES, MemberRole, WorkKind
from gaoxin.innovation.demo_institutes import INSTITUTE_NAME, load_institutes_demo
from gaoxin.innovation.models import GateCriterion, Institute, InstituteMember

pytestmark = pytest.mark.django_db


def test_the_seed_institute_loads_once():
    load_demo()
    first = load_institutes_demo()
    assert (first.institutes, first.members, first.criteria) == (1, 6, 6)
    again = load_institutes_demo()
    assert (again.institutes, again.members, again.criteria) == (0, 0, 0)
    institute = Institute.objects.get(name=INSTITUTE_NAME)
    assert Institute.objects.count() == 1
    assert InstituteMember.objects.count() == 6
    assert GateCriterion.objects.count() == 6
    assert institute.host.name == "郑州纺织机械股份有限公司"
    assert str(institute.unveiled_on) == "2025-04-23"
    assert institute.fields == ["粘胶纤维", "莱赛尔纤维", "新溶剂法纤维素纤维长丝"]
    assert institute.planned_fields == ["涤锦纶长丝", "芳纶", "碳纤维", "高强聚乙烯纤维"]
    assert institute.work_kinds == list(WorkKind.values)
    lead = institute.members.get(role=MemberRole.LEAD)
    assert lead.enterprise == institute.host
    universities = institute.members.filter(role=MemberRole.UNIVERSITY)
    assert {m.name for m in universities} == {"东华大学", "郑州轻工业大学"}
    assert all(m.organisation_id for m in universities)
    assert set(institute.gate_criteria.values_list("gate", flat=True)) == set(GATES)


def test_without_the_zone_it_skips():
    report = load_institutes_demo()
    assert report.skipped
    assert not Institute.objects.exists()
