"""Running a queued registry import job: the task and the command line both call
:func:`import_job_run`; `services` submits jobs and enqueues the task."""

from __future__ import annotations

from collections.abc import Callable

from gaoxin.core.imports import ErrorList, job_run_once
from gaoxin.core.models import ImportJob

from .importer import KIND, fail_job, run_import
from .scope import ImportScope, scope_for_user


def import_job_run(
    job_id: int, *, scope: ImportScope | None = None, sink: Callable[[dict], None] | None = None
) -> ImportJob:
    """Run a queued job once (a second delivery of the task finds it taken and does nothing)."""

    def work(job: ImportJob) -> ImportJob:
        with job.file.open("rb") as source:
            return run_import(job, scope or scope_for_user(job.created_by), source, sink=sink)

    def stop(job: ImportJob, message: str) -> None:
        """Fail a job that could not run; audited like any refused import."""
        errors = ErrorList(sink=sink)
        errors.add(None, "", message)
        fail_job(
            job,
            actor=job.created_by,
            errors=errors,
            rows=job.processed_rows,
            data={"reason": message},
        )

    return job_run_once(job_id, kind=KIND, work=work, stop=stop)
