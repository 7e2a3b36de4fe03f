"""The signals that create advisor work: each detector raises its task once and never twice,
a disabled rule raises nothing, the notify action tells the enterprise instead, the task goes
to an advisor of the rule's domain, the receivers (stage change, project gate) and the job."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import QualificationFactory, YearlyFactFactory
from gaoxin.notifications.models import Notification
from gaoxin.services import signals
from gaoxin.services.choices import SignalAction, SignalKind
from gaoxin.services.models import AdvisorTask, ServiceDomain, SignalRule
from gaoxin.services.services_signals import signal_rule_set
from gaoxin.services.tasks import scan_signals

from .factories_signals import advisor_of, make_advisor

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def expiring(enterprise, days=60):
    return QualificationFactory(
        enterprise=enterprise,
        kind="high_tech",
        valid_from=today() - datetime.timedelta(days=1000),
        valid_to=today() + datetime.timedelta(days=days),
    )


def scan(world):
    return signals.signal_scan(actor=None, zone=world.a.zone)


def test_expiring_qualification_creates_one_task_routed_to_the_domain_advisor(world):
    capital = make_advisor(world.a.zone, "capital", name="资本顾问")
    mine = advisor_of(world.a, "compliance")
    q = expiring(world.a.enterprise)
    first = scan(world)
    assert first[SignalKind.QUALIFICATION_EXPIRING] == 1
    assert scan(world)[SignalKind.QUALIFICATION_EXPIRING] == 0  # run twice → one task
    task = AdvisorTask.objects.get(kind=SignalKind.QUALIFICATION_EXPIRING)
    assert task.advisor == mine and task.advisor != capital
    assert task.dedupe_key == f"qual_expiring:{q.pk}:{q.valid_to.isoformat()}"
    assert task.enterprise == world.a.enterprise and task.status == "open"
    assert (
        AuditEvent.objects.filter(action="services.task.create", object_id=str(task.pk)).count()
        == 1
    )
    # the advisor is told, once
    inbox = Notification.objects.filter(recipient=world.a.users[Role.ADVISOR])
    assert inbox.count() == 1 and task.title in inbox.get().title


def test_nobody_fits_leaves_the_task_unassigned(world):
    expiring(world.a.enterprise)
    scan(world)
    assert AdvisorTask.objects.get().advisor is None


def test_outside_the_window_then_a_wider_rule(world):
    expiring(world.a.enterprise, days=120)
    assert scan(world)[SignalKind.QUALIFICATION_EXPIRING] == 0
    signal_rule_set(
        actor=world.a.users[Role.ZONE_OFFICIAL],
        zone=world.a.zone,
        kind=SignalKind.QUALIFICATION_EXPIRING,
        enabled=True,
        action=SignalAction.TASK,
        domain=ServiceDomain.objects.get(code="compliance"),
        params={"days": 150},
    )
    assert scan(world)[SignalKind.QUALIFICATION_EXPIRING] == 1


def test_other_zone_is_not_scanned_by_this_zone(world):
    expiring(world.b.enterprise)
    assert scan(world)[SignalKind.QUALIFICATION_EXPIRING] == 0


def test_disabled_rule_creates_nothing(world):
    SignalRule.objects.create(
        zone=world.a.zone,
        kind=SignalKind.QUALIFICATION_EXPIRING,
        enabled=False,
        params={"days": 90},
    )
    expiring(world.a.enterprise)
    assert scan(world)[SignalKind.QUALIFICATION_EXPIRING] == 0
    assert not AdvisorTask.objects.exists()


def test_notify_action_tells_the_enterprise_once(world):
    SignalRule.objects.create(
        zone=world.a.zone,
        kind=SignalKind.QUALIFICATION_EXPIRING,
        action=SignalAction.NOTIFY,
        params={"days": 90},
    )
    advisor_of(world.a, "compliance")
    expiring(world.a.enterprise)
    scan(world)
    scan(world)
    task = AdvisorTask.objects.get()
    assert task.status == "done" and task.advisor is None  # the row is the proof and the key
    eu = world.a.users[Role.ENTERPRISE_USER]
    assert Notification.objects.filter(recipient=eu).count() == 1
    assert not Notification.objects.filter(recipient=world.a.users[Role.ADVISOR]).exists()
    assert AuditEvent.objects.filter(action="services.task.done", object_id=str(task.pk)).exists()


def test_stage_change_to_pilot_raises_at_once_and_the_scan_adds_nothing(
    world, django_capture_on_commit_callbacks
):
    advisor_of(world.a, "tech_transfer")
    enterprise = world.a.enterprise
    enterprise.stage = "rnd"
    enterprise.save()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enterprise.stage = "pilot"
        enterprise.save()
    task = AdvisorTask.objects.get(kind=SignalKind.STAGE_PILOT)
    assert task.dedupe_key.startswith(f"stage_pilot:{enterprise.pk}:")
    assert task.advisor.expert.user == world.a.users[Role.ADVISOR]
    assert scan(world)[SignalKind.STAGE_PILOT] == 0
    assert AdvisorTask.objects.filter(kind=SignalKind.STAGE_PILOT).count() == 1


def test_the_scan_finds_a_stage_change_the_receiver_missed(world):
    enterprise = world.a.enterprise
    enterprise.stage = "rnd"
    enterprise.save()
    enterprise.stage = "pilot"
    enterprise.save()  # the test transaction never commits: the receiver's on_commit never runs
    assert not AdvisorTask.objects.exists()
    assert scan(world)[SignalKind.STAGE_PILOT] == 1
    assert scan(world)[SignalKind.STAGE_PILOT] == 0
    enterprise.stage = "production"
    enterprise.save()
    assert scan(world)[SignalKind.STAGE_PILOT] == 0


def test_project_passing_to_pilot_creates_a_task_for_the_lead_enterprise(
    world, django_capture_on_commit_callbacks
):
    from gaoxin.innovation.models import Institute, InstituteMember, Project
    from gaoxin.innovation.workflows import PROJECT_WORKFLOW

    advisor_of(world.a, "tech_transfer")
    institute = Institute.objects.create(
        zone=world.a.zone, name="测试研究院", level="provincial", host=world.a.enterprise
    )
    lead = InstituteMember.objects.create(
        institute=institute,
        role="lead",
        name=world.a.enterprise.name,
        enterprise=world.a.enterprise,
    )
    project = Project.objects.create(
        institute=institute,
        title="莱赛尔纤维中试",
        field="莱赛尔纤维",
        stage="rnd",
        stage_since=today(),
        lead_member=lead,
        started_on=today(),
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        PROJECT_WORKFLOW.apply(project, "to_pilot", actor=None, summary="gate")
    task = AdvisorTask.objects.get(kind=SignalKind.STAGE_PILOT)
    assert task.dedupe_key == f"project_pilot:{project.pk}"
    assert task.enterprise == world.a.enterprise and task.advisor is not None
    assert "莱赛尔纤维中试" in task.title


def test_firstset_at_risk_creates_one_task_a_month(world):
    from gaoxin.firstset.tests.factories_supervision import allocate, make_qualification

    day = datetime.date(2026, 12, 6)  # 25 days left of 2024-07-01..2026-12-31
    q = make_qualification(world.a.enterprise, cap="1000000")
    allocate(q, "100000")
    assert (
        signals.signal_scan(actor=None, zone=world.a.zone, day=day)[SignalKind.FIRSTSET_AT_RISK]
        == 1
    )
    again = signals.signal_scan(actor=None, zone=world.a.zone, day=day + datetime.timedelta(days=1))
    assert again[SignalKind.FIRSTSET_AT_RISK] == 0
    task = AdvisorTask.objects.get(kind=SignalKind.FIRSTSET_AT_RISK)
    assert task.dedupe_key == f"fs_at_risk:{q.pk}:2026-12"
    assert task.link.endswith(f"/{q.pk}/")


def test_firstset_well_used_is_no_signal(world):
    from gaoxin.firstset.tests.factories_supervision import allocate, make_qualification

    q = make_qualification(world.a.enterprise, cap="1000000")
    allocate(q, "800000")
    day = datetime.date(2026, 12, 6)
    assert (
        signals.signal_scan(actor=None, zone=world.a.zone, day=day)[SignalKind.FIRSTSET_AT_RISK]
        == 0
    )


def _near_miss_enterprise(world, ratio: str):
    from gaoxin.policies.tests.conftest import make_policy

    policy = make_policy(world.a.zone)
    year = today().year - 1
    QualificationFactory(
        enterprise=world.a.enterprise, kind="high_tech", valid_from=datetime.date(year - 1, 1, 1)
    )
    revenue = Decimal("10000000")
    YearlyFactFactory(
        enterprise=world.a.enterprise,
        year=year,
        revenue=revenue,
        rnd_expense=revenue * Decimal(ratio) / 100,
    )
    return policy


def test_near_miss_within_the_gap_creates_one_task(world):
    policy = _near_miss_enterprise(world, "2.5")  # 研发投入占比 2.5%, 需 ≥ 3%, 差 0.5 个百分点
    assert scan(world)[SignalKind.POLICY_NEAR_MISS] == 1
    assert scan(world)[SignalKind.POLICY_NEAR_MISS] == 0
    task = AdvisorTask.objects.get(kind=SignalKind.POLICY_NEAR_MISS)
    version = policy.versions.get(published_at__isnull=False)
    assert task.dedupe_key == f"near_miss:{world.a.enterprise.pk}:{version.pk}"
    assert "0.5" in task.detail


def test_near_miss_beyond_the_gap_is_no_signal(world):
    _near_miss_enterprise(world, "2.5")
    signal_rule_set(
        actor=world.a.users[Role.ZONE_OFFICIAL],
        zone=world.a.zone,
        kind=SignalKind.POLICY_NEAR_MISS,
        enabled=True,
        action=SignalAction.TASK,
        domain=ServiceDomain.objects.get(code="capital"),
        params={"max_gap": "0.4"},
    )
    assert scan(world)[SignalKind.POLICY_NEAR_MISS] == 0


def test_the_scheduled_job_scans_every_zone(world):
    expiring(world.a.enterprise)
    expiring(world.b.enterprise)
    result = scan_signals.call(day=today().isoformat())
    assert result[SignalKind.QUALIFICATION_EXPIRING] == 2
    assert AuditEvent.objects.filter(action="services.signals.scan").count() >= 2
    assert scan_signals.call()[SignalKind.QUALIFICATION_EXPIRING] == 0


def test_the_schedule_has_the_job():
    from django.conf import settings

    assert settings.SCHEDULE["services.signals"] == ("07:30", "gaoxin.services.tasks.scan_signals")
