"""Generic pieces of an Excel import: a streaming sheet reader, cell converters, an error list
with a cap, and the life cycle of an `ImportJob`. What a row means belongs to each import
(e.g. gaoxin/enterprises/io/importer.py).

Reading. Files are read with python-calamine (Rust), about ten times faster than openpyxl's
read-only mode; it holds the sheet in memory (about 1.5 KB per row of 18 columns: 75 MB for
50 000 rows), which the importers' row caps bound. Figures in docs/import-export.md.

Numbers. calamine returns a numeric cell as float (openpyxl as int or float): the file stores
an IEEE double, and Excel keeps 15 significant digits. `cell_decimal` turns a float into
Decimal through its 15-significant-digit text, which is what Excel shows, never through binary
arithmetic; text cells ("1,234.50") are parsed exactly. Rounding to the fen is left to
`gaoxin.core.money.to_yuan`.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import connections, models, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from python_calamine import CalamineError, CalamineWorkbook

from .errors import PermissionDeniedError
from .models import ImportJob

logger = logging.getLogger(__name__)

EXCEL_SIGNIFICANT_DIGITS = 15
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
INTEGER_RE = re.compile(r"^[+-]?\d+(\.0*)?$")


class CellError(ValueError):
    """A cell whose content cannot be read as the column's type; the message says why."""


class FileError(ValueError):
    """A file that cannot be read at all (not an .xlsx, no usable sheet, no header)."""


# ---------------------------------------------------------------------------------------------
# Errors


@dataclass
class ErrorList:
    """Row errors in file order. Keeps the first `limit`, counts them all, and hands every
    one to `sink` (the command line prints them all)."""

    limit: int = ImportJob.ERRORS_STORED
    sink: Callable[[dict], None] | None = None
    items: list[dict] = field(default_factory=list)
    count: int = 0

    def add(self, row: int | None, column: str, message: str, cell: str = "") -> None:
        error = {"row": row, "column": column, "cell": cell, "message": str(message)}
        self.count += 1
        if len(self.items) < self.limit:
            self.items.append(error)
        if self.sink is not None:
            self.sink(error)

    def __bool__(self) -> bool:
        return self.count > 0


def format_error(error: dict) -> str:
    """`row N, column X: message` for the command line."""
    row = error.get("row")
    where = _("row %(row)s") % {"row": row} if row else _("file")
    if error.get("column"):
        where += ", " + _("column %(column)s") % {"column": error["column"]}
    return f"{where}: {error['message']}"


# ---------------------------------------------------------------------------------------------
# Reading


