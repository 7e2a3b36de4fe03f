"""What every Excel export shares: the content type, and a text cell that openpyxl accepts
whatever the text holds (control characters are dropped; a credit code stays text)."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_cell(sheet, value, bold: bool = False) -> WriteOnlyCell:
    """A text cell of a write-only ``sheet``: ``value`` as text (``None`` → empty), without the
    characters openpyxl refuses; bold for a header."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value or "")))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell
