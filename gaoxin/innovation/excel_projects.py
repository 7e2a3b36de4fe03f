"""The institute projects as an Excel workbook (openpyxl write-only). Money in yuan as numbers
with two places, written from the Decimal; text cells are text."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import Project


def _money(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=Decimal(value or 0).quantize(Decimal("0.01")))
    cell.number_format = "#,##0.00"
    return cell


def write_projects(projects: Iterable[Project], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Institute projects"))
    names = [_("Title"), _("Institute"), _("Field"), _("Stage"), _("In this stage since")]
    names += [_("Started on"), _("Planned end"), _("Ended on"), _("Lead member")]
    names += [_("Budget (yuan)"), _("Spent (yuan)")]
    for index in range(len(names)):
        sheet.column_dimensions[chr(ord("A") + index)].width = 18
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    for p in projects:
        spent = getattr(p, "spent", None)
        if spent is None:
            spent = sum((s.amount for s in p.spendings.all()), Decimal(0))
        sheet.append(
            [
                text_cell(sheet, p.title),
                text_cell(sheet, p.institute),
                text_cell(sheet, p.field),
                text_cell(sheet, p.get_stage_display()),
                text_cell(sheet, p.stage_since.isoformat()),
                text_cell(sheet, p.started_on.isoformat()),
                text_cell(sheet, p.planned_end.isoformat() if p.planned_end else ""),
                text_cell(sheet, p.ended_on.isoformat() if p.ended_on else ""),
                text_cell(sheet, p.lead_member or ""),
                _money(sheet, p.budget),
                _money(sheet, spent),
            ]
        )
    workbook.save(out)
