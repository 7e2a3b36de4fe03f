"""The confirmed list of a round as an Excel workbook for payment (openpyxl write-only).

Amounts are numbers with the format 0.00, written from the Decimal exactly; every text cell is
text (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import GrantCandidate, GrantRound


def headers() -> list[str]:
    return [
        _("Unified social credit code"),
        _("Enterprise"),
        _("Amount (yuan)"),
        _("Policy"),
        _("Document number"),
        _("Policy version"),
        _("Round"),
        _("Notice period"),
    ]


def _amount(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def write_confirmed_list(
    grant_round: GrantRound, candidates: Iterable[GrantCandidate], out: IO[bytes]
) -> int:
    """One row per confirmed enterprise; returns the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Confirmed list"))
    for letter, width in zip("ABCDEFGH", (22, 36, 16, 36, 24, 10, 8, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, h, bold=True) for h in headers()])
    policy = grant_round.policy
    publication = grant_round.publication
    period = f"{publication.starts_on:%Y-%m-%d} – {publication.ends_on:%Y-%m-%d}"
    count = 0
    for candidate in candidates:
        sheet.append(
            [
                text_cell(sheet, candidate.enterprise.uscc),
                text_cell(sheet, candidate.enterprise.name),
                _amount(sheet, candidate.amount),
                text_cell(sheet, policy.title),
                text_cell(sheet, policy.doc_number),
                grant_round.version.number,
                grant_round.number,
                text_cell(sheet, period),
            ]
        )
        count += 1
    workbook.save(out)
    return count