def sha256_of(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


class SheetReader:
    """Rows of one sheet of an .xlsx file, with Excel's row numbers, read by python-calamine.

    `header` is row 1 (stripped texts); `rows()` yields (row_number, values) for every later row
    that holds anything, values padded to the header's width. Use as a context manager.

    calamine parses the sheet in Rust, about ten times faster than openpyxl's read-only mode,
    but holds the sheet's cells in memory (≈ 1.5 KB a row of 18 columns; the importers cap the
    rows). An empty cell is None, a number a float (410171.0; the cell readers below
    take both) and an Excel error cell (#N/A …) as empty.
    """

    def __init__(self, source: str | IO[bytes], sheet_name: str):
        try:
            if hasattr(source, "read"):
                source.seek(0)
                self.workbook = CalamineWorkbook.from_filelike(source)
            else:
                self.workbook = CalamineWorkbook.from_path(str(source))
            names = self.workbook.sheet_names
            if not names:
                raise FileError(_("The workbook has no sheet."))
            self.sheet = self.workbook.get_sheet_by_name(
                sheet_name if sheet_name in names else names[0]
            )
        except FileError:
            raise
        except (CalamineError, zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
            raise FileError(
                _(
                    "This file cannot be read as an Excel workbook (.xlsx). Save it from Excel or "
                    'WPS as "Excel Workbook (*.xlsx)" and upload it again.'
                )
            ) from exc
        # calamine's range starts at the first used cell; Excel's numbering starts at A1.
        first_row, self.first_column = self.sheet.start or (0, 0)
        self._rows = iter(self.sheet.iter_rows()) if first_row == 0 else iter(())
        self.estimated_rows = max(self.sheet.height - 1, 0) if first_row == 0 else 0
        first = self._pad(next(self._rows, None) or [])
        self.header = [cell_text_or_blank(value) for value in first]
        while self.header and not self.header[-1]:
            self.header.pop()
        if not self.header:
            raise FileError(_("The first row of the sheet must hold the column headers."))
        self.width = len(self.header)

    def _pad(self, values: list) -> list:
        return [None] * self.first_column + list(values) if self.first_column else values

    def rows(self) -> Iterator[tuple[int, tuple]]:
        width = self.width
        for number, values in enumerate(self._rows, start=2):
            if all(is_blank(value) for value in values):
                continue
            # An empty cell is None, as openpyxl gave it ("" from calamine).
            values = tuple(None if value == "" else value for value in self._pad(values))
            if len(values) < width:
                values = (*values, *([None] * (width - len(values))))
            yield number, values

    def close(self) -> None:
        self.workbook.close()

    def __enter__(self) -> SheetReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def cell_name(column_index: int, row: int) -> str:
    """ "H5" for the 0-based column 7 of row 5."""
    return f"{get_column_letter(column_index + 1)}{row}"


# ---------------------------------------------------------------------------------------------
# Cells


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text_or_blank(value: Any) -> str:
    try:
        return cell_text(value)
    except CellError:
        return ""


def cell_text(value: Any) -> str:
    """A cell as stripped text; a whole-number float as its digits (410171.0 → "410171")."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        if text in EXCEL_ERRORS:
            raise CellError(
                _("The cell holds the Excel error %(error)s; enter a value.") % {"error": text}
            )
        return text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, f".{EXCEL_SIGNIFICANT_DIGITS}g")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    return str(value).strip()


def cell_decimal(value: Any) -> Decimal | None:
    """A number, exactly as Excel shows it; None when blank. Not rounded."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Enter an amount in yuan, e.g. 1234.50."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(_("Enter an amount in yuan, e.g. 1234.50."))
        number = Decimal(format(value, f".{EXCEL_SIGNIFICANT_DIGITS}g"))
    elif isinstance(value, str):
        text = cell_text(value)
        for mark in (",", "，", " ", "¥", "￥"):
            text = text.replace(mark, "")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(_("Enter an amount in yuan, e.g. 1234.50.")) from exc
    else:
        raise CellError(_("Enter an amount in yuan, e.g. 1234.50."))
    if not number.is_finite():
        raise CellError(_("Enter an amount in yuan, e.g. 1234.50."))
    return number


def cell_int(value: Any) -> int | None:
    """A whole number (120, 120.0, "1,200"); None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise CellError(_("Enter a whole number."))
        return int(value)
    text = cell_text(value).replace(",", "").replace("，", "")
    if not INTEGER_RE.match(text):
        raise CellError(_("Enter a whole number."))
    return int(Decimal(text))


def cell_date(value: Any) -> datetime.date | None:
    """A date cell, a date serial number or a text such as 2024-05-01, 2024/5/1, 2024年5月1日."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            converted = from_excel(value)
        except (OverflowError, ValueError, TypeError) as exc:
            raise CellError(_("Enter a date as YYYY-MM-DD, e.g. 2024-05-01.")) from exc
        if isinstance(converted, datetime.datetime):
            return converted.date()
        if isinstance(converted, datetime.date):
            return converted
        raise CellError(_("Enter a date as YYYY-MM-DD, e.g. 2024-05-01."))
    match = DATE_RE.match(cell_text(value))
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("Enter a date as YYYY-MM-DD, e.g. 2024-05-01."))


# ---------------------------------------------------------------------------------------------
# Writing


def update_rows(model: type[models.Model], objs: list, fields: list[str] | tuple[str, ...]) -> None:
    """UPDATE `fields` of each object, by primary key, with one prepared statement run for
    all (`executemany`). Django's `bulk_update` builds one CASE WHEN per field listing every
    object, which costs time in the square of the batch: 360 rows/s against thousands here
    (docs/import-export.md). Values go through each field's `get_db_prep_save`, as in `save()`.
    No signals are sent; callers write the field history themselves.
    """
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns]
        + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Bulk inserts without the ORM's per-object work. Django's bulk_create compiles every value of
