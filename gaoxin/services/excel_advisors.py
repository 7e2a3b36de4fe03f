"""The advisor pool and the service reports as Excel workbooks (openpyxl write-only).
Averages are written from their Decimal; text cells are text."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import Advisor
from .reports_advisors import METRICS, AdvisorRow, MonthlyReport, metric_labels
from .selectors_advisors import is_unavailable, rating_of


def _number(sheet, value: Decimal | None, pattern: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = pattern
    return cell


def _sheet(workbook: Workbook, title: str, names: list[str], width: int = 16):
    sheet = workbook.create_sheet(title[:31])
    for index in range(len(names)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    return sheet


def _day(value) -> str:
    return value.isoformat() if value else ""


def _organisation(advisor: Advisor) -> str:
    expert = advisor.expert
    return expert.organisation.name if expert.organisation_id else expert.organisation_name


def write_advisors(advisors: Iterable[Advisor], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    names = [_("Advisor"), _("Organisation"), _("Domains"), _("Term starts"), _("Term ends")]
    names += [_("Availability"), _("Open requests"), _("Open requests at most")]
    names += [_("Average rating"), _("Ratings"), _("Overdue")]
    sheet = _sheet(workbook, _("Advisors"), names)
    today = timezone.localdate()
    for a in advisors:
        sheet.append(
            [
                text_cell(sheet, a.expert.name),
                text_cell(sheet, _organisation(a)),
                text_cell(sheet, "、".join(d.name for d in a.domains.all())),
                text_cell(sheet, _day(a.term_start)),
                text_cell(sheet, _day(a.term_end)),
                text_cell(sheet, _("Unavailable") if is_unavailable(a, today) else _("Available")),
                a.open_load,
                a.max_load,
                _number(sheet, rating_of(a), "0.00"),
                a.rating_count,
                a.overdue,
            ]
        )
    workbook.save(out)


def write_advisor_report(
    rows: list[AdvisorRow], date_from: datetime.date, date_to: datetime.date, out: IO[bytes]
) -> None:
    workbook = Workbook(write_only=True)
    names = [_("Advisor"), _("Open requests"), _("Completed in the period"), _("Overdue")]
    names += [_("Average days to first response"), _("Average rating"), _("Ratings")]
    names += [_("Consultations held"), _("Seminars spoken at")]
    title = _("Advisors %(start)s–%(end)s") % {"start": _day(date_from), "end": _day(date_to)}
    sheet = _sheet(workbook, title, names)
    for r in rows:
        sheet.append(
            [
                text_cell(sheet, r.advisor.expert.name),
                r.open,
                r.completed,
                r.overdue,
                _number(sheet, r.response_days, "0.0"),
                _number(sheet, r.rating, "0.00"),
                r.rated,
                r.consultations,
                r.seminars,
            ]
        )
    workbook.save(out)


def write_monthly(report: MonthlyReport, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    labels = metric_labels()
    first = _("Domain") if report.by == "domain" else _("Park")
    names = [_("Month"), first, *[labels[m] for m in METRICS]]
    sheet = _sheet(workbook, f"{report.year}", names)
    for row in report.rows():
        sheet.append(
            [
                text_cell(sheet, f"{report.year}-{row['month']:02d}"),
                text_cell(sheet, row["name"]),
            ]
            + [row[m] for m in METRICS]
        )
    workbook.save(out)
