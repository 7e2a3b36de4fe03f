"""The supervision list and the report per 工信局 as Excel workbooks (openpyxl write-only):
amounts are numbers with the format 0.00, shares are percent numbers, text cells are text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from gaoxin.core.excel import text_cell
from gaoxin.funds.excel import _amount, _header  # the same cells as the fund ledgers

from ..supervision import Row, UnitLine, state_label


def write_rows(rows: Iterable[Row], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Supervision"))
    names = [_("Number"), _("Enterprise"), _("Qualified equipment"), _("Recommending unit")]
    names += [_("Cap (yuan)"), _("Allocated (yuan)"), _("Paid (yuan)"), _("Remaining (yuan)")]
    names += [_("Valid from"), _("Valid to"), _("Days left"), _("Window elapsed (%)")]
    names += [_("Cap used (%)"), _("State")]
    _header(sheet, names, (16, 30, 28, 24, 14, 14, 14, 14, 12, 12, 10, 12, 12, 12))
    for row in rows:
        q = row.qualification
        sheet.append(
            [
                text_cell(sheet, q.number),
                text_cell(sheet, q.enterprise.name),
                text_cell(sheet, q.equipment_name),
                text_cell(sheet, q.recommending_unit),
                _amount(sheet, q.cap),
                _amount(sheet, q.used),
                _amount(sheet, row.paid),
                _amount(sheet, q.remaining),
                text_cell(sheet, q.valid_from.isoformat()),
                text_cell(sheet, q.valid_to.isoformat()),
                row.days_left,
                row.elapsed_percent,
                row.used_percent,
                text_cell(sheet, state_label(row.state)),
            ]
        )
    workbook.save(out)


def _unit_cells(sheet, line: UnitLine, name: str) -> list:
    return [
        text_cell(sheet, name),
        line.qualifications,
        _amount(sheet, line.cap),
        _amount(sheet, line.allocated),
        _amount(sheet, line.paid),
        _amount(sheet, line.remaining),
        line.used_percent,
        line.at_risk,
        _amount(sheet, line.amount_at_risk),
        _amount(sheet, line.lapsed_remainder),
        text_cell(sheet, line.pace),
    ]


def write_report(lines: list[UnitLine], total: UnitLine, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Report per bureau"))
    names = [_("Recommending unit"), pgettext("firstset", "Qualifications"), _("Cap (yuan)")]
    names += [_("Allocated (yuan)"), _("Paid (yuan)"), _("Remaining (yuan)"), _("Cap used (%)")]
    names += [_("At risk"), _("Amount at risk (yuan)"), _("Lapsed remainder (yuan)"), _("Pace")]
    _header(sheet, names, (28, 10, 16, 16, 16, 16, 10, 8, 16, 16, 50))
    for line in lines:
        sheet.append(_unit_cells(sheet, line, line.unit or _("(not recorded)")))
    sheet.append(_unit_cells(sheet, total, _("Total")))
    workbook.save(out)
