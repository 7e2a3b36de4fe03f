"""Running a queued department import job: the task and the command line both call
:func:`department_import_run`; `services` submits jobs and enqueues the task."""

from __future__ import annotations

from gaoxin.core.imports import ErrorList, job_fill_failed, job_run_once, job_save_finished
from gaoxin.core.models import ImportJob

from .importer import KIND, run_department_import
from .permissions import require_importer


def department_import_run(job_id: int) -> ImportJob:
    """Run a queued job once (a second delivery of the task finds it taken and does nothing)."""

    def work(job: ImportJob) -> ImportJob:
        require_importer(job.created_by)
        with job.file.open("rb") as source:
            return run_department_import(job, job.created_by, source)

    def stop(job: ImportJob, message: str) -> None:
        """Fail a job that could not run. Nothing was written, so nothing is audited."""
        errors = ErrorList()
        errors.add(None, "", message)
        job_fill_failed(job, errors, rows=job.processed_rows)
        job_save_finished(job)
        job.save()

    return job_run_once(job_id, kind=KIND, work=work, stop=stop)
