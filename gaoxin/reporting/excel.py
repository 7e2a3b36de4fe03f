"""A campaign's per-enterprise table as an Excel workbook (openpyxl write-only): the rows of the
progress page, with the status filter applied. Every cell is text (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gaoxin.core.excel import text_cell

from .choices import EntryStatus
from .models import Campaign


def headers() -> list[str]:
    return [
        _("Unified social credit code"),
        _("Enterprise"),
        _("Park"),
        _("Status"),
        _("Submitted at"),
        _("Reason for the rejection"),
    ]


def write_rows(campaign: Campaign, rows: Iterable, statuses: Iterable[str], out: IO[bytes]) -> int:
    """One row per enterprise (``rows`` annotated by ``selectors.member_rows``, ``statuses``
    their ``EntryStatus``); returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(campaign.year))
    for letter, width in zip("ABCDEF", (22, 36, 24, 30, 18, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, h, bold=True) for h in headers()])
    labels = dict(EntryStatus.choices)
    count = 0
    for row, status in zip(rows, statuses, strict=True):
        submitted = (
            timezone.localtime(row.pending_at).strftime("%Y-%m-%d %H:%M") if row.pending_at else ""
        )
        sheet.append(
            [
                text_cell(sheet, row.uscc),
                text_cell(sheet, row.name),
                text_cell(sheet, row.park.name if row.park_id else ""),
                text_cell(sheet, labels.get(status, status)),
                text_cell(sheet, submitted),
                text_cell(sheet, row.last_reason if status == EntryStatus.REJECTED else ""),
            ]
        )
        count += 1
    workbook.save(out)
    return count
