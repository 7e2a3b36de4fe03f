"""The funds as Excel workbooks (openpyxl write-only): the list of funds, and one fund's
commitments and entries. Amounts are numbers with the format 0.00 written from the Decimal;
every text cell is text (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import Commitment, Fund, LedgerEntry
from .pace import risk_of


def _amount(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def _header(sheet, names: list[str], widths: Iterable[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])


def write_funds(funds: Iterable[Fund], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Funds"))
    names = [_("Fund"), _("Policy"), _("Year"), _("Budget (yuan)"), _("Committed (yuan)")]
    names += [_("Paid (yuan)"), _("Remaining (yuan)"), _("At risk of going unused (yuan)")]
    _header(sheet, names, (36, 36, 8, 16, 16, 16, 16, 18))
    for fund in funds:
        risk = risk_of(fund)
        sheet.append(
            [
                text_cell(sheet, fund.name),
                text_cell(sheet, fund.policy.title),
                fund.year,
                _amount(sheet, fund.budget),
                _amount(sheet, fund.committed),
                _amount(sheet, fund.paid),
                _amount(sheet, fund.remaining),
                _amount(sheet, risk.amount if risk.at_risk else None),
            ]
        )
    workbook.save(out)


def _commitment_rows(sheet, commitments: Iterable[Commitment]) -> None:
    names = [_("Enterprise"), _("Unified social credit code"), _("Committed (yuan)")]
    names += [_("Disbursed (yuan)"), _("Remaining (yuan)"), _("Source"), _("Reason")]
    _header(sheet, names, (36, 22, 16, 16, 16, 30, 30))
    for c in commitments:
        sheet.append(
            [
                text_cell(sheet, c.enterprise.name),
                text_cell(sheet, c.enterprise.uscc),
                _amount(sheet, c.amount),
                _amount(sheet, c.disbursed),
                _amount(sheet, c.remaining),
                text_cell(sheet, c.source_label),
                text_cell(sheet, c.reason),
            ]
        )


def _entry_rows(sheet, entries: Iterable[LedgerEntry]) -> None:
    names = [_("Recorded at"), _("Kind"), _("Enterprise"), _("Amount (yuan)")]
    names += [_("Payment reference"), _("Note"), _("Recorded by")]
    _header(sheet, names, (18, 10, 36, 16, 24, 30, 16))
    for e in entries:
        sheet.append(
            [
                text_cell(sheet, f"{timezone.localtime(e.created_at):%Y-%m-%d %H:%M}"),
                text_cell(sheet, e.get_kind_display()),
                text_cell(sheet, e.commitment.enterprise.name),
                _amount(sheet, e.amount),
                text_cell(sheet, e.reference),
                text_cell(sheet, e.note),
                text_cell(sheet, e.actor or ""),
            ]
        )


def write_fund(
    commitments: Iterable[Commitment], entries: Iterable[LedgerEntry], out: IO[bytes]
) -> None:
    workbook = Workbook(write_only=True)
    _commitment_rows(workbook.create_sheet(_("Commitments")), commitments)
    _entry_rows(workbook.create_sheet(_("Ledger entries")), entries)
    workbook.save(out)
