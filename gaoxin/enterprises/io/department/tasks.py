"""The background task that runs a department import (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from gaoxin.core import context


@task()
def import_department_data(job_id: int) -> str:
    """Run department import job `job_id`; returns its final status."""
    from .services import department_import_run

    bound = None
    if not context.current().request_id:  # in a worker: say where the audit events come from
        bound = context.bind(
            context.RequestContext(request_id=f"department-import-{job_id}", channel="task")
        )
    try:
        return department_import_run(job_id).status
    finally:
        if bound is not None:
            context.reset(bound)
