"""An event's registrations as an Excel workbook (openpyxl write-only); every text cell is text
(never a formula). Only the event's managers export it: phone numbers are in full."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gaoxin.core.excel import text_cell

from .models import Event, Registration

WIDTHS = (16, 30, 16, 28, 30, 10, 18)


def write_registrations(event: Event, rows: Iterable[Registration], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Registrations"))
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    names = [_("Registrant"), _("Organisation"), _("Phone"), _("E-mail"), _("Enterprise")]
    names += [_("Status"), _("Registered at")]
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    for r in rows:
        sheet.append(
            [
                text_cell(sheet, r.name),
                text_cell(sheet, r.organisation_name),
                text_cell(sheet, r.phone),
                text_cell(sheet, r.email),
                text_cell(sheet, r.enterprise.name if r.enterprise else ""),
                text_cell(sheet, r.get_status_display()),
                text_cell(sheet, f"{timezone.localtime(r.created_at):%Y-%m-%d %H:%M}"),
            ]
        )
    workbook.save(out)