# every object through the field's SQL machinery (most of an import's time, measured); here the
# values are given as rows of plain Python values, in the database's own types, and only
# date-times (and types this list does not know) go through their field's conversion.
# PostgreSQL: COPY, ids drawn from the table's sequence beforehand. SQLite: multi-row INSERTs.

PASS_THROUGH = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "DecimalField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


class _Converter:
    """A field's value as the database driver takes it; the last value is remembered, as a
    batch writes the same time stamps on every row."""

    __slots__ = ("connection", "field", "last")

    def __init__(self, field: models.Field, connection):
        self.field, self.connection, self.last = field, connection, (object(), None)

    def __call__(self, value):
        if value is self.last[0]:
            return self.last[1]
        converted = self.field.get_db_prep_save(value, self.connection)
        self.last = (value, converted)
        return converted


def insert_rows(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    defaults: dict[str, Any] | None = None,
    return_ids: bool = False,
) -> list[int]:
    """INSERT ``rows`` (dicts by attname; a column a row lacks takes ``defaults``, then the
    field's default, ``now`` for auto_now fields) into ``model``'s table. Returns the new
    primary keys in the rows' order when ``return_ids``. No signals, no history: the caller
    writes history (``insert_history``)."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
    now = timezone.now()
    fill = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill[f.attname] = now
        elif f.has_default() or f.null or f.empty_strings_allowed:
            fill[f.attname] = f.get_default()
    fill.update(defaults or {})
    convert = [
        None if f.get_internal_type() in PASS_THROUGH else _Converter(f, connection) for f in fields
    ]
    names = [f.attname for f in fields]
    pairs = list(zip(names, convert, strict=True))
    values = []
    for row in rows:
        out = []
        for name, conv in pairs:
            value = row[name] if name in row else fill[name]
            out.append(value if conv is None else conv(value))
        values.append(tuple(out))
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), [quote(f.column) for f in fields]
    pk = meta.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids: list[int] = []
            if return_ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, pk.column, len(values)],
                )
                ids = [row[0] for row in cursor.fetchall()]
                columns = [quote(pk.column), *columns]
                values = [(i, *row) for i, row in zip(ids, values, strict=True)]
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
            return ids
        width = len(columns)
        one = "(" + ", ".join(["%s"] * width) + ")"
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
        if not return_ids:
            cursor.executemany(insert + one, values)
            return []
        ids = []
        per_statement = max(1, (connection.features.max_query_params or 999) // width)
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(
                insert + ", ".join([one] * len(chunk)) + f" RETURNING {quote(pk.column)}",
                [value for row in chunk for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return ids


def insert_history(
    model: type[models.Model],
    records: list[dict[str, Any]],
    *,
    history_type: str,
    user,
    reason: str,
    when: datetime.datetime | None = None,
) -> None:
    """simple_history's rows for ``records`` (dicts of the model's tracked fields by attname,
    the primary key included), as ``bulk_history_create`` writes them — same user, reason and
    time for all — without building model instances. ``history_type``: "+" created, "~"
    changed. Like simple_history's bulk helpers, sends no history signals."""
    if not records:
        return
    history_model = model.history.model
    fixed = {
        "history_date": when or timezone.now(),
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": reason,
    }
    tracked = {f.attname for f in history_model.tracked_fields}
    for f in history_model._meta.concrete_fields:
        if f.primary_key or f.attname in fixed or f.attname in tracked:
            continue
        raise NotImplementedError(f"insert_history: unknown field {f.attname} of {history_model}")
    insert_rows(history_model, records, defaults=fixed)


