"""Chinese working days (工作日): the one place every count of working days asks.

A day is a working day unless it is a weekend day or a public holiday; a weekend day the State
Council's arrangement makes a working day (调休上班) is one. The arrangement of a year comes
from, in this order:

1. a :class:`~gaoxin.core.models.HolidayArrangement` the security administrator entered from the
   国务院办公厅 notice (it takes precedence, so a wrong package year can be corrected too);
2. the ``chinese_calendar`` package, which ships the arrangements up to its release;
3. nothing: the year is refused with a message naming it, never guessed.

The entered arrangements are few and small: they are read in one query and kept until the next
request starts, a write commits, or a minute passes (tasks and commands have no requests).
While a write's transaction is open nothing is cached, so a rolled-back write leaves nothing
behind; the services call :func:`written` on every write.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import constants
from django.core.signals import request_started
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import DomainError

PACKAGE = "package"
ENTERED = "entered"
CACHE_SECONDS = 60

# The package's holiday names, in the interface's language.
PACKAGE_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": gettext_lazy("Anti-Fascist 70th Day"),
}


@dataclass(frozen=True)
class YearArrangement:
    """One entered year: its days off and its adjusted working days."""

    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]


class CalendarUnknown(DomainError):
    """The holiday arrangement of ``year`` is neither in the package nor entered."""

    def __init__(self, year: int):
        super().__init__(
            _(
                "The holiday arrangement for %(year)s has not been entered: the security "
                "administrator enters it from the notice of the General Office of the State "
                "Council."
            )
            % {"year": year},
            code="calendar_unknown",
        )
        self.year = year


_lock = threading.Lock()
_cache: dict = {"loaded_at": None, "years": {}, "writing": False}


def clear_cache(**_kwargs) -> None:
    """Forget the entered arrangements; the next question reads them again."""
    with _lock:
        _cache["loaded_at"] = None
        _cache["years"] = {}
        _cache["writing"] = False


def written() -> None:
    """Called by every write of an arrangement, inside its transaction. Until it commits (or the
    next request starts) nothing is cached: a rolled-back write must leave no trace."""
    with _lock:
        _cache["loaded_at"] = None
        _cache["years"] = {}
        _cache["writing"] = True
    transaction.on_commit(clear_cache)


request_started.connect(clear_cache, dispatch_uid="gaoxin.core.workdays.clear_cache")


def _expand(entry: dict) -> list[datetime.date]:
    start = datetime.date.fromisoformat(entry["start"])
    end = datetime.date.fromisoformat(entry["end"])
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def entered_years() -> dict[int, YearArrangement]:
    """The entered arrangements by year (cached, see the module's docstring)."""
    with _lock:
        loaded_at = _cache["loaded_at"]
        if loaded_at is not None and time.monotonic() - loaded_at < CACHE_SECONDS:
            return _cache["years"]
    from .models import HolidayArrangement

    years = {}
    for year, holidays, adjusted in HolidayArrangement.objects.values_list(
        "year", "holidays", "adjusted_workdays"
    ):
        years[year] = YearArrangement(
            holidays=frozenset(day for entry in holidays for day in _expand(entry)),
            workdays=frozenset(datetime.date.fromisoformat(e["day"]) for e in adjusted),
        )
    with _lock:
        if not _cache["writing"]:
            _cache["years"] = years
            _cache["loaded_at"] = time.monotonic()
    return years


def package_years() -> range:
    """The years ``chinese_calendar`` ships the arrangement for."""
    first = min(day.year for day in constants.holidays)
    last = max(day.year for day in constants.holidays)
    return range(first, last + 1)


def source(year: int) -> str | None:
    """Where the arrangement of ``year`` comes from: ENTERED, PACKAGE or None (unknown)."""
    if year in entered_years():
        return ENTERED
    if year in package_years():
        return PACKAGE
    return None


def last_known_year() -> int:
    """The last year up to which every year is known, from the package's first year on (an
    entered 2029 after a missing 2028 does not count)."""
    known = set(package_years()) | set(entered_years())
    year = package_years().stop - 1
    while year + 1 in known:
        year += 1
    return year


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day; :class:`CalendarUnknown` when its year is unknown."""
    entered = entered_years().get(day.year)
    if entered is not None:
        if day in entered.workdays:
            return True
        return day.weekday() < 5 and day not in entered.holidays
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarUnknown(day.year) from None


def _package_name(name: str) -> str:
    return str(PACKAGE_NAMES.get(name, name))


def package_arrangement(year: int) -> tuple[list[dict], list[dict]]:
    """The package's arrangement of ``year`` in the entered form: holidays as ranges of
    consecutive days with one name, and the adjusted working days."""
    days = sorted((d, h) for d, h in constants.holidays.items() if d.year == year)
    holidays: list[dict] = []
    for day, name in days:
        last = holidays[-1] if holidays else None
        if last and last["_name"] == name and last["end"] == day - datetime.timedelta(days=1):
            last["end"] = day
        else:
            holidays.append({"_name": name, "start": day, "end": day})
    ranges = [
        {"name": _package_name(h["_name"]), "start": h["start"], "end": h["end"]} for h in holidays
    ]
    adjusted = [
        {"day": d, "name": _package_name(h)}
        for d, h in sorted(constants.workdays.items())
        if d.year == year
    ]
    return ranges, adjusted
