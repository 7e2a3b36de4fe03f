"""The background task that runs an enterprise import (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gaoxin.core import context

from .runner import import_job_run


@task()
def import_enterprises(job_id: int) -> str:
    """Run import job `job_id`; returns its final status."""
    with context.task_context(f"import-{job_id}"):
        return import_job_run(job_id).status
