"""The background task that runs a department import (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gaoxin.core import context

from .runner import department_import_run


@task()
def import_department_data(job_id: int) -> str:
    """Run department import job `job_id`; returns its final status."""
    with context.task_context(f"department-import-{job_id}"):
        return department_import_run(job_id).status
