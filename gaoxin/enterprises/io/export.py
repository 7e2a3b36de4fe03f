"""The export (.xlsx) of a filtered enterprise list: the template's columns, so the file imports
again unchanged, with each enterprise's latest yearly figures and the 示例数据 mark.

Streamed both ways: rows come from the database 2 000 at a time (`iterator(chunk_size=2000)`,
with the facts prefetched per chunk) and go to openpyxl's write-only workbook, which writes
them to a temporary file as they come; the response then streams that file.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import IO

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..models import Enterprise, YearlyFact
from .columns import EXPORT_COLUMNS, MONEY_KEYS, NO, SHEET_DATA, STAGE_LABELS, YES

CHUNK_SIZE = 2000
EXCEL_SIGNIFICANT_DIGITS = 15
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def export_filename(day: datetime.date) -> str:
    return f"企业名录_{day:%Y%m%d}.xlsx"


def write_export(enterprises: QuerySet[Enterprise], out: IO[bytes]) -> int:
    """Write the enterprises to `out` as .xlsx; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_DATA)
    for index, column in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "B2"
    sheet.append([_header_cell(sheet, column.header) for column in EXPORT_COLUMNS])
    facts = Prefetch(
        "yearly_facts", queryset=YearlyFact.objects.order_by("-year"), to_attr="facts_newest_first"
    )
    count = 0
    rows = enterprises.select_related("park").prefetch_related(facts)
    for enterprise in rows.iterator(chunk_size=CHUNK_SIZE):
        sheet.append(_row(enterprise))
        count += 1
    workbook.save(out)
    return count


def _row(enterprise: Enterprise) -> list:
    latest = enterprise.facts_newest_first[0] if enterprise.facts_newest_first else None
    row = [
        enterprise.uscc,
        enterprise.name,
        enterprise.legal_representative,
        enterprise.address,
        enterprise.region_code,
        enterprise.industry_code,
        enterprise.industry_name,
        enterprise.park.name if enterprise.park_id else "",
        STAGE_LABELS.get(enterprise.stage, enterprise.stage),
        enterprise.founded_on,
    ]
    if latest is None:
        row += [None] * 8
    else:
        row += [latest.year]
        for key in (
            "revenue",
            "output_value",
            "rnd_expense",
            "employees",
            "tax_paid",
            "patents_granted",
            "export_value",
        ):
            value = getattr(latest, key)
            row.append(_money(value) if key in MONEY_KEYS else value)
    row.append(YES if enterprise.is_sample else NO)
    return row


def _money(value: Decimal | None) -> Decimal | str | None:
    """A number cell, exact in the file; text past Excel's 15 digits, so none are lost."""
    if value is None:
        return None
    if len(value.as_tuple().digits) > EXCEL_SIGNIFICANT_DIGITS:
        return str(value)
    return value


def _header_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    return cell
