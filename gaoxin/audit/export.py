"""The audit trail as an Excel workbook, written row by row (openpyxl write-only) so a long
trail is exported with bounded memory."""

from __future__ import annotations

import json
from typing import IO

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .models import AuditEvent
from .selectors import object_type_label

CHUNK_SIZE = 2000
# Excel's own limit for a cell's text.
CELL_LIMIT = 32767


def _headers() -> list[str]:
    return [
        _("ID"),
        _("Time (%(zone)s)") % {"zone": settings.TIME_ZONE},
        _("Action"),
        _("Actor"),
        _("Actor's organisation"),
        _("Object type"),
        _("Object ID"),
        _("Object"),
        _("Summary"),
        _("Reason"),
        _("IP address"),
        _("Request ID"),
        _("Channel"),
        _("Data"),
        _("Hash"),
    ]


def _text(sheet, value) -> WriteOnlyCell:
    """A cell that is always text: never a formula ("=…"), no characters Excel rejects."""
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))[:CELL_LIMIT]
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _row(sheet, event: AuditEvent) -> list:
    occurred = timezone.localtime(event.occurred_at).replace(tzinfo=None)
    time_cell = WriteOnlyCell(sheet, value=occurred)
    time_cell.number_format = "yyyy-mm-dd hh:mm:ss"
    organisation = event.actor_organisation.name if event.actor_organisation_id else ""
    return [
        event.id,
        time_cell,
        _text(sheet, event.action),
        _text(sheet, event.actor_name),
        _text(sheet, organisation),
        _text(sheet, object_type_label(event.object_type) if event.object_type else ""),
        _text(sheet, event.object_id),
        _text(sheet, event.object_repr),
        _text(sheet, event.summary),
        _text(sheet, event.reason),
        _text(sheet, event.ip),
        _text(sheet, event.request_id),
        _text(sheet, event.channel),
        _text(
            sheet, json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else ""
        ),
        _text(sheet, event.hash),
    ]


def write_events_xlsx(events: QuerySet[AuditEvent], out: IO[bytes]) -> int:
    """Write `events` (in their order) to `out` as .xlsx; returns the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Audit trail")[:31])
    widths = [8, 20, 30, 16, 24, 16, 10, 28, 48, 32, 16, 34, 8, 48, 66]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_text(sheet, header) for header in _headers()])
    count = 0
    for event in events.select_related("actor_organisation").iterator(chunk_size=CHUNK_SIZE):
        sheet.append(_row(sheet, event))
        count += 1
    workbook.save(out)
    return count
