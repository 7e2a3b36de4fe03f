"""The institutes part's services: validation with field-named messages, the one-lead rule,
who may write from the right and the wrong zone, and the audit trail."""

from __future__ import annotations

import pytest

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.innovation import services_institutes as services
from gaoxin.innovation.choices import MemberRole
from gaoxin.innovation.models import Institute

from .factories_institutes import make_institute, make_project

pytestmark = pytest.mark.django_db

ZO, PO, PR, EU = (
    Role.ZONE_OFFICIAL,
    Role.PARK_OPERATOR,
    Role.PROVINCIAL_REVIEWER,
    Role.ENTERPRISE_USER,
)


def _data(**extra):
    return {"name": "新研究院", "level": "provincial", **extra}


def test_official_creates_in_own_zone_and_it_is_audited(world):
    institute = services.institute_create(
        actor=world.a.users[ZO],
        data=_data(fields=[" 粘胶纤维 ", "芳纶"], work_kinds=["training", "rnd"]),
    )
    assert institute.zone == world.a.zone
    assert institute.fields == ["粘胶纤维", "芳纶"]
    assert institute.work_kinds == ["rnd", "training"]  # in the order of WorkKind
    event = AuditEvent.objects.get(action="innovation.institute.create")
    assert event.actor == world.a.users[ZO]


def test_operator_needs_its_own_park(world):
    operator = world.a.users[PO]
    with pytest.raises(DomainError) as exc:
        services.institute_create(actor=operator, data=_data())
    assert exc.value.field == "park"
    with pytest.raises(DomainError) as exc:
        services.institute_create(actor=operator, data=_data(park=world.b.park))
    assert exc.value.field == "park"
    institute = services.institute_create(actor=operator, data=_data(park=world.a.park))
    assert institute.zone == world.a.zone


@pytest.mark.parametrize("role", [PR, EU, Role.ADVISOR, Role.AUDITOR])
def test_other_roles_cannot_create(world, role):
    with pytest.raises(PermissionDeniedError):
        services.institute_create(actor=world.a.users[role], data=_data())
    assert not Institute.objects.exists()


def test_the_other_zone_cannot_update(world):
    institute = make_institute(world.a)
    for role in (ZO, PO):
        with pytest.raises(PermissionDeniedError):
            services.institute_update(
                actor=world.b.users[role], institute=institute, data={"name": "改名"}
            )
    institute.refresh_from_db()
    assert institute.name == "测试产业研究院"
    services.institute_update(actor=world.a.users[PO], institute=institute, data={"name": "改名"})
    institute.refresh_from_db()
    assert institute.name == "改名"


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"fields": ["粘胶纤维", ""]}, "fields", "non-empty"),
        ({"fields": ["芳纶", "芳纶"]}, "fields", "twice"),
        ({"fields": "粘胶纤维"}, "fields", "list"),
        ({"planned_fields": ["粘胶纤维"]}, "planned_fields", "already a current field"),
        ({"work_kinds": ["dancing"]}, "work_kinds", "five kinds"),
        ({"work_kinds": ["rnd", "rnd"]}, "work_kinds", "twice"),
        ({"fields": ["x" * 61]}, "fields", "longer than"),
    ],
)
def test_lists_are_validated_with_the_field_named(world, data, field, words):
    institute = make_institute(world.a)
    before = (institute.fields, institute.planned_fields, institute.work_kinds)
    with pytest.raises(DomainError) as exc:
        services.institute_update(actor=world.a.users[ZO], institute=institute, data=data)
    assert exc.value.field == field
    assert words in exc.value.message
    institute.refresh_from_db()
    assert (institute.fields, institute.planned_fields, institute.work_kinds) == before


def test_host_of_another_zone_is_refused(world):
    with pytest.raises(DomainError) as exc:
        services.institute_create(actor=world.a.users[ZO], data=_data(host=world.b.enterprise))
    assert exc.value.field == "host"


def test_name_is_once_per_zone(world):
    make_institute(world.a)
    with pytest.raises(DomainError) as exc:
        services.institute_create(actor=world.a.users[ZO], data=_data(name="测试产业研究院"))
    assert "already" in exc.value.message


