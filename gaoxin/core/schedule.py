"""The nightly jobs, enqueued once a day on the task queue (``gaoxin scheduler``).

The task queue (django-tasks) runs what is enqueued but has no clock. ``gaoxin scheduler``
wakes every minute and calls :func:`tick`: each job of :data:`settings.SCHEDULE` whose time of
day (zone time, ``TIME_ZONE``) has come and that has not been enqueued for today is enqueued,
with today's date, in one transaction with its :class:`~gaoxin.core.models.ScheduledRun` row
and an audit event ``core.schedule.enqueue``. The row's uniqueness on (job, day) makes a second
scheduler, or a restarted one, enqueue nothing twice. A scheduler that was down at the job's
time enqueues it when it comes back the same day; a day missed entirely is not made up (every
job works "as of today").

``gaoxin scheduler --once`` does one tick and exits (for cron).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import ScheduledRun
from .registry import audit_record

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str  # e.g. "policies.expire"
    at: datetime.time  # zone time of day
    task: str  # dotted path of a django-tasks task taking the day as YYYY-MM-DD


def jobs() -> list[Job]:
    """The jobs of ``settings.SCHEDULE`` ({name: (HH:MM, task path)}), in time order."""
    return sorted(
        (
            Job(name, datetime.time.fromisoformat(at), task)
            for name, (at, task) in settings.SCHEDULE.items()
        ),
        key=lambda job: (job.at, job.name),
    )


def due(now: datetime.datetime | None = None) -> list[Job]:
    """The jobs whose time has come today and that are not enqueued for today yet."""
    local = timezone.localtime(now or timezone.now())
    done = set(ScheduledRun.objects.filter(day=local.date()).values_list("job", flat=True))
    return [job for job in jobs() if job.at <= local.time() and job.name not in done]


def tick(now: datetime.datetime | None = None) -> list[ScheduledRun]:
    """Enqueue every due job for today, each once. Returns the runs enqueued by this call. A
    job that cannot be enqueued (a misconfigured task, the database away) is logged and left
    for the next tick; the others go on."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    enqueued = []
    for job in due(now):
        try:
            run = _enqueue(job, day)
        except IntegrityError:  # another scheduler enqueued it first
            logger.info("%s for %s already enqueued", job.name, day)
            continue
        except Exception:
            logger.exception(
                "could not enqueue %s for %s; trying again at the next tick", job.name, day
            )
            continue
        enqueued.append(run)
    return enqueued


def _queued_outside_the_database(task) -> bool:
    """Does ``task`` go to a queue outside the database (Redis, ``TASKS_BACKEND=rq``), which a
    rollback cannot take back? (The database queue commits with our transaction; the immediate
    backend of the tests runs the task in it.)"""
    return type(task.get_backend()).__module__.startswith("django_tasks_rq")


def _enqueue(job: Job, day: datetime.date) -> ScheduledRun:
    """The run row, its audit event and the enqueue, in one transaction. On the database queue
    the task row commits with them (exactly once); on another queue (Redis) the task is sent
    when they have committed (at most once: a crash in between loses that night's run)."""
    task = import_string(job.task)
    with transaction.atomic():
        run = ScheduledRun.objects.create(job=job.name, day=day)
        audit_record(
            action="core.schedule.enqueue",
            actor=None,
            obj=run,
            summary=_("Enqueued the nightly job %(job)s for %(day)s")
            % {"job": job.name, "day": day.isoformat()},
            data={"job": job.name, "day": day.isoformat(), "task": job.task},
        )
        if _queued_outside_the_database(task):
            transaction.on_commit(lambda: _send(run, task, day))
        else:
            _send(run, task, day)
    return run


def _send(run: ScheduledRun, task, day: datetime.date) -> None:
    result = task.enqueue(day.isoformat())
    run.task_id = str(getattr(result, "id", "") or "")
    ScheduledRun.objects.filter(pk=run.pk).update(task_id=run.task_id)
