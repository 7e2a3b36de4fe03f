"""The notice period in Chinese working days (chinese_calendar)."""

import datetime

import chinese_calendar
import pytest

from gaoxin.core.errors import DomainError
from gaoxin.grants.workdays import last_known_year, notice_period

D = datetime.date

pytestmark = pytest.mark.django_db


def test_the_national_day_holiday_is_skipped():
    # 2025: 10-01 … 10-08 off (国庆 + 中秋); Saturday 10-11 is an adjusted working day.
    assert not chinese_calendar.is_workday(D(2025, 10, 8))
    assert chinese_calendar.is_workday(D(2025, 10, 11))
    assert notice_period(D(2025, 9, 30), 5) == (D(2025, 10, 9), D(2025, 10, 14))


def test_an_adjusted_working_sunday_counts():
    # Sunday 2025-09-28 is a working day (调休) before the National Day holiday.
    assert D(2025, 9, 28).weekday() == 6
    assert notice_period(D(2025, 9, 26), 1) == (D(2025, 9, 28), D(2025, 9, 28))
    assert notice_period(D(2025, 9, 26), 2) == (D(2025, 9, 28), D(2025, 9, 29))


def test_an_ordinary_week():
    # Published on a Wednesday: Thu, Fri, Mon, Tue, Wed.
    assert notice_period(D(2025, 6, 4), 5) == (D(2025, 6, 5), D(2025, 6, 11))


def test_spring_festival_2026():
    # 2026-02-15 … 02-23 off; Saturday 02-28 is an adjusted working day.
    start, end = notice_period(D(2026, 2, 13), 5)
    assert (start, end) == (D(2026, 2, 14), D(2026, 2, 27))


def test_a_year_the_calendar_does_not_know_is_refused():
    last = last_known_year()
    with pytest.raises(DomainError) as error:
        notice_period(D(last, 12, 28), 5)
    assert str(last + 1) in error.value.message and error.value.field == "working_days"


@pytest.mark.parametrize("count", [0, 31])
def test_the_number_of_days_is_bounded(count):
    with pytest.raises(DomainError):
        notice_period(D(2025, 6, 4), count)
