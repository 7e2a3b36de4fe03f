"""The holiday arrangements: validated with field messages, audited in the same transaction,
managed by the security administrator only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core import workdays
from gaoxin.core.errors import DomainError, PermissionDeniedError
from gaoxin.core.holidays import services
from gaoxin.core.holidays.forms import parse_adjusted, parse_holidays
from gaoxin.core.holidays.services import AdjustedWorkday, Holiday
from gaoxin.core.models import HolidayArrangement

D = datetime.date

HOLIDAYS = [
    Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3)),
    Holiday("春节", D(2027, 2, 5), D(2027, 2, 13)),
]
ADJUSTED = [AdjustedWorkday(D(2027, 2, 20), "春节")]


def enter_2027(actor=None, **overrides):
    values = {
        "year": 2027,
        "document_number": "国办发明电〔2026〕7号",
        "notice_date": D(2026, 11, 12),
        "holidays": HOLIDAYS,
        "adjusted_workdays": ADJUSTED,
    }
    values.update(overrides)
    return services.arrangement_create(actor=actor, **values)


@pytest.fixture
def admin(world):
    return world.a.users[Role.SECURITY_ADMIN]


@pytest.mark.django_db
def test_creating_is_audited_with_the_arrangement(admin):
    arrangement = enter_2027(admin)
    event = AuditEvent.objects.get(action="core.holiday_arrangement.create")
    assert event.actor_id == admin.pk and event.object_id == str(arrangement.pk)
    assert event.data["after"]["document_number"] == "国办发明电〔2026〕7号"
    assert event.data["after"]["adjusted_workdays"] == [{"day": "2027-02-20", "name": "春节"}]


@pytest.mark.django_db
def test_editing_records_before_and_after_and_clears_the_sample_mark(admin):
    arrangement = enter_2027(None, is_sample=True)
    services.arrangement_update(
        actor=admin,
        arrangement=arrangement,
        document_number="国办发明电〔2026〕8号",
        notice_date=D(2026, 11, 12),
        holidays=HOLIDAYS,
        adjusted_workdays=[],
        reason="按正式通知更正",
    )
    arrangement.refresh_from_db()
    assert not arrangement.is_sample and arrangement.adjusted_workdays == []
    event = AuditEvent.objects.get(action="core.holiday_arrangement.update")
    assert event.reason == "按正式通知更正"
    assert event.data["changes"]["document_number"] == {
        "before": "国办发明电〔2026〕7号",
        "after": "国办发明电〔2026〕8号",
    }
    assert set(event.data["changes"]) == {"document_number", "adjusted_workdays", "is_sample"}


@pytest.mark.django_db
def test_deleting_is_audited_and_the_year_is_unknown_again(admin):
    arrangement = enter_2027(admin)
    services.arrangement_delete(actor=admin, arrangement=arrangement, reason="录错年份")
    assert not HolidayArrangement.objects.exists()
    event = AuditEvent.objects.get(action="core.holiday_arrangement.delete")
    assert event.data["before"]["holidays"][0]["name"] == "元旦"
    assert workdays.source(2027) is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_ADMIN])
def test_only_the_security_administrator_writes(world, role):
    with pytest.raises(PermissionDeniedError):
        enter_2027(world.a.users[role])
    assert not HolidayArrangement.objects.exists() and not AuditEvent.objects.exists()


BAD = [
    ({"year": 1999}, "year", "年份"),
    ({"document_number": "  "}, "document_number", "文号"),
    ({"notice_date": D(2025, 12, 1)}, "notice_date", "通知日期"),
    ({"holidays": []}, "holidays", "节假日"),
    ({"holidays": [Holiday("元旦", D(2026, 12, 31), D(2027, 1, 2))]}, "holidays", "不在 2027 年内"),
    ({"holidays": [Holiday("春节", D(2027, 2, 13), D(2027, 2, 5))]}, "holidays", "早于"),
    (
        {"holidays": [*HOLIDAYS, Holiday("元宵", D(2027, 2, 12), D(2027, 2, 14))]},
        "holidays",
        "重叠",
    ),
    ({"holidays": [Holiday("", D(2027, 1, 1), D(2027, 1, 1))]}, "holidays", "名称"),
    ({"adjusted_workdays": [AdjustedWorkday(D(2027, 2, 17))]}, "adjusted_workdays", "工作日"),
    ({"adjusted_workdays": [AdjustedWorkday(D(2028, 1, 8))]}, "adjusted_workdays", "不在 2027"),
    ({"adjusted_workdays": [AdjustedWorkday(D(2027, 2, 6))]}, "adjusted_workdays", "假期"),
    (
        {"adjusted_workdays": [AdjustedWorkday(D(2027, 2, 20)), AdjustedWorkday(D(2027, 2, 20))]},
        "adjusted_workdays",
        "两次",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field", "words"), BAD)
def test_bad_input_names_the_field_and_changes_nothing(admin, overrides, field, words):
    with translation.override("zh-hans"), pytest.raises(DomainError) as error:
        enter_2027(admin, **overrides)
    assert error.value.field == field and words in error.value.message, error.value.message
    assert not HolidayArrangement.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_year_is_entered_once(admin):
    enter_2027(admin)
    with pytest.raises(DomainError) as error:
        enter_2027(admin)
    assert error.value.field == "year"


def test_the_lines_are_parsed():
    assert parse_holidays("元旦 2027-01-01\n\n春节 2027/2/5 至 2027/2/13\n") == [
        Holiday("元旦", D(2027, 1, 1), D(2027, 1, 1)),
        Holiday("春节", D(2027, 2, 5), D(2027, 2, 13)),
    ]
    assert parse_adjusted("2027-02-20 春节\n2027-04-25") == [
        AdjustedWorkday(D(2027, 2, 20), "春节"),
        AdjustedWorkday(D(2027, 4, 25), ""),
    ]


@pytest.mark.parametrize("text", ["春节", "春节 2027-02-30", "春节 清明 2027-02-05", "2027-02-05"])
def test_a_bad_line_names_its_number(text):
    from django import forms

    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as error:
        parse_holidays("元旦 2027-01-01\n" + text)
    assert "第 2 行" in error.value.messages[0]


# --- pages -------------------------------------------------------------------------------

FORM = {
    "year": "2027",
    "document_number": "国办发明电〔2026〕7号",
    "notice_date": "2026-11-12",
    "holidays": "元旦 2027-01-01 2027-01-03\n春节 2027-02-05 2027-02-13",
    "adjusted_workdays": "2027-02-20 春节",
    "note": "",
}


@pytest.mark.django_db
def test_the_list_shows_each_year_with_its_source(client, admin):
    enter_2027(None, is_sample=True)
    client.force_login(admin)
    page = client.get(reverse("core:holiday_list")).content.decode()
    assert 'data-testid="year-2027"' in page and 'data-testid="source-entered"' in page
    assert 'data-testid="year-2026"' in page and 'data-testid="source-package"' in page
    assert 'data-testid="year-2028"' in page and 'data-testid="source-none"' in page
    assert 'data-testid="sample-badge"' in page


@pytest.mark.django_db
def test_the_security_administrator_enters_a_year_from_the_form(client, admin):
    client.force_login(admin)
    response = client.post(reverse("core:holiday_create"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:holiday_detail", args=[2027])
    arrangement = HolidayArrangement.objects.get()
    assert arrangement.holidays[1] == {"name": "春节", "start": "2027-02-05", "end": "2027-02-13"}
    page = client.get(response["Location"]).content.decode()
    assert "国办发明电〔2026〕7号" in page and "2027-02-20" in page


@pytest.mark.django_db
def test_a_bad_form_shows_the_message_under_its_field(client, admin):
    client.force_login(admin)
    data = {**FORM, "adjusted_workdays": "2027-02-17 春节"}
    response = client.post(reverse("core:holiday_create"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "2027-02-17" in response.context["form"].errors["adjusted_workdays"][0]
    assert not HolidayArrangement.objects.exists()


@pytest.mark.django_db
def test_the_edit_form_shows_the_lines_and_saves(client, admin):
    enter_2027(admin)
    client.force_login(admin)
    url = reverse("core:holiday_update", args=[2027])
    page = client.get(url).content.decode()
    assert "春节 2027-02-05 2027-02-13" in page
    response = client.post(url, {**FORM, "year": "2030", "adjusted_workdays": "", "reason": "更正"})
    assert response.status_code == 302
    arrangement = HolidayArrangement.objects.get()
    assert arrangement.year == 2027 and arrangement.adjusted_workdays == []


@pytest.mark.django_db
def test_deleting_asks_first(client, admin):
    enter_2027(admin)
    client.force_login(admin)
    url = reverse("core:holiday_delete", args=[2027])
    page = client.get(url).content.decode()
    assert 'data-testid="delete-consequence"' in page and HolidayArrangement.objects.exists()
    assert client.post(url, {"reason": "录错"}).status_code == 302
    assert not HolidayArrangement.objects.exists()


@pytest.mark.django_db
def test_a_year_with_no_arrangement_has_no_page(client, admin):
    client.force_login(admin)
    assert client.get(reverse("core:holiday_detail", args=[2031])).status_code == 404
    assert client.get(reverse("core:holiday_update", args=[2026])).status_code == 404


@pytest.mark.django_db
def test_others_are_forbidden_and_anonymous_goes_to_login(client, world):
    url = reverse("core:holiday_create")
    response = client.post(url, FORM)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.a.users[Role.SYSTEM_ADMIN])
    assert client.post(url, FORM).status_code == 403
    assert not HolidayArrangement.objects.exists()


@pytest.mark.django_db
def test_the_menu_shows_the_entry_to_the_security_administrator_only(client, world):
    client.force_login(world.a.users[Role.SECURITY_ADMIN])
    entry = reverse("core:holiday_list")
    assert entry in client.get(reverse("accounts:login_policy")).content.decode()
    client.force_login(world.a.users[Role.SYSTEM_ADMIN])
    assert entry not in client.get(reverse("accounts:user_list")).content.decode()


@pytest.mark.django_db
def test_the_demo_enters_a_sample_2027_once():
    from gaoxin.core.holidays.demo import load_holiday_demo

    assert load_holiday_demo() and not load_holiday_demo()
    arrangement = HolidayArrangement.objects.get()
    assert arrangement.is_sample and "必须" in arrangement.note and arrangement.year == 2027
    assert workdays.source(2027) == workdays.ENTERED
