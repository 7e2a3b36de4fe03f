"""The clusters as Excel workbooks (openpyxl write-only): the chain map's table, and a
cluster's targets (each target by year, then the segments). Amounts are numbers in yuan with
the format 0.00 written from the Decimal; every text cell is text (never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .cluster_selectors import GAP_EMPTY


def _amount(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "0.00"
    return cell


def _header(sheet, names: list[str], widths: Iterable[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])


def gap_label(gap: str | None) -> str:
    if gap is None:
        return ""
    if gap == GAP_EMPTY:
        return _("Investment target: no enterprise yet")
    return _("Investment target: R&D only")


def write_chain(rows: list[dict], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Chain map"))
    names = [_("Segment"), _("Parent segment"), _("Chain position"), _("Enterprises")]
    names += [_("R&D"), _("Pilot"), _("Production"), _("Sales")]
    names += [_("Output (yuan)"), _("Signings"), _("Gap")]
    names += [pgettext("support policies", "Policies"), _("Advisors")]
    _header(sheet, names, (28, 24, 10, 10, 8, 8, 8, 8, 18, 8, 26, 40, 30))
    for row in rows:
        segment = row["segment"]
        sheet.append(
            [
                text_cell(sheet, segment.name),
                text_cell(sheet, segment.parent.name if segment.parent_id else ""),
                text_cell(sheet, segment.get_position_display()),
                row["enterprises"],
                row["stage_rnd"],
                row["stage_pilot"],
                row["stage_production"],
                row["stage_sales"],
                _amount(sheet, row["output"]),
                row["signings"],
                text_cell(sheet, gap_label(row["gap"])),
                text_cell(sheet, "; ".join(p.title for p in row["policies"])),
                text_cell(sheet, "; ".join(a.name for a in row["advisors"])),
            ]
        )
    workbook.save(out)


def _target_sheet(workbook, block: dict, index: int) -> None:
    target = block["target"]
    sheet = workbook.create_sheet(f"{index}. {target.name}"[:31].replace("/", "-"))
    names = [_("Year"), _("Milestone (yuan)"), _("Actual (yuan)"), _("Forecast (yuan)")]
    names += [_("Gap (yuan)")]
    _header(sheet, names, (8, 20, 20, 20, 20))
    for row in block["progress"]:
        sheet.append(
            [row["year"]]
            + [_amount(sheet, row[k]) for k in ("milestone", "actual", "forecast", "gap")]
        )


def write_targets(blocks: list[dict], segments: list[dict], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    for index, block in enumerate(blocks, start=1):
        _target_sheet(workbook, block, index)
    sheet = workbook.create_sheet(_("Segments"))
    names = [_("Segment"), _("Year"), _("Actual (yuan)"), _("Segment target (yuan)")]
    names += [_("Target year"), _("Pipeline forecast (yuan)")]
    _header(sheet, names, (28, 8, 20, 20, 10, 22))
    for row in segments:
        target = row["target"]
        sheet.append(
            [
                text_cell(sheet, row["segment"].name),
                row["year"],
                _amount(sheet, row["actual"]),
                _amount(sheet, target.amount if target else None),
                target.target_year if target else None,
                _amount(sheet, row["pipeline"]),
            ]
        )
    workbook.save(out)
