"""The qualifications list as an Excel workbook (openpyxl write-only): amounts are numbers
with the format 0.00; every text cell is text (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell


def _amount(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def write_qualifications(rows: Iterable[dict], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(pgettext("firstset", "Qualifications"))
    names = [_("Number"), _("Enterprise"), _("Qualified equipment"), _("Models")]
    names += [_("Support mode"), _("Units or batches"), _("Cap (yuan)"), _("Allocated (yuan)")]
    names += [_("Remaining (yuan)"), _("Valid from"), _("Valid to"), _("Days left"), _("Status")]
    for index, width in enumerate((14, 32, 30, 24, 14, 10, 16, 16, 16, 12, 12, 10, 10)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    labels = {"qualified": _("Qualified"), "expired": _("Expired"), "revoked": _("Revoked")}
    for row in rows:
        q = row["q"]
        sheet.append(
            [
                text_cell(sheet, q.number),
                text_cell(sheet, q.enterprise.name),
                text_cell(sheet, q.equipment_name),
                text_cell(sheet, "、".join(d.model_name for d in q.declarations.all())),
                text_cell(sheet, str(q.get_support_mode_display())),
                q.quantity,
                _amount(sheet, q.cap),
                _amount(sheet, q.used),
                _amount(sheet, q.remaining),
                text_cell(sheet, q.valid_from.isoformat()),
                text_cell(sheet, q.valid_to.isoformat()),
                row["days_left"],
                text_cell(sheet, str(labels[row["status"]])),
            ]
        )
    workbook.save(out)
