"""The official's overview of applications as an Excel workbook (openpyxl write-only)."""

from __future__ import annotations

from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell


def _amount(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def write_applications(rows, out: IO[bytes]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Applications"))
    heads = [
        _("Number"),
        _("Enterprise"),
        _("Policy"),
        _("Status"),
        _("Current stage"),
        _("Computed amount (yuan)"),
        _("Proposed amount (yuan)"),
        _("Decided amount (yuan)"),
        _("Started"),
    ]
    sheet.append([text_cell(sheet, h, bold=True) for h in heads])
    count = 0
    for a in rows.iterator():
        sheet.append(
            [
                text_cell(sheet, a.number),
                text_cell(sheet, a.enterprise.name),
                text_cell(sheet, a.policy.title),
                text_cell(sheet, a.get_status_display()),
                text_cell(sheet, a.current_stage.name if a.current_stage_id else ""),
                _amount(sheet, a.computed_amount),
                _amount(sheet, a.proposed_amount),
                _amount(sheet, a.decided_amount),
                text_cell(sheet, a.created_at.date().isoformat()),
            ]
        )
        count += 1
    book.save(out)
    return count
