"""The department import: all or nothing, like the registry import (io/importer.py).

1. Check: read the sheet (python-calamine), read each row (rows.RowParser), check the rows
   against each other and the registry (checks.Checker: duplicates, enterprises of the zone).
   Every error is collected with its row, column and message.
2. Any error: nothing is written (no fact, no record, no audit event); the job fails with the
   errors.
3. No error: one transaction re-checks each batch (the enterprises locked), then for each row
   verifies the pending declarations the row confirms (`declaration_verify`, with the list
   named in the reason), and writes the row's values through the registry's services with the
   department as their provenance (`yearly_fact_upsert` / `qualification_add` /
   `qualification_update`, actor the official). A value equal to the one in force is not
   written again, so importing a list twice changes nothing. Declarations the row contradicts
   are listed in the job's mismatch report and stay pending. A service that refuses a row fails
   the whole import. One audit event `enterprises.department_import` closes the transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gaoxin.audit.services import batched as audit_batched
from gaoxin.audit.services import record
from gaoxin.core.errors import DomainError
from gaoxin.core.imports import (
    ErrorList,
    FileError,
    SheetReader,
    job_fill_failed,
    job_fill_succeeded,
    job_progress,
    job_save_finished,
    job_start,
)
from gaoxin.core.models import ImportJob

from ... import services
from ...choices import FactSource
from ...models import Enterprise, FactRecord, Qualification, YearlyFact
from ...services._common import push_once, snapshot
from ...services.qualifications import QUALIFICATION_FIELDS
from .checks import Checker, certificate_key
from .kinds import KINDS, SHEET_DATA, ListKind
from .matching import Match, match_row, pending_declarations
from .rows import DepartmentRow, RowParser

logger = logging.getLogger(__name__)

KIND = "department"
BATCH_SIZE = 500
MAX_ROWS = 20_000
MISMATCHES_STORED = 5000


class _Rollback(Exception):
    pass


@dataclass
class Stats:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    verified: int = 0
    mismatched: int = 0  # declarations contradicted
    not_covered: int = 0  # declarations with figures the list does not hold
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    mismatch_count: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "written": self.created + self.updated,
            "verified": self.verified,
            "mismatched": self.mismatched,
            "mismatch_count": self.mismatch_count,
            "not_covered": self.not_covered,
        }


@dataclass
class Run:
    """What every row's write shares."""

    job: ImportJob
    actor: Any
    kind: ListKind
    parser: RowParser
    stats: Stats
    refused: bool = False  # a row was refused: roll back, whatever the errors list says

    @property
    def provenance(self) -> dict[str, Any]:
        return {
            "source": FactSource.DEPARTMENT,
            "department": self.job.details["department"],
            "evidence": self.job.details["reference"],
            "import_job": self.job,
        }

    @property
    def reason(self) -> str:
        return _(
            "Confirmed by the list of %(department)s (%(reference)s), department data import "
            "#%(job)s."
        ) % {
            "department": self.job.details["department"],
            "reference": self.job.details["reference"],
            "job": self.job.pk,
        }


def list_kind_of(job: ImportJob) -> ListKind:
    return KINDS[job.details["list_kind"]]


def run_department_import(job: ImportJob, actor, source: str | IO[bytes]) -> ImportJob:
    """Import `source` for `job` as `actor` (a zone official); the job ends succeeded or failed."""
    kind = list_kind_of(job)
    errors = ErrorList()
    rows: list[DepartmentRow] = []
    count = 0
    with translation.override(job.language):
        try:
            with SheetReader(source, SHEET_DATA) as reader:
                job_start(job, estimated_rows=reader.estimated_rows)
                parser = RowParser(reader.header, kind, errors)
                checker = Checker(actor.zone, parser)
                count = _check_file(reader, parser, checker, rows, job)
        except FileError as exc:
            errors.add(None, "", str(exc))
        if not errors and count == 0:
            errors.add(None, "", _("The sheet has no rows below the header; nothing to import."))
        if errors:
            _fail(job, errors, count)
            return job
        run = Run(job=job, actor=actor, kind=kind, parser=parser, stats=Stats(rows=count))
        try:
            _write_all(run, Checker(actor.zone, parser), rows)
        except _Rollback:
            _fail(job, errors, count)
        except (IntegrityError, OperationalError) as exc:
            if isinstance(exc, OperationalError) and not _conflicted(exc):
                raise
            logger.warning("department import %s: %s", job.pk, type(exc).__name__, exc_info=True)
            errors.add(
                None,
                "",
                _(
                    "The registry changed while the file was being imported, so nothing was "
                    "imported. Import the file again."
                ),
            )
            _fail(job, errors, count)
    return job


# PostgreSQL's deadlock_detected and serialization_failure: another transaction held what the
# import needed (a web request recording events while waiting for an enterprise it locked).
CONFLICT_SQLSTATES = ("40P01", "40001")


