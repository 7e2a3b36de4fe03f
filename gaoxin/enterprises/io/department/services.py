"""Department import jobs: submit a list (page, API), run a job (task), import a file now
(tests, command line). One importer behind all (importer.run_department_import)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from django.core.files import File
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError
from gaoxin.core.imports import sha256_of
from gaoxin.core.models import ImportJob

from ...models import FactRecord
from . import tasks
from .importer import KIND
from .kinds import KINDS
from .permissions import require_importer
from .runner import department_import_run

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
