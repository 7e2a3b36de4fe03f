"""A park's spaces as an Excel workbook (openpyxl write-only): one row per unit, with its
building, floor, area, use, occupancy, occupant, rent and date available. Numbers are written
from the Decimal with two places; text cells are text (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import Space

WIDTHS = (18, 12, 8, 12, 12, 10, 36, 16, 14, 30)


def _number(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def write_spaces(spaces: Iterable[Space], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Spaces"))
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    names = [
        _("Building"),
        pgettext("space", "Unit"),
        _("Floor"),
        _("Area (m²)"),
        _("Use"),
        _("Occupancy"),
    ]
    names += [_("Occupant"), _("Monthly rent per m² (yuan)"), _("Available from"), _("Note")]
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    for space in spaces:
        sheet.append(
            [
                text_cell(sheet, space.building.name),
                text_cell(sheet, space.code),
                space.floor,
                _number(sheet, space.area),
                text_cell(sheet, space.get_use_display()),
                text_cell(sheet, space.get_occupancy_display()),
                text_cell(sheet, space.occupant.name if space.occupant_id else ""),
                _number(sheet, space.monthly_rent),
                text_cell(sheet, space.available_from.isoformat() if space.available_from else ""),
                text_cell(sheet, space.note),
            ]
        )
    workbook.save(out)
