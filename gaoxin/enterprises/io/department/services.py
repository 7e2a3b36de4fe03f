"""Department import jobs: submit a list (page, API), run a job (task), import a file now
(tests, command line). One importer behind all (importer.run_department_import)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from django.core.files import File
from django.utils import translation
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.imports import ErrorList, job_fill_failed, job_save_finished, sha256_of
from gaoxin.core.models import ImportJob

from ...models import FactRecord
from . import tasks
from .importer import KIND, run_department_import
from .kinds import KINDS
from .permissions import require_importer

logger = logging.getLogger(__name__)

DEPARTMENT_MAX = FactRecord._meta.get_field("department").max_length
REFERENCE_MAX = FactRecord._meta.get_field("evidence").max_length


def department_import_submit(
    *, actor, kind: str, department: str, reference: str, upload, language: str
) -> ImportJob:
    """Store the list as a queued job and hand it to the task queue."""
    job = _job_create(
        actor=actor,
        kind=kind,
        department=department,
        reference=reference,
        fileobj=upload,
        filename=upload.name,
        language=language,
    )
    tasks.import_department_data.enqueue(job.pk)
    job.refresh_from_db()
    return job


def department_import_file_now(
    *, actor, kind: str, department: str, reference: str, path: str | Path, language: str = "en"
) -> ImportJob:
    """Import a file synchronously (no queue), as `actor`."""
    path = Path(path)
    with path.open("rb") as fileobj:
        job = _job_create(
            actor=actor,
            kind=kind,
            department=department,
            reference=reference,
            fileobj=fileobj,
            filename=path.name,
            language=language,
        )
    return department_import_run(job.pk)


def department_import_run(job_id: int) -> ImportJob:
    """Run a queued job once (a second delivery of the task finds it taken and does nothing)."""
    taken = ImportJob.objects.filter(pk=job_id, kind=KIND, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not taken:
        return job
    with translation.override(job.language):
        try:
            require_importer(job.created_by)
            with job.file.open("rb") as source:
                return run_department_import(job, job.created_by, source)
        except PermissionDeniedError as exc:
            _stop(job, str(exc))
        except Exception:
            logger.exception("department import job %s failed unexpectedly", job_id)
            _stop(
                job,
                _(
                    "The import stopped because of an unexpected error; nothing was "
                    "imported. Try again, or send the file to the administrators."
                ),
            )
    return job


def _job_create(
    *,
    actor,
    kind: str,
    department: str,
    reference: str,
    fileobj: IO[bytes],
    filename: str,
    language: str,
) -> ImportJob:
    require_importer(actor)
    department, reference = _check_inputs(kind, department, reference)
    job = ImportJob(
        kind=KIND,
        created_by=actor,
        original_filename=Path(filename).name[:255],
        file_sha256=sha256_of(fileobj),
        language=language,
        details={
            "list_kind": kind,
            "department": department,
            "reference": reference,
            "zone_id": actor.zone.pk,
        },
    )
    job.file.save(Path(filename).name, File(fileobj), save=False)
    job.save()
    return job


def _check_inputs(kind: str, department: str, reference: str) -> tuple[str, str]:
    if kind not in KINDS:
        raise DomainError(
            _("Choose one of the lists: %(kinds)s.") % {"kinds": ", ".join(KINDS)}, field="kind"
        )
    department, reference = (department or "").strip(), (reference or "").strip()
    for name, value, limit, message in (
        ("department", department, DEPARTMENT_MAX, _("Name the department the list comes from.")),
        ("reference", reference, REFERENCE_MAX, _("Give the list's document number or batch.")),
    ):
        if not value:
            raise DomainError(message, field=name)
        if len(value) > limit:
            raise DomainError(_("At most %(limit)s characters.") % {"limit": limit}, field=name)
    return department, reference


def _stop(job: ImportJob, message: str) -> None:
    """Fail a job that could not run. Nothing was written, so nothing is audited."""
    errors = ErrorList()
    errors.add(None, "", message)
    job_fill_failed(job, errors, rows=job.processed_rows)
    job_save_finished(job)
