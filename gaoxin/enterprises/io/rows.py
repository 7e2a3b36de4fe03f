"""Reading one row of the enterprise workbook into typed values, with the page's field rules:
the model fields' own validation (lengths, the credit code check, region and industry codes,
decimal digits), the services' rules for years, amounts and counts, and the same messages.

A blank cell means "leave as it is" for an enterprise that exists, and "empty" for a new one, so
a file that carries only some columns never erases the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.imports import (
    CellError,
    ErrorList,
    FileError,
    cell_date,
    cell_name,
    cell_text,
    is_blank,
)

from ..models import Enterprise, YearlyFact
from ..validators import normalise_uscc, validate_uscc
from .cells import count_cell, money_cell, year_cell
from .columns import (
    ALL_COLUMNS,
    COUNT_KEYS,
    MONEY_KEYS,
    NO,
    STAGE_LABELS,
    YES,
    Column,
    header_key,
)
from .scope import ImportScope

TEXT_KEYS = ("name", "legal_representative", "address", "industry_name")
# What stdnum's USCC check requires before its check digit: eight digits, then ten characters
# of its alphabet. A code of this shape whose check digit stdnum confirms is valid; any other
# goes through validate_uscc, for the message naming the failed check.
VALID_SHAPE = re.compile(r"[0-9]{8}[0-9A-HJ-NP-RTUW-Y]{10}")
# A pre-check only: GB 32100-2015's check character from tables (python-stdnum's
# calc_check_digit cleans the code again on every call, ~20 µs a row). A code it doubts goes to
# validate_uscc, i.e. stdnum, which decides and says what is wrong; a test checks that the two
# agree over the whole alphabet.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def uscc_check_digit(code: str) -> str:
    """The check character of a code whose first 17 characters have VALID_SHAPE's alphabet."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
    return USCC_ALPHABET[-total % 31]


