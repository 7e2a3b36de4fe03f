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

from django.db import transaction
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
