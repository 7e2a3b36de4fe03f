"""The one working-day lookup: an entered arrangement first, then chinese_calendar, else a
refusal naming the year; its cache never serves a stale arrangement."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import Client

from gaoxin.core import workdays
from gaoxin.core.holidays import services
from gaoxin.core.holidays.services import AdjustedWorkday, Holiday
from gaoxin.grants.workdays import notice_period
from gaoxin.reporting.deadlines import deadline_after

D = datetime.date

# A test arrangement for 2027: 元旦 from Friday 1 to Wednesday 6 January, and Saturday 9 January
# worked instead (调休上班).
HOLIDAYS_2027 = [
    Holiday("元旦", D(2027, 1, 1), D(2027, 1, 6)),
    Holiday("春节", D(2027, 2, 5), D(2027, 2, 13)),
]
ADJUSTED_2027 = [AdjustedWorkday(D(2027, 1, 9), "元旦")]


def enter(year=2027, holidays=None, adjusted=None, **extra):
    return services.arrangement_create(
        actor=None,
        year=year,
        document_number=f"国办发明电〔{year - 1}〕7号",
        notice_date=D(year - 1, 11, 12),
        holidays=HOLIDAYS_2027 if holidays is None else holidays,
        adjusted_workdays=ADJUSTED_2027 if adjusted is None else adjusted,
        **extra,
    )


@pytest.mark.django_db
def test_the_package_knows_2026_and_not_2027():
    assert workdays.package_years()[-1] == 2026
    assert workdays.is_workday(D(2026, 12, 31)) and not workdays.is_workday(D(2026, 10, 1))
    assert workdays.is_workday(D(2026, 2, 28))  # Saturday 调休上班 in the package
    with pytest.raises(workdays.CalendarUnknown) as error:
        workdays.is_workday(D(2027, 1, 4))
    assert error.value.year == 2027 and error.value.code == "calendar_unknown"


@pytest.mark.django_db
def test_the_refusal_names_the_year_in_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(workdays.CalendarUnknown) as error:
        workdays.is_workday(D(2028, 3, 1))
    assert "2028年的节假日安排尚未录入：请安全管理员按国务院办公厅通知录入" in error.value.message


@pytest.mark.django_db
def test_a_notice_from_late_december_2026_into_january_2027_counts_from_the_entered_arrangement():
    with pytest.raises(Exception) as refused:
        notice_period(D(2026, 12, 29), 5)
    assert "2027" in refused.value.message and refused.value.field == "working_days"
    enter()
    # Wed 12-30 and Thu 12-31 (package), 1-1 … 1-6 off (entered 元旦), Thu 1-7, Fri 1-8, and
    # Saturday 1-9 worked instead: five working days.
    assert notice_period(D(2026, 12, 29), 5) == (D(2026, 12, 30), D(2027, 1, 9))
    assert workdays.source(2027) == workdays.ENTERED and workdays.source(2026) == workdays.PACKAGE
    assert workdays.last_known_year() == 2027


@pytest.mark.django_db
def test_a_reporting_deadline_reaching_2027_counts_from_the_entered_arrangement():
    enter()
    # Opened Monday 2026-12-28: 12-29, 12-30, 12-31, then 1-7, 1-8, 1-9 (Saturday, worked).
    assert deadline_after(D(2026, 12, 28), 6) == D(2027, 1, 9)


@pytest.mark.django_db
def test_a_year_neither_in_the_package_nor_entered_is_refused():
    enter()
    with pytest.raises(workdays.CalendarUnknown) as error:
        workdays.is_workday(D(2028, 1, 3))
    assert error.value.year == 2028
    with pytest.raises(Exception) as deadline:
        deadline_after(D(2027, 12, 20), 20)
    assert "2028" in deadline.value.message and deadline.value.field == "working_days"


@pytest.mark.django_db
def test_an_entered_year_takes_precedence_over_the_package():
    assert not workdays.is_workday(D(2026, 10, 5))  # 国庆 in the package
    enter(
        year=2026,
        holidays=[Holiday("国庆节", D(2026, 10, 1), D(2026, 10, 3))],
        adjusted=[],
    )
    assert workdays.is_workday(D(2026, 10, 5)) and not workdays.is_workday(D(2026, 10, 2))
    assert workdays.source(2026) == workdays.ENTERED


@pytest.mark.django_db
def test_a_gap_year_does_not_extend_the_last_known_year():
    enter(
        year=2029,
        holidays=[Holiday("元旦", D(2029, 1, 1), D(2029, 1, 1))],
        adjusted=[],
    )
    assert workdays.last_known_year() == 2026


@pytest.mark.django_db
def test_the_entered_years_are_read_once_and_reread_after_a_write(django_assert_num_queries):
    enter()
    workdays.clear_cache()
    with django_assert_num_queries(1):
        for n in range(40):
            workdays.is_workday(D(2027, 1, 1) + datetime.timedelta(days=n))
    arrangement = services.arrangement_update(
        actor=None,
        arrangement=workdays_arrangement(),
        document_number="国办发明电〔2026〕7号",
        notice_date=D(2026, 11, 12),
        holidays=[Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3))],
        adjusted_workdays=[],
    )
    assert arrangement.holidays[0]["end"] == "2027-01-03"
    assert workdays.is_workday(D(2027, 1, 4))  # the edit is seen at once
    services.arrangement_delete(actor=None, arrangement=arrangement)
    with pytest.raises(workdays.CalendarUnknown):
        workdays.is_workday(D(2027, 1, 4))


def workdays_arrangement():
    from gaoxin.core.models import HolidayArrangement

    return HolidayArrangement.objects.get(year=2027)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_stale_cache():
    with pytest.raises(RuntimeError), transaction.atomic():
        enter()
        assert workdays.is_workday(D(2027, 1, 9))
        raise RuntimeError
    with pytest.raises(workdays.CalendarUnknown):
        workdays.is_workday(D(2027, 1, 9))


@pytest.mark.django_db
def test_each_request_reads_the_arrangements_afresh(world):
    enter()
    assert workdays.source(2027) == workdays.ENTERED
    from gaoxin.core.models import HolidayArrangement

    HolidayArrangement.objects.all().delete()  # behind the cache's back (another process)
    Client().get("/public/")
    assert workdays.source(2027) is None
