"""Reads of the holiday arrangements: the years and where each comes from."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from gaoxin.core import workdays
from gaoxin.core.models import HolidayArrangement


@dataclass
class YearRow:
    year: int
    source: str | None  # workdays.ENTERED / PACKAGE / None (not known)
    arrangement: HolidayArrangement | None = None
    in_package: bool = False
    holidays: list[dict] = field(default_factory=list)
    adjusted_workdays: list[dict] = field(default_factory=list)

    @property
    def holiday_days(self) -> int:
        return sum((h["end"] - h["start"]).days + 1 for h in self.holidays)


def _dated(arrangement: HolidayArrangement) -> tuple[list[dict], list[dict]]:
    holidays = [
        {
            "name": h["name"],
            "start": datetime.date.fromisoformat(h["start"]),
            "end": datetime.date.fromisoformat(h["end"]),
        }
        for h in arrangement.holidays
    ]
    adjusted = [
        {"day": datetime.date.fromisoformat(e["day"]), "name": e["name"]}
        for e in arrangement.adjusted_workdays
    ]
    return holidays, adjusted


def year_row(*, year: int) -> YearRow:
    """One year as the working-day count sees it (the entered arrangement first)."""
    arrangement = HolidayArrangement.objects.filter(year=year).first()
    in_package = year in workdays.package_years()
    row = YearRow(year=year, source=None, arrangement=arrangement, in_package=in_package)
    if arrangement is not None:
        row.source = workdays.ENTERED
        row.holidays, row.adjusted_workdays = _dated(arrangement)
    elif in_package:
        row.source = workdays.PACKAGE
        row.holidays, row.adjusted_workdays = workdays.package_arrangement(year)
    return row


def year_rows() -> list[YearRow]:
    """Every known year, latest first, and the first unknown year after them."""
    entered = {a.year: a for a in HolidayArrangement.objects.all()}
    package = workdays.package_years()
    years = set(package) | set(entered)
    nxt = workdays.last_known_year() + 1
    rows = []
    for year in sorted(years | {nxt}, reverse=True):
        arrangement = entered.get(year)
        source = workdays.ENTERED if arrangement else workdays.PACKAGE if year in package else None
        rows.append(
            YearRow(year=year, source=source, arrangement=arrangement, in_package=year in package)
        )
    return rows
