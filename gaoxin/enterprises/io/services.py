"""Import jobs for the registry: submit a file (page), run a job (task), import a file now
(command line, benchmark). One importer behind all three (importer.run_import)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Organisation
from gaoxin.audit.services import record
from gaoxin.core.imports import sha256_of
from gaoxin.core.models import ImportJob

from ..selectors import enterprise_list
from . import tasks
from .export import write_export
from .importer import KIND
from .runner import import_job_run
from .scope import scope_for_user, scope_for_zone

logger = logging.getLogger(__name__)

EXPORT_FILTER_KEYS = ("q", "park", "stage", "qualification", "industry", "sample", "sort")


def import_job_submit(*, actor, upload: UploadedFile, language: str) -> ImportJob:
    """Store the upload as a queued job and hand it to the task queue."""
    scope_for_user(actor)  # refuse early those who may not import
    job = _job_create(actor=actor, fileobj=upload, filename=upload.name, language=language)
    tasks.import_enterprises.enqueue(job.pk)
    job.refresh_from_db()
    return job


def import_file_now(
    *,
    path: str | Path,
    actor=None,
    zone: Organisation | None = None,
    language: str | None = None,
    sink: Callable[[dict], None] | None = None,
) -> ImportJob:
    """Import a file synchronously (no queue): as `actor`, or as the system in `zone`."""
    scope = scope_for_user(actor) if actor is not None else scope_for_zone(zone)
    path = Path(path)
    with path.open("rb") as fileobj:
        job = _job_create(
            actor=actor,
            fileobj=fileobj,
            filename=path.name,
            language=language or settings.LANGUAGE_CODE,
        )
    return import_job_run(job.pk, scope=scope, sink=sink)


def _job_create(*, actor, fileobj, filename: str, language: str) -> ImportJob:
    job = ImportJob(
        kind=KIND,
        created_by=actor,
        original_filename=Path(filename).name[:255],
        file_sha256=sha256_of(fileobj),
        language=language,
    )
    job.file.save(Path(filename).name, File(fileobj), save=False)
    job.save()
    return job


def enterprise_export(*, user, filters, out) -> int:
    """Write the list the user sees, filtered as the list page filters it, to `out` (.xlsx).

    Audited (`enterprises.export`): a bulk copy of the registry leaves the platform.
    """
    count = write_export(enterprise_list(user=user, filters=filters), out)
    kept = {key: filters.get(key) for key in EXPORT_FILTER_KEYS if filters.get(key)}
    with transaction.atomic():
        record(
            action="enterprises.export",
            actor=user,
            summary=_("Exported %(count)s enterprises to Excel") % {"count": count},
            data={"rows": count, "filters": kept},
        )
    return count