def blank_row(model: type[models.Model], template: models.Model | None = None) -> dict[str, Any]:
    """Every column of a new ``model`` row but the key: ``template``'s values (an unsaved
    instance), or the fields' defaults; the time stamps are set by the caller."""
    return {
        f.attname: getattr(template, f.attname) if template is not None else f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in ("created_at", "updated_at")
    }


def update_with_history(
    model: type[models.Model],
    objs: list,
    fields: list[str] | tuple[str, ...],
    *,
    user,
    reason: str,
    when: datetime.datetime | None = None,
) -> None:
    """Write the changed objects (``update_rows``: one prepared UPDATE for all), then their "~"
    history rows (``insert_history``: one row per changed record, same user, reason, time)."""
    if not objs:
        return
    update_rows(model, objs, fields)
    concrete = model._meta.concrete_fields
    records = [{f.attname: getattr(obj, f.attname) for f in concrete} for obj in objs]
    insert_history(model, records, history_type="~", user=user, reason=reason, when=when)


# ---------------------------------------------------------------------------------------------
# Job life cycle. Each step is its own small write, outside the import's own transaction, so
# the job page sees it while the import runs.


def job_start(job: ImportJob, *, estimated_rows: int = 0) -> None:
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.row_count = estimated_rows
    job.processed_rows = 0
    job.save(update_fields=["status", "started_at", "row_count", "processed_rows", "updated_at"])


def job_progress(job: ImportJob, processed_rows: int) -> None:
    job.processed_rows = processed_rows
    job.row_count = max(job.row_count, processed_rows)
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=processed_rows, row_count=job.row_count
    )


def job_fill_failed(job: ImportJob, errors: ErrorList, *, rows: int) -> None:
    """Set the failed state on `job` (the caller saves it, with its audit event)."""
    job.status = ImportJob.Status.FAILED
    job.errors = errors.items
    job.error_count = errors.count
    job.row_count = rows
    job.processed_rows = rows
    job.created_count = job.updated_count = job.unchanged_count = 0
    job.finished_at = timezone.now()


def job_fill_succeeded(
    job: ImportJob, *, rows: int, created: int, updated: int, unchanged: int, details: dict
) -> None:
    job.status = ImportJob.Status.SUCCEEDED
    job.errors = []
    job.error_count = 0
    job.row_count = job.processed_rows = rows
    job.created_count, job.updated_count, job.unchanged_count = created, updated, unchanged
    job.details = {**(job.details or {}), **details}
    job.finished_at = timezone.now()


@transaction.atomic
def job_save_finished(job: ImportJob, *, audit: Callable[[], Any] | None = None) -> None:
    """Save a finished job, and write its audit event in the same transaction."""
    job.save()
    if audit is not None:
        audit()


def job_run_once(
    job_id: int,
    *,
    kind: str,
    work: Callable[[ImportJob], ImportJob],
    stop: Callable[[ImportJob, str], object],
) -> ImportJob:
    """Run queued import job ``job_id`` of ``kind`` once: claim it (a second delivery of the
    task finds it taken and does nothing), then ``work(job)`` in the job's language. A refusal
    (``PermissionDeniedError``) or an unexpected error ends the job through ``stop(job,
    message)`` with a message the uploader can act on; nothing is imported then."""

    taken = ImportJob.objects.filter(pk=job_id, kind=kind, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not taken:
        return job
    with translation.override(job.language):
        try:
            return work(job)
        except PermissionDeniedError as exc:
            stop(job, str(exc))
        except Exception:
            logger.exception("%s job %s failed unexpectedly", kind, job_id)
            stop(
                job,
                _(
                    "The import stopped because of an unexpected error; nothing was "
                    "imported. Try again, or send the file to the administrators."
                ),
            )
    return job
