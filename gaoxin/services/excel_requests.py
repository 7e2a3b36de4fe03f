"""The service requests as an Excel workbook (openpyxl write-only); text cells are text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from gaoxin.core.excel import text_cell

from .models import ServiceRequest
from .selectors_requests import is_overdue


def _day(value) -> str:
    return value.isoformat() if value else ""


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def write_requests(requests: Iterable[ServiceRequest], out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Service requests"))
    names = [
        _("Number"),
        _("Enterprise"),
        _("Domain"),
        _("Subject"),
        _("Urgency"),
        _("Status"),
        _("Advisor"),
        _("First response due"),
        _("Response overdue"),
        _("Scheduled for"),
        _("Completed at"),
        _("Rating"),
        _("Filed at"),
    ]
    for index in range(len(names)):
        sheet.column_dimensions[chr(ord("A") + index)].width = 18
    sheet.freeze_panes = "A2"
    sheet.append([text_cell(sheet, name, bold=True) for name in names])
    today = timezone.localdate()
    for req in requests:
        rating = WriteOnlyCell(sheet, value=req.rating)
        rating.number_format = "0"
        sheet.append(
            [
                text_cell(sheet, req.number),
                text_cell(sheet, req.enterprise.name),
                text_cell(sheet, req.domain.name),
                text_cell(sheet, req.title),
                text_cell(sheet, req.get_urgency_display()),
                text_cell(sheet, req.get_status_display()),
                text_cell(sheet, str(req.advisor) if req.advisor_id else ""),
                text_cell(sheet, _day(req.respond_by)),
                text_cell(sheet, _("Yes") if is_overdue(req, today) else ""),
                text_cell(sheet, _moment(req.scheduled_for)),
                text_cell(sheet, _moment(req.completed_at)),
                rating,
                text_cell(sheet, _moment(req.created_at)),
            ]
        )
    workbook.save(out)
