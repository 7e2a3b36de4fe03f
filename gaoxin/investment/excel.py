"""The pipeline as Excel workbooks (openpyxl write-only): leads, signings and the funnel.
Money in 万元 as numbers with two places, written from the Decimal; text cells are text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell
from gaoxin.core.money import to_wan

from .models import Lead, Signing


def _number(sheet, value, pattern: str = "0.00") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = pattern
    return cell


def _wan(sheet, value) -> WriteOnlyCell:
    return _number(sheet, None if value is None else to_wan(value))


def _sheet(workbook: Workbook, title: str, names: list[str], width: int = 18):
    sheet = workbook.create_sheet(title)
    for index in range(len(names)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    return sheet


def _day(value) -> str:
    return value.isoformat() if value else ""


def write_leads(leads: Iterable[Lead], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    names = [_("Target firm"), _("Unified social credit code"), _("Chain segment"), _("Park")]
    names += [_("Status"), pgettext("lead owner", "Owner"), _("Expected investment (10k yuan)")]
    names += [_("Expected yearly output (10k yuan)"), _("First contact"), _("Next follow-up")]
    sheet = _sheet(workbook, _("Investment leads"), names)
    for lead in leads:
        sheet.append(
            [
                text_cell(sheet, lead.firm_name),
                text_cell(sheet, lead.uscc),
                text_cell(sheet, lead.segment or ""),
                text_cell(sheet, lead.park or ""),
                text_cell(sheet, lead.get_status_display()),
                text_cell(sheet, str(lead.owner)),
                _wan(sheet, lead.expected_investment),
                _wan(sheet, lead.expected_output),
                text_cell(sheet, _day(lead.contact_on)),
                text_cell(sheet, _day(lead.next_follow_up)),
            ]
        )
    workbook.save(out)


def write_signings(signings: Iterable[Signing], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    names = [_("Signing date"), _("Target firm"), _("Agreed investment (10k yuan)")]
    names += [_("Chain segment"), _("Park"), _("Event"), _("Agreement SHA-256")]
    sheet = _sheet(workbook, _("Signings"), names)
    for s in signings:
        sheet.append(
            [
                text_cell(sheet, _day(s.signed_on)),
                text_cell(sheet, s.lead.firm_name),
                _wan(sheet, s.amount),
                text_cell(sheet, s.segment or ""),
                text_cell(sheet, s.park or ""),
                text_cell(sheet, s.event.title if s.event else ""),
                text_cell(sheet, s.agreement_sha256),
            ]
        )
    workbook.save(out)


def write_funnel(rows: list[dict], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    names = [pgettext("funnel stage", "Stage"), _("Reached"), _("Now in it")]
    names += [_("Conversion from previous (%)")]
    names += [_("Median days from previous stage")]
    sheet = _sheet(workbook, _("Investment funnel"), names)
    for row in rows:
        sheet.append(
            [
                text_cell(sheet, row["label"]),
                row["reached"],
                row["current"],
                _number(sheet, row["conversion"], "0.0"),
                _number(sheet, row["median_days"], "0.0"),
            ]
        )
    workbook.save(out)
