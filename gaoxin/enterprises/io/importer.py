"""The enterprise import: all or nothing, in bounded memory per batch.

1. Check: read the sheet (python-calamine, which holds the sheet's cells; the row cap bounds
   it), read each row (rows.RowParser), and check batches of rows against the database and
   each other (checks.Checker). Every error is collected, with its row, column and message.
   Good rows are spilled to a temporary file, so the typed rows held are one batch, plus one
   credit code and name per row for the duplicate checks.
2. Any error: nothing is written; the job fails with the errors; `enterprises.import.failed`
   is audited.
3. No error: one transaction re-checks each spilled batch (now final: the rows are locked on
   PostgreSQL, the database on SQLite) and writes it: new rows with core.bulk.insert_rows
   (COPY on PostgreSQL), changed rows with update_rows, and one field-history row per created
   or changed record with core.bulk.insert_history. One audit event `enterprises.import`
   closes it.

Re-importing a file changes nothing: rows whose values equal the stored ones are counted as
unchanged and not written.
"""

from __future__ import annotations

import logging
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gaoxin.accounts.models import Organisation
from gaoxin.audit.services import record
from gaoxin.core.bulk import blank_row, insert_history, insert_rows, update_with_history
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

from .. import domain, services
from ..models import Enterprise, YearlyFact
from ..services._common import pk_of, push_after_commit
from ..services.enterprises import PUSH_FIELDS
from .checks import Checker, Plan
from .columns import FACT_KEYS, SHEET_DATA
from .rows import RowData, RowParser
from .scope import ImportScope

logger = logging.getLogger(__name__)

KIND = "enterprises"
BATCH_SIZE = 1000
MAX_ROWS = 100_000
# What updating an enterprise writes: every field of its file but the credit code (the row's key).
ENTERPRISE_FIELDS = (*(f for f in services.ENTERPRISE_FIELDS if f != "uscc"), "updated_at")
FACT_FIELDS = (*FACT_KEYS, "updated_at")


class _Rollback(Exception):
    pass


@dataclass
class Stats:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    facts_created: int = 0
    facts_updated: int = 0
    created_rows: set[int] = field(default_factory=set)
    changed_rows: set[int] = field(default_factory=set)
    # Enterprises created, or whose policy facts changed (park, stage, industry code, founding
    # date, yearly figures): pushed the policies they now meet once the import commits.
    push_ids: set[int] = field(default_factory=set)

    def details(self) -> dict[str, int]:
        return {"facts_created": self.facts_created, "facts_updated": self.facts_updated}


def run_import(
    job: ImportJob,
    scope: ImportScope,
    source: str | IO[bytes],
    *,
    sink: Callable[[dict], None] | None = None,
) -> ImportJob:
    """Import `source` for `job` within `scope`; the job ends succeeded or failed."""
    errors = ErrorList(sink=sink)
    with translation.override(job.language), tempfile.TemporaryFile() as spill:
        rows = 0
        try:
            with SheetReader(source, SHEET_DATA) as reader:
                job_start(job, estimated_rows=reader.estimated_rows)
                parser = RowParser(reader.header, scope, errors)
                rows = _check_file(reader, parser, Checker(scope, parser), spill, job)
        except FileError as exc:
            errors.add(None, "", str(exc))
        if not errors and rows == 0:
            errors.add(None, "", _("The sheet has no rows below the header; nothing to import."))
        if errors:
            _fail(job, scope, errors, rows)
            return job
        spill.seek(0)
        try:
            _write_all(job, scope, parser, spill, rows)
        except _Rollback:
            _fail(job, scope, errors, rows)
        except IntegrityError:
            logger.warning("import job %s: integrity error while writing", job.pk, exc_info=True)
            errors.add(
                None,
                "",
                _(
                    "The registry changed while the file was being imported, so nothing was "
                    "imported. Import the file again."
                ),
            )
            _fail(job, scope, errors, rows)
    return job


def _check_file(
    reader: SheetReader, parser: RowParser, checker: Checker, spill: IO[bytes], job: ImportJob
) -> int:
    """Pass 1: read and check every row; spill good batches. Returns the number of rows."""
    rows = 0
    batch: list[RowData] = []
    for number, values in reader.rows():
        rows += 1
        if rows > MAX_ROWS:
            raise FileError(
                _("The file has more than %(max)s rows; split it into several files.")
                % {"max": MAX_ROWS}
            )
        data = parser.parse(number, values)
        if data is not None:
            batch.append(data)
        if len(batch) >= BATCH_SIZE:
            _check_batch(checker, batch, spill, parser)
            batch = []
            job_progress(job, rows)
    if batch:
        _check_batch(checker, batch, spill, parser)
    job_progress(job, rows)
    return rows


