"""The nightly scheduler: each job enqueued once a day, at or after its time, audited; the
worker (the immediate backend in tests) then runs it."""

from __future__ import annotations

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from gaoxin.audit.models import AuditEvent
from gaoxin.core import schedule
from gaoxin.core.models import ScheduledRun
from gaoxin.enterprises.tests.factories import QualificationFactory
from gaoxin.policies.choices import PolicyStatus
from gaoxin.policies.models import PolicyMatchSet
from gaoxin.policies.tests.conftest import make_policy

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=ZONE)


def runs() -> list[tuple[str, str]]:
    return sorted((r.job, r.day.isoformat()) for r in ScheduledRun.objects.all())


@pytest.fixture
def policies(world):
    """One policy in force that world A's enterprise fits, and one whose window has ended."""
    QualificationFactory(
        enterprise=world.a.enterprise, kind="high_tech", valid_from=datetime.date(2025, 1, 1)
    )
    live = make_policy(world.a.zone, criteria={"in": ["high_tech", {"var": "qualifications"}]})
    ended = make_policy(world.a.zone, title="已到期的政策")
    ended.versions.update(effective_to=datetime.date(2026, 2, 28))
    return live, ended


def test_the_jobs_run_in_order_once_a_day_each(policies):
    live, ended = policies
    assert schedule.tick(at(2, 0, 59)) == []  # before 01:00 nothing is due
    assert [r.job for r in schedule.tick(at(2, 1, 0))] == ["policies.expire"]
    ended.refresh_from_db()
    assert ended.status == PolicyStatus.EXPIRED  # the worker ran it
    assert schedule.tick(at(2, 1, 30)) == []  # enqueued once for the day
    assert [r.job for r in schedule.tick(at(2, 2, 5))] == ["policies.rematch"]
    assert PolicyMatchSet.objects.get(as_of=datetime.date(2026, 3, 2)).version.policy == live
    assert schedule.tick(at(2, 7, 29)) == []
    assert [r.job for r in schedule.tick(at(2, 7, 30))] == ["services.signals"]
    assert schedule.tick(at(2, 7, 59)) == []
    assert [r.job for r in schedule.tick(at(2, 8, 0))] == ["reporting.remind"]
    assert [r.job for r in schedule.tick(at(2, 8, 30))] == ["firstset.at_risk"]
    assert schedule.tick(at(2, 23, 59)) == []
    # the next day all again, in time order, even when the scheduler wakes late
    assert [r.job for r in schedule.tick(at(3, 9, 0))] == [
        "policies.expire", "policies.rematch", "services.signals", "reporting.remind",
        "firstset.at_risk",
    ]  # fmt: skip
    assert runs() == [
        ("firstset.at_risk", "2026-03-02"), ("firstset.at_risk", "2026-03-03"),
        ("policies.expire", "2026-03-02"), ("policies.expire", "2026-03-03"),
        ("policies.rematch", "2026-03-02"), ("policies.rematch", "2026-03-03"),
        ("reporting.remind", "2026-03-02"), ("reporting.remind", "2026-03-03"),
        ("services.signals", "2026-03-02"), ("services.signals", "2026-03-03"),
    ]  # fmt: skip
    events = AuditEvent.objects.filter(action="core.schedule.enqueue").order_by("pk")
    assert [e.data["job"] for e in events] == [
        "policies.expire", "policies.rematch", "services.signals", "reporting.remind",
        "firstset.at_risk",
        "policies.expire", "policies.rematch", "services.signals", "reporting.remind",
        "firstset.at_risk",
    ]  # fmt: skip
    assert events[0].actor_id is None and events[0].data["day"] == "2026-03-02"
    assert all(r.task_id for r in ScheduledRun.objects.all())


def test_a_job_another_scheduler_enqueued_first_is_not_enqueued_again(world, monkeypatch):
    jobs = schedule.jobs()
    monkeypatch.setattr(schedule, "due", lambda now=None: jobs)  # both see it due
    ScheduledRun.objects.create(job="policies.expire", day=datetime.date(2026, 3, 2))
    enqueued = schedule.tick(at(2, 3, 0))
    assert [r.job for r in enqueued] == [
        "policies.rematch", "services.signals", "reporting.remind", "firstset.at_risk"
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="core.schedule.enqueue").count() == 4


def test_a_job_that_cannot_be_enqueued_is_logged_and_the_others_go_on(world, settings, caplog):
    settings.SCHEDULE = {
        "broken": ("00:00", "gaoxin.core.tests.test_schedule.no_such_task"),
        "policies.expire": ("00:30", "gaoxin.policies.tasks.expire_policies"),
    }
    assert [r.job for r in schedule.tick(at(2, 3, 0))] == ["policies.expire"]
    assert "could not enqueue broken" in caplog.text
    assert runs() == [("policies.expire", "2026-03-02")]  # nothing left of the broken one
    assert AuditEvent.objects.filter(action="core.schedule.enqueue").count() == 1
    assert [r.job for r in schedule.tick(at(2, 3, 1))] == []  # tried again, still broken


def test_on_a_queue_outside_the_database_the_task_is_sent_after_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(schedule, "_queued_outside_the_database", lambda task: True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (run,) = schedule.tick(at(2, 1, 0))
    assert run.task_id == "" and len(callbacks) == 1  # nothing sent inside the transaction
    callbacks[0]()
    run.refresh_from_db()
    assert run.task_id


def test_the_command_once_enqueues_what_is_due(world, settings):
    settings.SCHEDULE = {"policies.expire": ("00:00", "gaoxin.policies.tasks.expire_policies")}
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "enqueued policies.expire" in out.getvalue()
    call_command("scheduler", "--once", stdout=(again := StringIO()))
    assert again.getvalue() == ""
    with pytest.raises(CommandError, match="interval"):
        call_command("scheduler", "--interval", "0")
