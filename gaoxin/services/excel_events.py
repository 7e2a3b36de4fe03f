"""A seminar's registrations as an Excel workbook (every text cell is text, never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gaoxin.core.excel import text_cell

from .models import Seminar, SeminarSeat

WIDTHS = (16, 30, 16, 30, 16, 18, 18)


def write_seats(seminar: Seminar, rows: Iterable[SeminarSeat], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Registrations"))
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    names = [_("Registrant"), _("Organisation"), _("Phone"), _("Enterprise"), _("Status")]
    names += [_("Registered at"), _("Moved up at")]
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    for seat in rows:
        moved = seat.promoted_at
        sheet.append(
            [
                text_cell(sheet, seat.name),
                text_cell(sheet, seat.organisation_name),
                text_cell(sheet, seat.phone),
                text_cell(sheet, seat.enterprise.name if seat.enterprise else ""),
                text_cell(sheet, seat.get_status_display()),
                text_cell(sheet, f"{timezone.localtime(seat.created_at):%Y-%m-%d %H:%M}"),
                text_cell(sheet, f"{timezone.localtime(moved):%Y-%m-%d %H:%M}" if moved else ""),
            ]
        )
    workbook.save(out)