def _check_batch(checker: Checker, batch: list[RowData], spill: IO[bytes], parser) -> None:
    plans = checker.resolve(batch)
    if not parser.errors:  # good rows only: as tuples, which pickle in half the time
        rows = [(p.data.row, p.data.uscc, p.data.values, p.data.year, p.data.facts) for p in plans]
        pickle.dump(rows, spill, protocol=pickle.HIGHEST_PROTOCOL)


def _spilled(spill: IO[bytes]):
    while True:
        try:
            rows = pickle.load(spill)  # noqa: S301 - our own file, see the import above
        except EOFError:
            return
        yield [RowData(row, uscc, values, year, facts) for row, uscc, values, year, facts in rows]


def _write_all(
    job: ImportJob, scope: ImportScope, parser: RowParser, spill: IO[bytes], rows: int
) -> None:
    """Pass 2: one transaction; re-check and write each batch; audit; finish the job."""
    stats = Stats(rows=rows)
    checker = Checker(scope, parser)
    reason = _("Excel import #%(id)s") % {"id": job.pk}
    with transaction.atomic():
        for batch in _spilled(spill):
            plans = checker.resolve(batch, lock=True)
            if parser.errors:
                raise _Rollback
            _write_batch(plans, scope, stats, reason)
        stats.unchanged = rows - stats.created - len(stats.changed_rows)
        stats.updated = len(stats.changed_rows)
        job_fill_succeeded(
            job,
            rows=rows,
            created=stats.created,
            updated=stats.updated,
            unchanged=stats.unchanged,
            details=stats.details(),
        )
        job_save_finished(job, audit=lambda: _audit_success(job, scope, stats))
        # one task for the whole file, not one per row, looks for the policies the created
        # and changed enterprises now meet (精准推送) once the import commits
        push_after_commit(stats.push_ids)


def _write_batch(plans: list[Plan], scope: ImportScope, stats: Stats, reason: str) -> None:
    now = timezone.now()
    history = {"user": scope.actor, "reason": reason, "when": now}
    new = [p for p in plans if p.enterprise is None]
    _create_enterprises(new, scope, history, now)
    stats.created += len(new)
    stats.created_rows.update(p.data.row for p in new)
    stats.push_ids.update(p.enterprise_id for p in new)
    changed, renamed = [], []
    for plan in plans:
        if plan.enterprise is None:
            continue
        if _touches_policy_facts(plan.enterprise, plan.data.values):
            stats.push_ids.add(plan.enterprise.pk)
        if _apply(plan.enterprise, plan.data.values, now):
            changed.append(plan.enterprise)
            stats.changed_rows.add(plan.data.row)
            if plan.rename_organisation:
                plan.enterprise.organisation.name = plan.enterprise.name
                plan.enterprise.organisation.updated_at = now
                renamed.append(plan.enterprise.organisation)
    update_with_history(Organisation, renamed, ("name", "updated_at"), **history)
    update_with_history(Enterprise, changed, ENTERPRISE_FIELDS, **history)
    _write_facts(plans, stats, now, history)


def _create_enterprises(plans: list[Plan], scope: ImportScope, history: dict, now) -> None:
    """Insert the new organisations and enterprises (core.bulk.insert_rows: COPY on
    PostgreSQL, multi-row INSERTs on SQLite) and their "+" history rows."""
    if not plans:
        return
    zone = scope.zone
    stamps = {"created_at": now, "updated_at": now}
    # The domain says what a new enterprise's organisation is; each row gives its own name,
    # region and sample mark.
    organisation = blank_row(
        Organisation,
        domain.new_enterprise_organisation(name="", zone=zone, region_code="", is_sample=False),
    )
    organisation_rows, owners = [], []
    for plan in plans:
        plan.data.values.setdefault("region_code", zone.region_code)
        if plan.organisation is None:
            values = plan.data.values
            organisation_rows.append(
                {
                    **organisation,
                    **stamps,
                    "name": values["name"],
                    "region_code": values["region_code"],
                    "is_sample": values.get("is_sample", False),
                }
            )
            owners.append(plan)
    ids = insert_rows(Organisation, organisation_rows, return_ids=True)
    for plan, pk, row in zip(owners, ids, organisation_rows, strict=True):
        plan.organisation_id = row["id"] = pk
    insert_history(Organisation, organisation_rows, history_type="+", **history)
    enterprise = {**blank_row(Enterprise), **stamps, "zone_id": zone.pk}
    rows = [
        {
            **enterprise,
            **plan.data.values,
            "uscc": plan.data.uscc,
            "organisation_id": plan.organisation_id
            if plan.organisation is None
            else plan.organisation.pk,
        }
        for plan in plans
    ]
    ids = insert_rows(Enterprise, rows, return_ids=True)
    for plan, pk, row in zip(plans, ids, rows, strict=True):
        plan.enterprise_id = row["id"] = pk
    insert_history(Enterprise, rows, history_type="+", **history)


