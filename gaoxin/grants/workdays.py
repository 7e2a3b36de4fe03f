"""Chinese working days (工作日) for the public notice period, from ``chinese_calendar``.

The notice starts on the first working day after the day it is published and lasts ``count``
working days: weekends and public holidays are skipped, and the adjusted working weekends (调休
上班) count. ``chinese_calendar`` ships the State Council's holiday arrangement for a fixed
range of years; a period that reaches a year it does not know is refused, never guessed.
"""

from __future__ import annotations

import datetime

import chinese_calendar
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

# Enough for any sensible notice (a month and a half of working days).
MAX_WORKING_DAYS = 30


def last_known_year() -> int:
    """The last year ``chinese_calendar`` has the official arrangement for."""
    from chinese_calendar import constants

    return max(day.year for day in constants.holidays)


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day; DomainError when the calendar does not know its year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as error:
        raise DomainError(
            _(
                "The official holiday arrangement for %(year)s is not known yet (the working-day "
                "calendar covers the years up to %(last)s), so the notice period cannot be "
                "counted. Publish later, or choose fewer working days."
            )
            % {"year": day.year, "last": last_known_year()},
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
