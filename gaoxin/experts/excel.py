"""The expert pool as an Excel workbook (openpyxl write-only; every cell is text)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from gaoxin.core.excel import text_cell

from .models import FIELD_SEPARATOR, Expert


def headers() -> list[str]:
    return [
        pgettext("person", "Name"), _("Job title"), _("Organisation"), _("Fields"), _("Active"),
        _("Phone"), _("Email"), _("Account"), _("Note"),
    ]  # fmt: skip


def _row(sheet, expert: Expert) -> list:
    values = [
        expert.name,
        expert.title,
        expert.affiliation,
        FIELD_SEPARATOR.join(expert.fields),
        _("Yes") if expert.active else _("No"),
        expert.phone,
        expert.email,
        expert.user.username if expert.user_id else "",
        expert.note,
    ]
    return [text_cell(sheet, v) for v in values]


def write_pool(experts: Iterable[Expert], out: IO[bytes]) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Expert pool"))
    for letter, width in zip("ABCDEFGHI", (12, 20, 30, 30, 8, 16, 24, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, h, bold=True) for h in headers()])
    count = 0
    for expert in experts:
        sheet.append(_row(sheet, expert))
        count += 1
    workbook.save(out)
    return count
