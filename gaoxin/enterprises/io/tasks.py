"""The background task that runs an enterprise import (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gaoxin.core import context


@task()
def import_enterprises(job_id: int) -> str:
    """Run import job `job_id`; returns its final status."""
    from .services import import_job_run

    bound = None
    if not context.current().request_id:  # in a worker: say where the audit events come from
        bound = context.bind(context.RequestContext(request_id=f"import-{job_id}", channel="task"))
    try:
        return import_job_run(job_id).status
    finally:
        if bound is not None:
            context.reset(bound)