def _conflicted(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in CONFLICT_SQLSTATES


def _check_file(
    reader: SheetReader,
    parser: RowParser,
    checker: Checker,
    rows: list[DepartmentRow],
    job: ImportJob,
) -> int:
    """Pass 1: read and check every row; keep the good ones. Returns the number of rows."""
    count = 0
    batch: list[DepartmentRow] = []
    for number, values in reader.rows():
        count += 1
        if count > MAX_ROWS:
            raise FileError(
                _("The file has more than %(max)s rows; split it into several files.")
                % {"max": MAX_ROWS}
            )
        data = parser.parse(number, values)
        if data is None:
            continue
        checker.check_file_row(data)
        batch.append(data)
        if len(batch) >= BATCH_SIZE:
            _check_batch(checker, batch, rows)
            batch = []
            job_progress(job, count)
    if batch:
        _check_batch(checker, batch, rows)
    job_progress(job, count)
    return count


def _check_batch(checker: Checker, batch: list[DepartmentRow], rows: list) -> None:
    checker.enterprises(batch)
    rows.extend(data for data in batch if not data.bad)


def _write_all(run: Run, checker: Checker, rows: list[DepartmentRow]) -> None:
    """Pass 2: one transaction; re-check, verify, write; audit; finish the job. The enterprises
    whose facts change are looked at for policy pushes by one task after the commit; the audit
    events are appended together at the end (any error rolls the whole import back)."""
    with transaction.atomic(), push_once(), audit_batched():
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            enterprises = checker.enterprises_locked(batch)
            if run.parser.errors or run.refused:
                raise _Rollback
            pending = pending_declarations(run.kind, enterprises.values())
            listed: list[tuple[DepartmentRow, Match]] = []
            for data in batch:
                enterprise = enterprises[data.uscc]
                match = match_row(run.kind, data, pending.get(enterprise.pk, []))
                if not match.confirmed:
                    listed.append((data, match))
                else:
                    _write_row(run, data, enterprise, match)
            _write_listed(run, listed, enterprises)
        if run.parser.errors or run.refused:
            raise _Rollback
        stats = run.stats
        job_fill_succeeded(
            run.job,
            rows=stats.rows,
            created=stats.created,
            updated=stats.updated,
            unchanged=stats.unchanged,
            details={**stats.counts(), "mismatches": stats.mismatches},
        )
        job_save_finished(run.job, audit=lambda: _audit_success(run))


def _write_listed(
    run: Run, listed: list[tuple[DepartmentRow, Match]], enterprises: dict[str, Enterprise]
) -> None:
    """A batch's rows that verify no declaration, written together
    (`yearly_facts_write_listed`, `qualifications_write_listed`); a refused row is reported
    (and the import rolled back)."""
    if not listed:
        return
    try:
        if run.kind.is_yearly:
            results = services.yearly_facts_write_listed(
                actor=run.actor,
                rows=[
                    services.ListedFigures(enterprises[data.uscc], data.year, data.values)
                    for data, _match in listed
                ],
                provenance=run.provenance,
                reason=run.reason,
            )
        else:
            held = _held_qualifications(run.kind, [enterprises[d.uscc] for d, _m in listed])
            results = services.qualifications_write_listed(
                actor=run.actor,
                rows=[
                    services.ListedQualification(
                        enterprises[data.uscc],
                        {"kind": run.kind.qualification_kind, **data.values},
                        held.get(
                            (
                                enterprises[data.uscc].pk,
                                certificate_key(data.values["certificate_no"]),
                            )
                        ),
                    )
                    for data, _match in listed
                ],
                provenance=run.provenance,
                reason=run.reason,
            )
    except services.ListedRowsInvalid as exc:
        run.refused = True
        for index, error in exc.errors.items():
            _row_errors(run.parser, listed[index][0], error)
        return
    except DomainError as exc:
        run.refused = True
        run.parser.errors.add(None, "", exc.message)
        return
    for (_data, match), result in zip(listed, results, strict=True):
        _count(run.stats, result.created, bool(result.changes), match)


def _write_row(run: Run, data: DepartmentRow, enterprise: Enterprise, match: Match) -> None:
    """One row, in a savepoint: a refused row is reported (and the import rolled back)."""
    try:
        with transaction.atomic():
            before = _in_force(run.kind, data, enterprise)
            for declaration in match.confirmed:
                _verify(run, declaration, data, enterprise)
            _write_values(run, data, enterprise)
            after = _in_force(run.kind, data, enterprise)
    except ValidationError as exc:
        run.refused = True
        _row_errors(run.parser, data, exc)
        return
    except DomainError as exc:
        run.refused = True
        run.parser.error(data, exc.field or "", exc.message)
        return
    _count(run.stats, before is None, before != after, match)


def _verify(run: Run, declaration: FactRecord, data: DepartmentRow, enterprise) -> None:
    """Verify a declaration the row confirms. A declared *new* qualification the registry
    already holds (same kind and number) is verified against that one, not added twice."""
    if not run.kind.is_yearly and declaration.qualification_id is None:
        held = _held_qualification(run.kind, data, enterprise)
        if held is not None:
            FactRecord.objects.filter(pk=declaration.pk).update(qualification=held)
            declaration.refresh_from_db()
    services.declaration_verify(actor=run.actor, record=declaration, reason=run.reason)


def _write_values(run: Run, data: DepartmentRow, enterprise: Enterprise) -> None:
    if run.kind.is_yearly:
        services.yearly_fact_upsert(
            actor=run.actor,
            enterprise=enterprise,
            year=data.year,
            data=data.values,
            provenance=run.provenance,
        )
        return
    values = {"kind": run.kind.qualification_kind, **data.values}
    held = _held_qualification(run.kind, data, enterprise)
    if held is None:
        services.qualification_add(
            actor=run.actor, enterprise=enterprise, data=values, provenance=run.provenance
        )
    else:
        services.qualification_update(
            actor=run.actor, qualification=held, data=values, provenance=run.provenance
        )


def _held_qualifications(
    kind: ListKind, enterprises: list[Enterprise]
) -> dict[tuple, Qualification]:
    """The enterprises' qualifications of the list's kind by (enterprise id, certificate
    number compared), as :func:`_held_qualification` finds one (the latest first)."""
    held: dict[tuple, Qualification] = {}
    for qualification in Qualification.objects.filter(
        enterprise_id__any_of=[e.pk for e in enterprises], kind=kind.qualification_kind
    ).order_by("-valid_from", "-pk"):
        key = (qualification.enterprise_id, certificate_key(qualification.certificate_no))
        held.setdefault(key, qualification)
    return held


def _held_qualification(kind: ListKind, data: DepartmentRow, enterprise) -> Qualification | None:
    """The enterprise's qualification of the list's kind with the row's certificate number."""
    number = certificate_key(data.values["certificate_no"])
    for qualification in Qualification.objects.filter(
        enterprise=enterprise, kind=kind.qualification_kind
    ).order_by("-valid_from", "-pk"):
        if certificate_key(qualification.certificate_no) == number:
            return qualification
    return None


def _in_force(kind: ListKind, data: DepartmentRow, enterprise) -> dict | None:
    """The registry's values the row is about, or None when it holds none yet."""
    if kind.is_yearly:
        fact = YearlyFact.objects.filter(enterprise=enterprise, year=data.year).first()
        return snapshot(fact, kind.fact_keys) if fact else None
    held = _held_qualification(kind, data, enterprise)
    return snapshot(held, QUALIFICATION_FIELDS) if held else None


def _count(stats: Stats, created: bool, changed: bool, match: Match) -> None:
    if created:
        stats.created += 1
    elif changed:
        stats.updated += 1
    else:
        stats.unchanged += 1
    stats.verified += len(match.confirmed)
    stats.mismatched += len(match.mismatched)
    stats.not_covered += len(match.uncovered)
    stats.mismatch_count += len(match.mismatches)
    room = MISMATCHES_STORED - len(stats.mismatches)
    stats.mismatches.extend(match.mismatches[: max(room, 0)])


def _row_errors(parser: RowParser, data: DepartmentRow, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            parser.error(data, "", message)
        return
    for name, messages in exc.message_dict.items():
        for message in messages:
            parser.error(data, name, message)


def _audit_data(job: ImportJob, rows: int) -> dict[str, Any]:
    return {
        "job": job.pk,
        "file": job.original_filename,
        "file_sha256": job.file_sha256,
        "list": job.details["list_kind"],
        "department": job.details["department"],
        "reference": job.details["reference"],
        "rows": rows,
    }


def _audit_success(run: Run) -> None:
    stats = run.stats
    record(
        action="enterprises.department_import",
        actor=run.actor,
        obj=run.job,
        summary=_(
            "Imported the list of %(department)s (%(reference)s): %(written)s written, "
            "%(verified)s declarations verified, %(mismatched)s contradicted"
        )
        % {
            "department": run.job.details["department"],
            "reference": run.job.details["reference"],
            "written": stats.created + stats.updated,
            "verified": stats.verified,
            "mismatched": stats.mismatched,
        },
        data={**_audit_data(run.job, stats.rows), **stats.counts()},
    )


def _fail(job: ImportJob, errors: ErrorList, rows: int) -> None:
    """End the job failed with the errors. Nothing was written, so nothing is audited: the
    failed job, with its errors, is the record of the attempt."""
    errors.items.sort(key=lambda error: error["row"] or 0)  # file order; a row's own in order
    job_fill_failed(job, errors, rows=rows)
    job_save_finished(job)
