"""The project services: every transition from every state (allowed and refused), the gate's
evidence rule, the project's rules, spending, outputs and incubation into the registry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import EnterpriseFactory, new_uscc
from gaoxin.innovation import services_projects as services
from gaoxin.innovation.choices import ProjectStage
from gaoxin.innovation.models import GatePass, InstituteMember, Project
from gaoxin.innovation.workflows import PROJECT_WORKFLOW

from .factories_projects import evidence_for, make_institute, make_project

STAGES = [s.value for s in ProjectStage]
MOVES = [t.name for t in PROJECT_WORKFLOW.transitions]
TODAY = timezone.localdate()


def _move(actor, project, name):
    if name in ("close", "stop"):
        service = services.project_close if name == "close" else services.project_stop
        return service(actor=actor, project=project, reason="矩阵原因")
    return services.gate_pass(
        actor=actor,
        project=project,
        gate=name,
        evidence=evidence_for(project.institute, name),
        passed_on=TODAY,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", MOVES)
@pytest.mark.parametrize("stage", STAGES)
def test_every_transition_from_every_state(world, stage, name):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a, stage)
    target = PROJECT_WORKFLOW.transition(name).target
    if PROJECT_WORKFLOW.can(stage, name):
        _move(official, project, name)
        project.refresh_from_db()
        assert project.stage == target
        assert project.stage_since == TODAY
        assert AuditEvent.objects.filter(action=f"innovation.project.{name}").exists()
        if name.startswith("to_"):
            passed = GatePass.objects.get(project=project, gate=name)
            assert passed.to_stage == target and passed.passed_by == official
            assert {row["criterion"] for row in passed.criteria} == {
                c.text for c in project.institute.gate_criteria.filter(gate=name)
            }
        else:
            assert project.ended_on == TODAY
    else:
        passes = GatePass.objects.count()
        with pytest.raises(InvalidTransitionError):
            _move(official, project, name)
        project.refresh_from_db()
        assert project.stage == stage
        assert GatePass.objects.count() == passes


@pytest.mark.django_db
def test_a_gate_without_evidence_for_a_criterion_is_refused_naming_it(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a)
    evidence = evidence_for(project.institute, "to_pilot")
    missing = project.institute.gate_criteria.get(gate="to_pilot", text="中试方案通过评审")
    evidence[missing.pk] = "   "
    with pytest.raises(DomainError) as refused:
        services.gate_pass(
            actor=official, project=project, gate="to_pilot", evidence=evidence, passed_on=TODAY
        )
    assert "中试方案通过评审" in refused.value.message
    assert refused.value.field == f"evidence_{missing.pk}"
    project.refresh_from_db()
    assert project.stage == ProjectStage.RND
    assert not GatePass.objects.exists()


@pytest.mark.django_db
def test_a_gate_date_in_the_future_or_before_the_stage_is_refused(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a)
    evidence = evidence_for(project.institute, "to_pilot")
    for day in (TODAY + datetime.timedelta(days=1), project.started_on - datetime.timedelta(1)):
        with pytest.raises(DomainError) as refused:
            services.gate_pass(
                actor=official, project=project, gate="to_pilot", evidence=evidence, passed_on=day
            )
        assert refused.value.field == "passed_on"
    assert not GatePass.objects.exists()


@pytest.mark.django_db
def test_close_and_stop_need_a_reason(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a, "pilot")
    for service in (services.project_close, services.project_stop):
        with pytest.raises(InvalidTransitionError):
            service(actor=official, project=project, reason="  ")
    project.refresh_from_db()
    assert project.stage == "pilot" and project.ended_on is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.ZONE_OFFICIAL])
def test_only_the_institutes_managers_write(world, role):
    project = make_project(world.a)
    user = world.a.users[role]
    if role == Role.PARK_OPERATOR:  # the operator of the institute's park manages it
        services.spending_add(
            actor=user, project=project, spent_on=TODAY, amount=Decimal("1"), purpose="测试"
        )
        return
    with pytest.raises(PermissionDeniedError):
        _move(user, project, "to_pilot")
    with pytest.raises(PermissionDeniedError):
        services.spending_add(
            actor=user, project=project, spent_on=TODAY, amount=Decimal("1"), purpose="测试"
        )


@pytest.mark.django_db
def test_the_other_zone_cannot_write(world):
    project = make_project(world.a)
    for role in (Role.ZONE_OFFICIAL, Role.PARK_OPERATOR):
        with pytest.raises(PermissionDeniedError):
            _move(world.b.users[role], project, "to_pilot")


@pytest.mark.django_db
def test_project_create_checks_field_members_lead_and_budget(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    institute = make_institute(world.a)
    other = make_institute(world.b, name="乙研究院")
    stranger = other.members.first()
    uni = institute.members.get(name="测试大学")
    lead = institute.members.exclude(pk=uni.pk).first()
    base = {"title": "新项目", "field": "粘胶纤维", "started_on": TODAY, "budget": Decimal(100)}
    cases = [
        ({**base, "field": "碳纤维"}, [uni], "field"),
        (base, [uni, stranger], "members"),
        ({**base, "lead_member": lead}, [uni], "lead_member"),
        ({**base, "budget": Decimal("-1")}, [uni], "budget"),
    ]
    for data, members, name in cases:
        with pytest.raises(ValidationError) as refused:
            services.project_create(actor=official, institute=institute, data=data, members=members)
        assert name in refused.value.message_dict
    assert not Project.objects.exists()
    project = services.project_create(
        actor=official,
        institute=institute,
        data={**base, "field": "芳纶", "lead_member": lead},  # a planned field
        members=[lead, uni],
    )
    assert project.stage == ProjectStage.RND and project.stage_since == TODAY
    assert set(project.members.all()) == {lead, uni}
    assert AuditEvent.objects.filter(action="innovation.project.create").count() == 1
    services.project_update(actor=official, project=project, data={"title": "改名项目"})
    project.refresh_from_db()
    assert project.title == "改名项目"
    assert AuditEvent.objects.filter(action="innovation.project.update").count() == 1


@pytest.mark.django_db
def test_spending_above_zero_and_an_overrun_is_allowed(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a, budget="1000")
    for amount in ("0", "-5"):
        with pytest.raises(ValidationError):
            services.spending_add(
                actor=official, project=project, spent_on=TODAY, amount=amount, purpose="x"
            )
    line = services.spending_add(
        actor=official, project=project, spent_on=TODAY, amount=Decimal("1200.50"), purpose="设备"
    )
    from gaoxin.innovation.selectors_projects import budget

    summary = budget(project)
    assert summary["spent"] == Decimal("1200.50")
    assert summary["overrun"] == Decimal("200.50")
    assert summary["bar"] == 100
    services.spending_remove(actor=official, spending=line)
    assert budget(project)["spent"] == Decimal(0)
    assert AuditEvent.objects.filter(action="innovation.spending.remove").exists()


@pytest.mark.django_db
def test_patents_number_once_and_a_grant_date_only_when_granted(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a)
    data = {
        "number": "CN202510000001.1",
        "title": "一种纺丝组件",
        "kind": "invention",
        "status": "filed",
        "filed_on": datetime.date(2025, 6, 1),
    }
    with pytest.raises(ValidationError) as refused:
        services.patent_add(actor=official, project=project, data={**data, "granted_on": TODAY})
    assert "granted_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.patent_add(actor=official, project=project, data={**data, "status": "granted"})
    assert "granted_on" in refused.value.message_dict
    patent = services.patent_add(actor=official, project=project, data=data)
    with pytest.raises(ValidationError) as refused:
        services.patent_add(actor=official, project=project, data=data)
    assert "number" in refused.value.message_dict or "__all__" in refused.value.message_dict
    services.patent_update(
        actor=official, patent=patent, data={"status": "granted", "granted_on": TODAY}
    )
    patent.refresh_from_db()
    assert patent.status == "granted"
    services.patent_remove(actor=official, patent=patent)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"innovation.patent.add", "innovation.patent.update", "innovation.patent.remove"} <= (
        actions
    )


@pytest.mark.django_db
def test_standard_and_training(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a)
    standard = services.standard_add(
        actor=official,
        project=project,
        data={
            "title": "纺丝机技术条件",
            "level": "group",
            "status": "drafting",
            "started_on": TODAY,
        },
    )
    services.standard_update(actor=official, standard=standard, data={"status": "approved"})
    training = services.training_add(
        actor=official, project=project, data={"held_on": TODAY, "topic": "工艺培训", "people": 30}
    )
    with pytest.raises(ValidationError):
        services.training_add(
            actor=official, project=project, data={"held_on": TODAY, "topic": "空", "people": 0}
        )
    services.training_remove(actor=official, training=training)
    services.standard_remove(actor=official, standard=standard)
    assert not project.standards.exists() and not project.trainings.exists()


@pytest.mark.django_db
def test_incubation_registers_a_new_enterprise_in_the_registry(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a, "incubation")
    uscc = new_uscc("410171")
    incubation = services.incubation_add(
        actor=official,
        project=project,
        incubated_on=TODAY,
        firm={"name": "孵化新企业有限公司", "uscc": uscc},
    )
    firm = Enterprise.objects.get(uscc=uscc)
    assert incubation.enterprise == firm
    assert firm.zone == world.a.zone and firm.park == world.a.park
    assert AuditEvent.objects.filter(action="enterprises.enterprise.create").exists()
    assert AuditEvent.objects.filter(
        action="innovation.incubation.add", data__created=True
    ).exists()
    services.incubation_remove(actor=official, incubation=incubation)
    assert Enterprise.objects.filter(pk=firm.pk).exists()  # the registry keeps the firm


@pytest.mark.django_db
def test_incubation_links_the_enterprise_when_the_credit_code_is_registered(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a, "incubation")
    existing = world.a.enterprise
    count = Enterprise.objects.count()
    incubation = services.incubation_add(
        actor=official,
        project=project,
        incubated_on=TODAY,
        firm={"name": "别的名字", "uscc": existing.uscc.lower()},
    )
    assert incubation.enterprise == existing
    assert Enterprise.objects.count() == count
    with pytest.raises(DomainError):  # the same firm twice
        services.incubation_add(
            actor=official, project=project, incubated_on=TODAY, enterprise=existing
        )
    # a registered enterprise of another zone is not the official's to link
    outside = EnterpriseFactory(zone=world.b.zone, park=world.b.park)
    for kwargs in ({"enterprise": outside}, {"firm": {"name": "x", "uscc": outside.uscc}}):
        with pytest.raises(ValidationError):
            services.incubation_add(actor=official, project=project, incubated_on=TODAY, **kwargs)


@pytest.mark.django_db
def test_members_must_belong_to_the_institute_on_update(world):
    official = world.a.users[Role.ZONE_OFFICIAL]
    project = make_project(world.a)
    stranger = InstituteMember.objects.create(
        institute=make_institute(world.b, name="乙研究院"), name="外人", role="other"
    )
    with pytest.raises(ValidationError):
        services.project_update(actor=official, project=project, data={}, members=[stranger])