def read_uscc(raw: Any) -> str:
    """A credit code cell, normalised and checked (the registry's and the department lists'
    imports); CellError or ValidationError saying what is wrong."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise CellError(
            _(
                "The credit code was typed as a number, which loses digits; format the column "
                "as text and type the code again."
            )
        )
    code = normalise_uscc(cell_text(raw))
    if not code:
        raise CellError(_("This field cannot be blank."))
    if not VALID_SHAPE.fullmatch(code) or uscc_check_digit(code) != code[-1]:
        validate_uscc(code)  # says which check failed (or passes what we doubted)
    return code


CLEAN_TEXTS_KEPT = 5000  # per column: the distinct texts whose check is remembered
STAGES = {
    **{label: code for code, label in STAGE_LABELS.items()},
    **{str(code): str(code) for code in STAGE_LABELS},
    "r&d": "rnd",
}
BOOLEANS = {
    YES: True,
    NO: False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "y": True,
    "n": False,
}


@dataclass(slots=True)
class RowData:
    """A row's typed values. `values` holds the enterprise fields the row fills (by attname,
    park as park_id); `facts` the figures for `year`. `bad` rows are reported, never written."""

    row: int
    uscc: str
    values: dict[str, Any] = field(default_factory=dict)
    year: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    bad_keys: set[str] = field(default_factory=set)

    @property
    def bad(self) -> bool:
        return bool(self.bad_keys)


class RowParser:
    """Maps the header to columns once, then reads rows."""

    def __init__(self, header: list[str], scope: ImportScope, errors: ErrorList):
        self.scope = scope
        self.errors = errors
        self.columns: list[tuple[int, Column]] = []
        seen: set[str] = set()
        for index, text in enumerate(header):
            column = ALL_COLUMNS.get(header_key(text))
            if column is not None and column.key not in seen:
                seen.add(column.key)
                self.columns.append((index, column))
        missing = [c.label for c in ALL_COLUMNS.values() if c.required and c.key not in seen]
        if missing:
            raise FileError(
                _(
                    "The first row must name the columns as the template does; missing: "
                    "%(columns)s. Download the template and keep its header row."
                )
                % {"columns": "、".join(missing)}
            )
        self.uscc_index = next(i for i, c in self.columns if c.key == "uscc")
        self.this_year = timezone.localdate().year
        self.enterprise_fields = {f.name: f for f in Enterprise._meta.get_fields()}
        self.fact_fields = {f.name: f for f in YearlyFact._meta.get_fields()}
        self.clean_texts: dict[str, dict[str, str]] = {}
        self.readers = [
            (index, column, self._reader(column.key))
            for index, column in self.columns
            if column.key != "uscc"
        ]

    def parse(self, number: int, values: tuple) -> RowData | None:
        """The row's data; None when its credit code is unusable (the error is recorded)."""
        uscc = self._uscc(number, values[self.uscc_index])
        if uscc is None:
            return None
        data = RowData(row=number, uscc=uscc)
        for index, column, read in self.readers:
            raw = values[index]
            if is_blank(raw):
                if column.required:
                    self._error(data, column, index, _("This field cannot be blank."))
                continue
            try:
                read(data, raw)
            except (CellError, ValidationError) as exc:
                self._error(data, column, index, _message(exc))
        if data.facts and data.year is None:
            index = next((i for i, c in self.columns if c.key == "year"), None)
            column = ALL_COLUMNS["年度"]
            self._error(data, column, index, _("Enter the year these figures are for."))
        return data

    # -- one cell -------------------------------------------------------------------------------

    def _reader(self, key: str) -> Callable[[RowData, Any], None]:
        """The reader of one column: chosen once for the file, not per cell (a 50 000-row file
        has 850 000 cells)."""
        values = {
            "park": lambda raw: self._park(cell_text(raw)),
            "stage": lambda raw: self._stage(cell_text(raw)),
            "founded_on": cell_date,
            "is_sample": lambda raw: self._boolean(cell_text(raw)),
        }
        if key in TEXT_KEYS or key == "region_code" or key == "industry_code":
            clean = self._text_cleaner(key, upper=key == "industry_code")

            def read(data: RowData, raw: Any) -> None:
                data.values[key] = clean(cell_text(raw))

        elif key in values:
            convert, target = values[key], "park_id" if key == "park" else key

            def read(data: RowData, raw: Any) -> None:
                data.values[target] = convert(raw)

        elif key == "year":
            this_year = self.this_year

            def read(data: RowData, raw: Any) -> None:
                data.year = year_cell(raw, this_year)

        elif key in MONEY_KEYS or key in COUNT_KEYS:
            field_, cell = self.fact_fields[key], money_cell if key in MONEY_KEYS else count_cell

            def read(data: RowData, raw: Any) -> None:
                data.facts[key] = cell(field_, raw)

        else:  # a column of the workbook that this reader does not store

            def read(data: RowData, raw: Any) -> None:
                return None

        return read

    def _text_cleaner(self, key: str, *, upper: bool) -> Callable[[str], str]:
        """The model field's check of a text; a text already passed is not checked again
        (region, industry, representative repeat down a file). Refused texts are not kept."""
        seen = self.clean_texts.setdefault(key, {})
        model_field = self.enterprise_fields[key]

        def clean(text: str) -> str:
            if upper:
                text = text.upper()
            cleaned = seen.get(text)
            if cleaned is None:
                cleaned = model_field.clean(text, None)
                if len(seen) < CLEAN_TEXTS_KEPT:
                    seen[text] = cleaned
            return cleaned

        return clean

    def _uscc(self, number: int, raw: Any) -> str | None:
        try:
            return read_uscc(raw)
        except (CellError, ValidationError) as exc:
            column = ALL_COLUMNS["统一社会信用代码"]
            where = cell_name(self.uscc_index, number)
            self.errors.add(number, column.label, _message(exc), where)
            return None

    def _park(self, name: str) -> int:
        park = self.scope.parks.get(name)
        if park is None:
            if self.scope.parks:
                raise CellError(
                    _("%(name)s is not one of the parks you can place enterprises in: %(parks)s.")
                    % {"name": name, "parks": "、".join(self.scope.park_names())}
                )
            raise CellError(_("You have no park to place enterprises in; leave this blank."))
        return park.pk

    def _stage(self, text: str) -> str:
        stage = STAGES.get(text.lower()) or STAGES.get(text)
        if stage is None:
            raise CellError(
                _("Enter one of %(labels)s (or %(codes)s).")
                % {
                    "labels": "、".join(STAGE_LABELS.values()),
                    "codes": ", ".join(str(c) for c in STAGE_LABELS),
                }
            )
        return stage

    def _boolean(self, text: str) -> bool:
        value = BOOLEANS.get(text.lower())
        if value is None:
            raise CellError(_("Enter %(yes)s or %(no)s.") % {"yes": YES, "no": NO})
        return value

    def _error(self, data: RowData, column: Column, index: int | None, message: str) -> None:
        data.bad_keys.add(column.key)
        where = cell_name(index, data.row) if index is not None else ""
        self.errors.add(data.row, column.label, message, where)

    def error(self, data: RowData, key: str, message: str) -> None:
        """Record an error found later (by the checks against the database)."""
        column = next((c for c in ALL_COLUMNS.values() if c.key == key), None)
        index = next((i for i, c in self.columns if c.key == key), None)
        if column is None:
            data.bad_keys.add(key)
            self.errors.add(data.row, "", message)
            return
        self._error(data, column, index, message)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)
