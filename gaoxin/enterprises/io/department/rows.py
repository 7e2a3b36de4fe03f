"""Reading one row of a department list into typed values, with the registry import's cell
readers and rules: the credit code's check (python-stdnum), dates, amounts as Decimal yuan
rounded by `money.to_yuan` within the model field's digits, whole counts, the year range."""

from __future__ import annotations

import datetime
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

from ...models import Qualification, YearlyFact
from ..cells import count_cell, money_cell, year_cell
from ..columns import header_key
from ..rows import read_uscc
from .kinds import COUNT, DATE, MONEY, NAME, TEXT, USCC, YEAR, Column, ListKind


@dataclass(slots=True)
class DepartmentRow:
    """A row's typed values: `values` holds the registry fields it sets (blank cells left out)."""

    row: int
    uscc: str
    name: str = ""
    year: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    bad: bool = False


class RowParser:
    """Maps the header to the kind's columns once, then reads rows."""

    def __init__(self, header: list[str], kind: ListKind, errors: ErrorList):
        self.kind = kind
        self.errors = errors
        by_name = {name: column for column in kind.columns for name in column.names}
        self.columns: list[tuple[int, Column]] = []
        seen: set[str] = set()
        for index, text in enumerate(header):
            column = by_name.get(header_key(text))
            if column is not None and column.key not in seen:
                seen.add(column.key)
                self.columns.append((index, column))
        missing = [c.label for c in kind.columns if c.required and c.key not in seen]
        if missing:
            raise FileError(
                _(
                    "The first row must name the columns as the template does; missing: "
                    "%(columns)s. Download the template and keep its header row."
                )
                % {"columns": "、".join(missing)}
            )
        if kind.is_yearly and not seen & set(kind.fact_keys):
            raise FileError(
                _("The sheet has none of the columns of this list: %(columns)s.")
                % {"columns": "、".join(kind.column(key).label for key in kind.fact_keys)}
            )
        self.index = {column.key: index for index, column in self.columns}
        self.this_year = timezone.localdate().year
        model = YearlyFact if kind.is_yearly else Qualification
        self.fields = {f.name: f for f in model._meta.get_fields()}

    def parse(self, number: int, values: tuple) -> DepartmentRow | None:
        """The row's data; None when its credit code is unusable (the error is recorded)."""
        uscc = self._uscc(number, values[self.index["uscc"]])
        if uscc is None:
            return None
        data = DepartmentRow(row=number, uscc=uscc)
        for index, column in self.columns:
            if column.type == USCC:
                continue
            raw = values[index]
            if is_blank(raw):
                if column.required:
                    self.error(data, column.key, _("This field cannot be blank."))
                continue
            try:
                self._read(data, column, raw)
            except (CellError, ValidationError) as exc:
                self.error(data, column.key, _message(exc))
        self._check_row(data)
        return data

    def _read(self, data: DepartmentRow, column: Column, raw: Any) -> None:
        key = column.key
        if column.type == NAME:
            data.name = cell_text(raw)[:200]
        elif column.type == YEAR:
            data.year = year_cell(raw, self.this_year)
        elif column.type == TEXT:
            data.values[key] = self.fields[key].clean(cell_text(raw), None)
        elif column.type == DATE:
            data.values[key] = cell_date(raw)
        elif column.type == MONEY:
            data.values[key] = money_cell(self.fields[key], raw)
        elif column.type == COUNT:
            data.values[key] = count_cell(self.fields[key], raw)

    def _check_row(self, data: DepartmentRow) -> None:
        """What spans cells: a validity period in order; a year's row with a figure."""
        start, end = data.values.get("valid_from"), data.values.get("valid_to")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.error(data, "valid_to", _("'Valid to' cannot be before 'valid from'."))
        if self.kind.is_yearly and not data.bad and not data.values:
            key = next(c.key for _i, c in self.columns if c.key in self.kind.fact_keys)
            self.error(data, key, _("Enter at least one figure: a year cannot be saved blank."))

    def _uscc(self, number: int, raw: Any) -> str | None:
        try:
            return read_uscc(raw)
        except (CellError, ValidationError) as exc:
            where = cell_name(self.index["uscc"], number)
            self.errors.add(number, self.kind.column("uscc").label, _message(exc), where)
            return None

    def error(self, data: DepartmentRow, key: str, message: str) -> None:
        """Record an error of the row's `key` column (also for the checks and writes done
        later; a key that is no column of the list is reported without a column)."""
        data.bad = True
        column = next((c for c in self.kind.columns if c.key == key), None)
        index = self.index.get(key)
        where = cell_name(index, data.row) if index is not None else ""
        self.errors.add(data.row, column.label if column else "", message, where)


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)
