"""Chinese working days (工作日) for the public notice period, counted by ``gaoxin.core.workdays``.

The notice starts on the first working day after the day it is published and lasts ``count``
working days: weekends and public holidays are skipped, and the adjusted working weekends (调休
上班) count. The holiday arrangement of a year is the one the security administrator entered,
else the one ``chinese_calendar`` ships; a period reaching a year that has neither is refused,
never guessed.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from gaoxin.core import workdays
from gaoxin.core.errors import DomainError

# Enough for any sensible notice (a month and a half of working days).
MAX_WORKING_DAYS = 30

last_known_year = workdays.last_known_year


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day; DomainError naming its year when it is unknown."""
    try:
        return workdays.is_workday(day)
    except workdays.CalendarUnknown as error:
        raise DomainError(
            _("%(refusal)s The notice period cannot be counted until then.")
            % {"refusal": error.message},
            code="calendar_unknown",
            field="working_days",
        ) from error


def notice_period(published_on: datetime.date, count: int) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of a notice published on ``published_on`` lasting ``count``
    working days, both working days; the first is the next working day after publication."""
    if not 1 <= count <= MAX_WORKING_DAYS:
        raise DomainError(
            _("The notice lasts between 1 and %(max)s working days.") % {"max": MAX_WORKING_DAYS},
            field="working_days",
        )
    day = published_on
    first = None
    counted = 0
    while counted < count:
        day += datetime.timedelta(days=1)
        if is_workday(day):
            counted += 1
            first = first or day
    return first, day
