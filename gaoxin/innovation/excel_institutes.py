"""The institutes as Excel workbooks (openpyxl write-only): the list, and one institute's page
(members with their contribution, outputs per year). Money in 万元 as numbers with two places,
written from the Decimal; text cells are text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell
from gaoxin.core.money import to_wan

from .choices import ProjectStage
from .selectors_institutes import OUTPUT_KEYS, STAGE_COLUMNS, output_columns


def _number(sheet, value, pattern: str = "0") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = pattern
    return cell


def _sheet(workbook: Workbook, title: str, names: list[str], width: int = 18):
    sheet = workbook.create_sheet(title)
    for index in range(len(names)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    return sheet


def _day(value) -> str:
    return value.isoformat() if value else ""


def write_institutes(institutes: Iterable, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    labels = dict(ProjectStage.choices)
    names = [_("Name"), _("Level"), _("Unveiled on"), _("Lead enterprise"), _("Members")]
    names += [str(labels[s]) for s in STAGE_COLUMNS]
    names += [str(labels[ProjectStage.CLOSED]), str(labels[ProjectStage.STOPPED])]
    sheet = _sheet(workbook, _("Research institutes"), names)
    for i in institutes:
        sheet.append(
            [
                text_cell(sheet, i.name),
                text_cell(sheet, i.get_level_display()),
                text_cell(sheet, _day(i.unveiled_on)),
                text_cell(sheet, i.lead_name or ""),
                _number(sheet, i.n_members),
                *(_number(sheet, getattr(i, f"n_{s}")) for s in STAGE_COLUMNS),
                _number(sheet, i.n_closed),
                _number(sheet, i.n_stopped),
            ]
        )
    workbook.save(out)


def write_institute(institute, contribution: list[dict], outputs: list[dict], out) -> None:
    workbook = Workbook(write_only=True)
    names = [_("Member"), _("Role"), _("Projects led"), _("Projects involved in")]
    names += [_("Patents held"), _("Standards drafted"), _("Budget of projects led (10k yuan)")]
    sheet = _sheet(workbook, _("Members and contribution"), names)
    for row in contribution:
        member = row["member"]
        sheet.append(
            [
                text_cell(sheet, member.name),
                text_cell(sheet, member.get_role_display()),
                _number(sheet, row["projects_led"]),
                _number(sheet, row["projects_involved"]),
                _number(sheet, row["patents"]),
                _number(sheet, row["standards"]),
                _number(sheet, to_wan(row["budget_led"]), "0.00"),
            ]
        )
    sheet = _sheet(workbook, _("Outputs per year"), output_columns())
    for row in outputs:
        sheet.append(
            [text_cell(sheet, str(row["year"])), *(_number(sheet, row[k]) for k in OUTPUT_KEYS)]
        )
    workbook.save(out)
