"""Review deadlines and notice periods in Chinese working days (``gaoxin.core.workdays``).

A stage's deadline is the N-th working day after the day its review opens. A day of a year
whose holiday arrangement is neither entered nor shipped with ``chinese_calendar`` counts as a
working day when it is Monday to Friday (a review must open whatever the calendar knows; the
security administrator's arrangement, once entered, is used from then on)."""

from __future__ import annotations

import datetime

from gaoxin.core import workdays


def is_workday(day: datetime.date) -> bool:
    try:
        return workdays.is_workday(day)
    except workdays.CalendarUnknown:
        return day.weekday() < 5


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    counted = 0
    while counted < count:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day


def notice_period(published_on: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """(first, last day) of a notice of ``count`` working days from the next working day."""
    return add_working_days(published_on, 1), add_working_days(published_on, count)


def is_overdue(due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and today > due_on
