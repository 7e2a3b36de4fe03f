"""A campaign's deadline in Chinese working days (工作日), counted by ``gaoxin.core.workdays``.

The deadline is the N-th working day after the day the campaign opens (that day itself is not
counted): weekends and public holidays are skipped, adjusted working weekends (调休上班) count.
A period reaching a year whose holiday arrangement is neither entered nor in ``chinese_calendar``
is refused, never guessed.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from gaoxin.core import workdays
from gaoxin.core.errors import DomainError

# About half a year of working days: enough for any reporting period.
MAX_WORKING_DAYS = 120
DEFAULT_WORKING_DAYS = 20


def _is_workday(day: datetime.date) -> bool:
    try:
        return workdays.is_workday(day)
    except workdays.CalendarUnknown as error:
        raise DomainError(
            _(
                "Reporting period: %(refusal)s The deadline cannot be counted until then; "
                "choose fewer working days, or open the campaign later."
            )
            % {"refusal": error.message},
            code="calendar_unknown",
            field="working_days",
        ) from error


def check_count(count) -> int:
    """``count`` as a number of working days between 1 and ``MAX_WORKING_DAYS``."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_WORKING_DAYS:
        raise DomainError(
            _("Reporting period: between 1 and %(max)s working days.") % {"max": MAX_WORKING_DAYS},
            field="working_days",
        )
    return count


def deadline_after(opened_on: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``opened_on``."""
    check_count(count)
    day = opened_on
    counted = 0
    while counted < count:
        day += datetime.timedelta(days=1)
        if _is_workday(day):
            counted += 1
    return day


def working_days_left(today: datetime.date, deadline: datetime.date) -> int | None:
    """The working days from ``today`` to ``deadline``, both counted (1 on the last day when it
    is a working day); None once the deadline has passed. A day the calendar does not know
    counts as a working day (the deadline itself is always within the known years)."""
    if today > deadline:
        return None
    left = 0
    day = today
    while day <= deadline:
        try:
            if workdays.is_workday(day):
                left += 1
        except workdays.CalendarUnknown:
            left += 1
        day += datetime.timedelta(days=1)
    return left


def longest_period(opened_on: datetime.date) -> int:
    """The most working days a campaign opened on ``opened_on`` may last: up to the end of the
    calendar's last known year, and at most ``MAX_WORKING_DAYS`` (0 when none is left)."""
    last = datetime.date(workdays.last_known_year(), 12, 31)
    count = 0
    day = opened_on
    while day < last and count < MAX_WORKING_DAYS:
        day += datetime.timedelta(days=1)
        if workdays.is_workday(day):
            count += 1
    return count