def test_one_lead_per_institute(world):
    institute = make_institute(world.a)
    official = world.a.users[ZO]
    with pytest.raises(DomainError) as exc:
        services.member_add(
            actor=official, institute=institute, data={"role": MemberRole.LEAD, "name": "二号牵头"}
        )
    assert exc.value.field == "role"
    assert exc.value.code == "conflict"
    assert world.a.enterprise.name in exc.value.message
    other = services.member_add(
        actor=official, institute=institute, data={"role": MemberRole.UNIVERSITY, "name": "某大学"}
    )
    with pytest.raises(DomainError):
        services.member_update(actor=official, member=other, data={"role": MemberRole.LEAD})
    lead = institute.members.get(role=MemberRole.LEAD)
    services.member_update(actor=official, member=lead, data={"role": MemberRole.OTHER})
    services.member_update(actor=official, member=other, data={"role": MemberRole.LEAD})
    assert institute.members.get(role=MemberRole.LEAD).name == "某大学"


def test_member_needs_a_name_or_a_unit_and_not_both_units(world):
    institute = make_institute(world.a)
    official = world.a.users[ZO]
    with pytest.raises(DomainError) as exc:
        services.member_add(actor=official, institute=institute, data={"role": "other"})
    assert exc.value.field == "name"
    with pytest.raises(DomainError) as exc:
        services.member_add(
            actor=official,
            institute=institute,
            data={"role": "other", "enterprise": world.a.enterprise, "organisation": world.a.zone},
        )
    assert exc.value.field == "organisation"
    with pytest.raises(DomainError) as exc:
        services.member_add(
            actor=official,
            institute=institute,
            data={"role": "upstream", "enterprise": world.b.enterprise},
        )
    assert exc.value.field == "enterprise"
    with pytest.raises(DomainError) as exc:
        services.member_add(
            actor=official,
            institute=institute,
            data={"role": "other", "organisation": world.a.zone},
        )
    assert exc.value.field == "organisation"
    assert institute.members.count() == 1


def test_member_remove_refuses_a_project_lead(world):
    institute = make_institute(world.a)
    lead = institute.members.get()
    project = make_project(institute, lead)
    with pytest.raises(DomainError) as exc:
        services.member_remove(actor=world.a.users[ZO], member=lead)
    assert exc.value.code == "conflict"
    project.lead_member = None
    project.save()
    services.member_remove(actor=world.a.users[ZO], member=lead, reason="退出")
    assert not institute.members.exists()
    event = AuditEvent.objects.get(action="innovation.institute.member_remove")
    assert event.reason == "退出"


def test_member_remove_from_the_other_zone_is_refused(world):
    institute = make_institute(world.a)
    with pytest.raises(PermissionDeniedError):
        services.member_remove(actor=world.b.users[ZO], member=institute.members.get())
    assert institute.members.exists()


def test_gate_criteria(world):
    institute = make_institute(world.a)
    official = world.a.users[ZO]
    criterion = services.criterion_add(
        actor=official, institute=institute, gate="to_pilot", text=" 样品达标 "
    )
    assert criterion.text == "样品达标"
    with pytest.raises(DomainError) as exc:
        services.criterion_add(
            actor=official, institute=institute, gate="to_pilot", text="样品达标"
        )
    assert exc.value.code == "conflict"
    with pytest.raises(DomainError) as exc:
        services.criterion_add(actor=official, institute=institute, gate="to_moon", text="x")
    assert exc.value.field == "gate"
    with pytest.raises(DomainError) as exc:
        services.criterion_add(actor=official, institute=institute, gate="to_pilot", text="  ")
    assert exc.value.field == "text"
    with pytest.raises(PermissionDeniedError):
        services.criterion_remove(actor=world.b.users[ZO], criterion=criterion)
    services.criterion_remove(actor=official, criterion=criterion)
    assert not institute.gate_criteria.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "innovation.institute.criterion_add",
        "innovation.institute.criterion_remove",
    } <= actions


def test_a_nul_character_is_refused_with_the_field_named(world):
    institute = make_institute(world.a)
    for data, field in (({"name": "研究\x00院"}, "name"), ({"fields": ["芳\x00纶"]}, "fields")):
        with pytest.raises(DomainError) as exc:
            services.institute_update(actor=world.a.users[ZO], institute=institute, data=data)
        assert exc.value.field == field
