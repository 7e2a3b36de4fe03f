"""Resource matches as an Excel workbook (openpyxl write-only). The reported amount is written
from its Decimal as a number with two places (yuan); text cells are text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import ResourceMatch


def _day(value) -> str:
    return value.isoformat() if value else ""


def write_matches(matches: Iterable[ResourceMatch], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Resource matches"))
    names = [_("Enterprise"), _("Counterpart type"), _("Counterpart"), _("Need")]
    names += [_("Advisor"), _("Status"), _("Next follow-up"), _("Result")]
    names += [_("Reported amount (yuan), not verified"), _("Closed on"), _("Sample")]
    for index in range(len(names)):
        sheet.column_dimensions[chr(ord("A") + index)].width = 20
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    for m in matches:
        amount = WriteOnlyCell(sheet, value=m.amount)
        amount.number_format = "#,##0.00"
        sheet.append(
            [
                text_cell(sheet, m.enterprise.name),
                text_cell(sheet, m.get_kind_display()),
                text_cell(sheet, m.counterpart_name),
                text_cell(sheet, m.need),
                text_cell(sheet, m.advisor.expert.name if m.advisor_id else ""),
                text_cell(sheet, m.get_status_display()),
                text_cell(sheet, _day(m.next_follow_up)),
                text_cell(sheet, m.result),
                amount,
                text_cell(sheet, _day(m.closed_on)),
                text_cell(sheet, _("Yes") if m.is_sample else ""),
            ]
        )
    workbook.save(out)