def _touches_policy_facts(enterprise: Enterprise, values: dict[str, Any]) -> bool:
    """Whether writing ``values`` changes a field that is a fact of policy criteria."""
    for name in PUSH_FIELDS & set(values):
        attname = Enterprise._meta.get_field(name).attname
        if getattr(enterprise, attname) != pk_of(values[name]):
            return True
    return False


def _apply(obj: Any, values: dict[str, Any], now) -> bool:
    """Set the given values; True when any differs from the stored one."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.updated_at = now
    return changed


def _write_facts(plans: list[Plan], stats: Stats, now, history: dict) -> None:
    with_year = [p for p in plans if p.data.year is not None]
    if not with_year:
        return
    stored = {
        (fact.enterprise_id, fact.year): fact
        for fact in YearlyFact.objects.filter(
            enterprise_id__any_of=[p.enterprise_id for p in with_year if p.enterprise is not None],
            year__in={p.data.year for p in with_year},
        )
    }
    blank = {**blank_row(YearlyFact), "created_at": now, "updated_at": now}
    new, changed = [], []
    for plan in with_year:
        fact = stored.get((plan.enterprise_id, plan.data.year))
        if fact is None:
            new.append(
                {
                    **blank,
                    **plan.data.facts,
                    "enterprise_id": plan.enterprise_id,
                    "year": plan.data.year,
                }
            )
            if plan.data.row not in stats.created_rows:
                stats.changed_rows.add(plan.data.row)
            stats.push_ids.add(plan.enterprise_id)
        elif _apply(fact, plan.data.facts, now):
            changed.append(fact)
            stats.changed_rows.add(plan.data.row)
            stats.push_ids.add(plan.enterprise_id)
    ids = insert_rows(YearlyFact, new, return_ids=True)
    for row, pk in zip(new, ids, strict=True):
        row["id"] = pk
    insert_history(YearlyFact, new, history_type="+", **history)
    update_with_history(YearlyFact, changed, FACT_FIELDS, **history)
    stats.facts_created += len(new)
    stats.facts_updated += len(changed)


def _audit_data(job: ImportJob, rows: int) -> dict[str, Any]:
    return {
        "job": job.pk,
        "file": job.original_filename,
        "file_sha256": job.file_sha256,
        "rows": rows,
    }


def _audit_success(job: ImportJob, scope: ImportScope, stats: Stats) -> None:
    record(
        action="enterprises.import",
        actor=scope.actor,
        obj=job,
        summary=_(
            "Imported %(file)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged"
        )
        % {
            "file": job.original_filename,
            "created": stats.created,
            "updated": stats.updated,
            "unchanged": stats.unchanged,
        },
        data={
            **_audit_data(job, stats.rows),
            "created": stats.created,
            "updated": stats.updated,
            "unchanged": stats.unchanged,
            **stats.details(),
        },
    )


def _fail(job: ImportJob, scope: ImportScope, errors: ErrorList, rows: int) -> None:
    fail_job(job, actor=scope.actor, errors=errors, rows=rows)


def fail_job(
    job: ImportJob, *, actor, errors: ErrorList, rows: int, data: dict[str, Any] | None = None
) -> None:
    """End `job` failed with `errors`, nothing imported; audited (`enterprises.import.failed`,
    with `data` added to the event's)."""
    job_fill_failed(job, errors, rows=rows)
    job_save_finished(
        job,
        audit=lambda: record(
            action="enterprises.import.failed",
            actor=actor,
            obj=job,
            summary=_("Import of %(file)s refused: %(count)s errors, nothing imported")
            % {"file": job.original_filename, "count": errors.count},
            data={**_audit_data(job, rows), "errors": errors.count, **(data or {})},
        ),
    )
