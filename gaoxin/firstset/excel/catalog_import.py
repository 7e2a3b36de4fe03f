"""Reading a catalog workbook: one row per entry, its indicators in repeated column groups
(指标1名称, 指标1单位, 指标1方向, 指标1阈值, 指标2名称 …). Nothing is written here; the service
(:func:`gaoxin.firstset.services.catalog_import`) writes the rows only when no row has an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _

from gaoxin.core.imports import (
    CellError,
    ErrorList,
    FileError,
    SheetReader,
    cell_decimal,
    cell_name,
    cell_text,
    is_blank,
)

from ..models import CatalogEntry, CatalogField, Indicator
from .columns import (
    CATALOG_COLUMNS,
    DIRECTION_WORDS,
    INDICATOR_PARTS,
    NO_WORDS,
    SHEET_CATALOG,
    SUPPORT_MODE_WORDS,
    YES_WORDS,
    indicator_column,
    indicator_header,
)

MAX_ERRORS = 500
THRESHOLD_PLACES = Indicator._meta.get_field("threshold").decimal_places
THRESHOLD_DIGITS = Indicator._meta.get_field("threshold").max_digits
LENGTHS = {
    "field": CatalogField._meta.get_field("name").max_length,
    "number": CatalogEntry._meta.get_field("number").max_length,
    "equipment_name": CatalogEntry._meta.get_field("equipment_name").max_length,
}
INDICATOR_LENGTHS = {
    "name": Indicator._meta.get_field("name").max_length,
    "unit": Indicator._meta.get_field("unit").max_length,
}


@dataclass
class EntryRow:
    """One entry read from the sheet: its Excel row, its fields and its indicators."""

    number: int
    data: dict[str, Any]
    indicators: list[dict[str, Any]]


@dataclass
class ParsedCatalog:
    rows: list[EntryRow] = field(default_factory=list)
    errors: ErrorList = field(default_factory=lambda: ErrorList(limit=MAX_ERRORS))


def read_catalog(source: str | IO[bytes]) -> ParsedCatalog:
    """Read every row; collect every error (row, column, cell, message)."""
    parsed = ParsedCatalog()
    try:
        reader = SheetReader(source, SHEET_CATALOG)
    except FileError as exc:
        parsed.errors.add(None, "", str(exc))
        return parsed
    with reader:
        columns, groups = _columns(reader.header, parsed.errors)
        if parsed.errors:
            return parsed
        first_row: dict[str, int] = {}
        for number, values in reader.rows():
            row = _RowReader(number, values, columns, parsed.errors)
            entry = row.entry(groups)
            if entry is None:
                continue
            key = entry.data["number"]
            if key in first_row:
                row.error(
                    "number",
                    _("The number %(number)s is already used in row %(row)d.")
                    % {"number": key, "row": first_row[key]},
                )
                continue
            first_row[key] = number
            parsed.rows.append(entry)
    if not parsed.rows and not parsed.errors:
        parsed.errors.add(None, "", _("The sheet has no entries below the header row."))
    return parsed


def _columns(header, errors: ErrorList) -> tuple[dict[str, int], dict[int, dict[str, int]]]:
    from .reading import map_headers

    found, extras = map_headers(header, CATALOG_COLUMNS, errors, extra=indicator_column)
    groups: dict[int, dict[str, int]] = {}
    for (group, part), index in extras.items():
        groups.setdefault(group, {})[part] = index
    for group in sorted(groups):
        for part in ("name", "direction", "threshold"):
            if part not in groups[group]:
                label = indicator_header(group, part)
                errors.add(
                    1,
                    label,
                    _("The column %(column)s is missing; keep the template's header row.")
                    % {"column": label},
                )
    if not groups and not errors:
        label = indicator_header(1, "name")
        errors.add(
            1,
            label,
            _("The columns of the indicators (%(column)s …) are missing.") % {"column": label},
        )
    return found, dict(sorted(groups.items()))


class _RowReader:
    """Reads one row's cells; each problem is added to the error list with its cell."""

    def __init__(self, number: int, values, columns: dict[str, int], errors: ErrorList):
        self.number = number
        self.values = values
        self.columns = columns
        self.errors = errors
        self.failed = False

    def entry(self, groups: dict[int, dict[str, int]]) -> EntryRow | None:
        data = {
            "field": self.text("field", required=True),
            "number": self.text("number", required=True),
            "equipment_name": self.text("equipment_name", required=True),
            "description": self.text("description"),
            "support_mode": self.choice("support_mode", SUPPORT_MODE_WORDS, required=True),
            "is_sample": self.flag("is_sample"),
            "notes": self.text("notes"),
        }
        read = [
            (group, item)
            for group, positions in groups.items()
            if (item := self.indicator(group, positions)) is not None
        ]
        if not read and not self.failed:
            first = min(groups)
            self.error_at(
                groups[first]["name"],
                indicator_header(first, "name"),
                _("An entry needs at least one core indicator."),
            )
        self._check_duplicates(read, groups)
        indicators = [item for _group, item in read]
        return None if self.failed else EntryRow(self.number, data, indicators)

    def indicator(self, group: int, positions: dict[str, int]) -> dict[str, Any] | None:
        cells = {part: self.values[index] for part, index in positions.items()}
        if all(is_blank(value) for value in cells.values()):
            return None
        item: dict[str, Any] = {}
        for part, _zh, _help_zh, _help_en in INDICATOR_PARTS:
            index = positions.get(part)
            label = indicator_header(group, part)
            value = self.values[index] if index is not None else None
            item[part] = self._indicator_part(part, index, label, value)
        return item

    def _indicator_part(self, part: str, index: int | None, label: str, value: Any) -> Any:
        if part in ("name", "unit"):
            text = self._cell_text(index, label, value)
            if part == "name" and not text:
                self.error_at(index, label, _("Enter the indicator's name."))
            elif len(text) > INDICATOR_LENGTHS[part]:
                self.error_at(index, label, _too_long(INDICATOR_LENGTHS[part]))
            return text
        if part == "direction":
            text = self._cell_text(index, label, value).replace(" ", "")
            if text not in DIRECTION_WORDS:
                self.error_at(index, label, _("Enter ≥ or ≤."))
                return None
            return DIRECTION_WORDS[text]
        return self._threshold(index, label, value)

    def _threshold(self, index: int | None, label: str, value: Any) -> Decimal | None:
        try:
            number = cell_decimal(value)
        except CellError:
            self.error_at(index, label, _("Enter a number, e.g. 500 or 0.1."))
            return None
        if number is None:
            self.error_at(index, label, _("Enter the threshold."))
            return None
        shape = number.normalize().as_tuple()
        exponent = shape.exponent if isinstance(shape.exponent, int) else 0
        places = max(-exponent, 0)
        whole = max(len(shape.digits) + exponent, 0)
        if places > THRESHOLD_PLACES or whole > THRESHOLD_DIGITS - THRESHOLD_PLACES:
            self.error_at(
                index,
                label,
                _("Use at most %(places)d decimal places and %(digits)d digits before the point.")
                % {"places": THRESHOLD_PLACES, "digits": THRESHOLD_DIGITS - THRESHOLD_PLACES},
            )
            return None
        return number

    def _check_duplicates(self, read: list[tuple[int, dict[str, Any]]], groups) -> None:
        seen: set[str] = set()
        for group, item in read:
            name = item.get("name")
            if name and name in seen:
                self.error_at(
                    groups[group]["name"],
                    indicator_header(group, "name"),
                    _("The indicator %(name)s is listed twice.") % {"name": name},
                )
            seen.add(name)

    # --- cells -----------------------------------------------------------------------------

    def text(self, key: str, *, required: bool = False) -> str:
        label = _label(key)
        index = self.columns.get(key)
        value = self.values[index] if index is not None else None
        text = self._cell_text(index, label, value)
        if required and not text:
            self.error_at(index, label, _("This column is required."))
        elif key in LENGTHS and len(text) > LENGTHS[key]:
            self.error_at(index, label, _too_long(LENGTHS[key]))
        return text

    def choice(self, key: str, words: dict[str, str], *, required: bool = False) -> str:
        text = self.text(key, required=required)
        if not text:
            return ""
        found = words.get(text.replace(" ", "").lower()) or words.get(text)
        if found is None:
            self.error_at(
                self.columns.get(key),
                _label(key),
                _("Enter 台(套)数 (units) or 批次数 (batches)."),
            )
            return ""
        return found

    def flag(self, key: str) -> bool:
        text = self.text(key).lower()
        if text in YES_WORDS:
            return True
        if text not in NO_WORDS:
            self.error_at(self.columns.get(key), _label(key), _("Enter 是 (yes) or leave blank."))
        return False

    def _cell_text(self, index: int | None, label: str, value: Any) -> str:
        try:
            return cell_text(value)
        except CellError as exc:
            self.error_at(index, label, str(exc))
            return ""

    def error(self, key: str, message: str) -> None:
        self.error_at(self.columns.get(key), _label(key), message)

    def error_at(self, index: int | None, label: str, message: str) -> None:
        self.failed = True
        cell = cell_name(index, self.number) if index is not None else ""
        self.errors.add(self.number, label, message, cell)


def _label(key: str) -> str:
    return next(column.label for column in CATALOG_COLUMNS if column.key == key)


def _too_long(limit: int) -> str:
    return _("At most %(limit)d characters.") % {"limit": limit}
