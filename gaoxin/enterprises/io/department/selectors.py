"""Reads of department import jobs, scoped by the user: a zone official sees the jobs of their
own zone (whoever of its officials made them); anyone else sees none."""

from __future__ import annotations

from django.db.models import QuerySet

from gaoxin.core.models import ImportJob

from .importer import KIND
from .permissions import can_import

RECENT_JOBS = 10


def department_job_list(*, user) -> QuerySet[ImportJob]:
    """The department imports of the user's zone, newest first."""
    if not can_import(user):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(kind=KIND, details__zone_id=user.zone.pk).select_related(
        "created_by"
    )


def department_job_get(*, user, pk: int) -> ImportJob:
    """One of them; ImportJob.DoesNotExist for another zone's (or any other) job."""
    return department_job_list(user=user).get(pk=pk)
