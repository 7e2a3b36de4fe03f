"""The official's pages (list, open, progress, verify, close, export) and the enterprise's task
card on its own page. English pages (the cookie), "today" pinned."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises import services as registry
from gaoxin.enterprises.choices import RecordStatus
from gaoxin.enterprises.models import FactRecord
from gaoxin.reporting import views
from gaoxin.reporting.choices import CampaignStatus
from gaoxin.reporting.models import Campaign

from .conftest import FULL, OPENED_ON, open_campaign

pytestmark = pytest.mark.django_db
LIST = reverse("reporting:campaign_list")
NEW = reverse("reporting:campaign_open")
BEFORE = datetime.date(2026, 3, 20)
AFTER = datetime.date(2026, 3, 31)


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (pages and services read timezone.localdate())."""
    state = {"day": BEFORE}
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: state["day"])

    def set_day(day: datetime.date):
        state["day"] = day

    return set_day


def logged_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def zo(client, zone, today):
    return logged_in(client, zone.official)


def text(response) -> str:
    return response.content.decode()


def detail(campaign, query: str = "") -> str:
    return reverse("reporting:campaign_detail", args=[campaign.pk]) + query


def declare(zone, name, data=None):
    return registry.yearly_fact_upsert(
        actor=zone.users[name], enterprise=getattr(zone, name), year=2025, data=dict(data or FULL)
    )


# --- list and opening ------------------------------------------------------------------------


def test_an_empty_list_offers_to_open_a_campaign(zo):
    page = text(zo.get(LIST))
    assert 'data-testid="no-campaigns"' in page and 'data-testid="open-campaign-empty"' in page
    assert NEW in page


def test_the_menu_has_the_entry_for_officials_only(client, zone, today):
    assert "bi-calendar-check" in text(logged_in(client, zone.official).get(LIST))
    page = text(logged_in(client, zone.users["a"]).get(reverse("notifications:inbox")))
    assert LIST not in page


def test_opening_shows_the_computed_deadline(zo, zone, today):
    today(OPENED_ON)
    form = text(zo.get(NEW))
    assert form.count('name="required"') == 7 and 'value="revenue"' in form
    response = zo.post(
        NEW, {"year": "2025", "required": ["revenue", "employees"], "working_days": "20"}
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(campaign)
    page = text(zo.get(detail(campaign)))
    assert "Deadline: 2026-03-30 (20 working days)" in page
    assert 'data-testid="deadline">2026-03-30<' in page
    assert campaign.required == ["revenue", "employees"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "2025", "working_days": "20"}, "required"),  # no figure ticked
        ({"year": "2025", "required": ["profit"], "working_days": "20"}, "required"),
        ({"year": "1800", "required": ["revenue"], "working_days": "20"}, "year"),
        ({"year": "2025", "required": ["revenue"], "working_days": "0"}, "working_days"),
        ({"year": "", "required": ["revenue"], "working_days": "20"}, "year"),
    ],
)
def test_bad_input_goes_back_onto_the_field(zo, data, field):
    response = zo.post(NEW, data)
    assert response.status_code == 200
    assert f'data-testid="error-{field}"' in text(response)
    assert not Campaign.objects.exists()


def test_the_same_year_twice_is_refused_on_the_year(zo, zone):
    open_campaign(zone.official)
    response = zo.post(NEW, {"year": "2025", "required": ["revenue"], "working_days": "5"})
    page = text(response)
    assert 'data-testid="error-year"' in page and "already has a reporting campaign" in page
    assert Campaign.objects.count() == 1


def test_the_list_shows_each_campaigns_progress(zo, zone, campaign):
    declare(zone, "yi")
    page = text(zo.get(LIST))
    assert "2025: 1 of 3 enterprises reported" in page
    assert 'data-reported="1" data-total="3"' in page


# --- the progress page -----------------------------------------------------------------------


def test_the_progress_page_counts_and_lists_each_member(zo, zone, campaign):
    declare(zone, "yi")
    page = text(zo.get(detail(campaign)))
    assert 'data-testid="count-reported">1 / 3<' in page
    assert page.count('data-testid="entry-row"') == 3
    assert zone.partner.name not in page
    assert page.count('data-testid="pick"') == 1  # only a pending submission can be ticked
    pending = text(zo.get(detail(campaign, "?status=pending")))
    assert pending.count('data-testid="entry-row"') == 1 and zone.yi.name in pending


def test_the_table_is_paginated(zo, zone, campaign, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = text(zo.get(detail(campaign)))
    second = text(zo.get(detail(campaign, "?page=2")))
    assert first.count('data-testid="entry-row"') == 2
    assert second.count('data-testid="entry-row"') == 1 and "3–3 of 3" in second


def test_the_overdue_list_appears_only_after_the_deadline(zo, zone, campaign, today):
    declare(zone, "yi")
    assert 'data-testid="overdue"' not in text(zo.get(detail(campaign)))
    today(AFTER)
    page = text(zo.get(detail(campaign)))
    assert 'data-testid="overdue"' in page and 'data-testid="count-overdue">2<' in page
    assert page.count('data-testid="overdue-name"') == 2
    overdue = text(zo.get(detail(campaign, "?status=overdue")))
    assert (
        overdue.count('data-testid="entry-row"') == 2
        and zone.yi.name not in overdue.split('id="entries"')[1]
    )


def test_verifying_the_selected_needs_the_confirmation(zo, zone, campaign):
    record = declare(zone, "yi")
    url = reverse("reporting:campaign_verify", args=[campaign.pk])
    zo.post(url, {"ids": [record.pk]})
    assert FactRecord.objects.get(pk=record.pk).status == RecordStatus.PENDING
    response = zo.post(url, {"ids": [record.pk], "confirm": "1"}, follow=True)
    assert "Verified 1 submissions." in text(response)
    assert FactRecord.objects.get(pk=record.pk).status == RecordStatus.VERIFIED
    assert AuditEvent.objects.filter(action="reporting.campaign.verify").count() == 1


def test_verifying_nothing_says_what_to_do(zo, campaign):
    response = zo.post(
        reverse("reporting:campaign_verify", args=[campaign.pk]), {"confirm": "1"}, follow=True
    )
    assert "Tick the submissions to verify first." in text(response)


def test_verifying_those_matching_department_data_from_the_page(zo, zone, campaign):
    from gaoxin.enterprises.choices import FactSource

    record = declare(zone, "a")
    registry.yearly_fact_upsert(
        actor=zone.official,
        enterprise=zone.a,
        year=2025,
        data=dict(FULL),
        provenance={"source": FactSource.DEPARTMENT, "department": "郑州市统计局"},
    )
    page = text(zo.get(detail(campaign)))
    assert "1 submission matches the department data" in page
    url = reverse("reporting:campaign_verify_matching", args=[campaign.pk])
    zo.post(url, {})  # not confirmed
    assert FactRecord.objects.get(pk=record.pk).status == RecordStatus.PENDING
    zo.post(url, {"confirm": "1"})
    assert FactRecord.objects.get(pk=record.pk).status == RecordStatus.VERIFIED


def test_closing_asks_for_confirmation(zo, zone, campaign):
    url = reverse("reporting:campaign_close", args=[campaign.pk])
    page = text(zo.get(url))
    assert "Close the 2025 yearly reporting?" in page and "3 enterprises have not reported." in page
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    response = zo.post(url, {"reason": "截止"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    again = zo.get(url, follow=True)
    assert "already closed" in text(again)


def test_the_export_is_the_filtered_table_and_is_audited(zo, zone, campaign):
    declare(zone, "yi")
    response = zo.get(reverse("reporting:campaign_export", args=[campaign.pk]) + "?status=pending")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "reporting-2025-pending.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Unified social credit code", "Enterprise")
    assert [r[:4] for r in rows[1:]] == [
        (zone.yi.uscc, zone.yi.name, zone.yi.park.name, "Reported, awaiting verification")
    ]
    assert rows[1][4].startswith("2026-") or rows[1][4].startswith("20")
    event = AuditEvent.objects.get(action="reporting.campaign.export")
    assert event.data == {"rows": 1, "status": "pending"}
    everything = zo.get(reverse("reporting:campaign_export", args=[campaign.pk]) + "?status=../x")
    assert "reporting-2025-all.xlsx" in everything["Content-Disposition"]
    assert len(list(load_workbook(io.BytesIO(everything.content)).active.iter_rows())) == 4


# --- who may open them -----------------------------------------------------------------------


def test_another_zones_official_gets_not_found(client, zone, campaign, today):
    other = logged_in(client, zone.world.b.users[Role.ZONE_OFFICIAL])
    assert other.get(detail(campaign)).status_code == 404
    assert other.get(reverse("reporting:campaign_close", args=[campaign.pk])).status_code == 404
    listing = other.get(LIST)
    assert listing.status_code == 200 and 'data-testid="campaign-row"' not in text(listing)


@pytest.mark.parametrize(
    "role",
    [
        Role.PARK_OPERATOR,
        Role.PROVINCIAL_REVIEWER,
        Role.ENTERPRISE_USER,
        Role.AUDITOR,
        Role.ADVISOR,
    ],
)
def test_other_roles_are_forbidden(client, zone, campaign, today, role):
    user = logged_in(client, zone.world.a.users[role])
    assert user.get(LIST).status_code == 403
    assert user.get(detail(campaign)).status_code == 403
    assert user.post(reverse("reporting:campaign_close", args=[campaign.pk])).status_code == 403


# --- the enterprise's task -------------------------------------------------------------------


def profile(client, zone, name):
    logged_in(client, zone.users[name])
    return text(client.get(reverse("enterprises:detail", args=[getattr(zone, name).pk])))


def test_the_enterprise_sees_its_task_on_its_page(client, zone, campaign, today):
    page = profile(client, zone, "yi")
    assert 'data-testid="reporting-task" data-year="2025" data-status="not_yet"' in page
    assert "2025 yearly report" in page and "2026-03-30" in page
    assert "7 working days left" in page  # 20, 23, 24, 25, 26, 27, 30 March
    assert "Revenue" in page and "Employees" in page
    form = reverse("enterprises:fact_create", args=[zone.yi.pk]) + "?year=2025"
    assert f'href="{form}"' in page
    assert 'value="2025"' in text(client.get(form))


def test_the_task_card_shows_the_rejection_reason_and_then_pending(client, zone, campaign, today):
    record = declare(zone, "bing")
    registry.declaration_reject(actor=zone.official, record=record, reason="从业人数与社保不符")
    page = profile(client, zone, "bing")
    assert 'data-status="rejected"' in page and "从业人数与社保不符" in page
    declare(zone, "bing", {**FULL, "employees": 28})
    assert 'data-status="pending"' in profile(client, zone, "bing")


def test_a_verified_task_has_no_report_button_and_a_partner_no_task(client, zone, campaign, today):
    record = declare(zone, "a")
    registry.declaration_verify(actor=zone.official, record=record)
    page = profile(client, zone, "a")
    assert 'data-status="verified"' in page and 'data-testid="task-report"' not in page
    assert 'data-testid="reporting-task"' not in profile(client, zone, "partner")


def test_officials_do_not_see_the_card_on_an_enterprises_page(zo, zone, campaign):
    page = text(zo.get(reverse("enterprises:detail", args=[zone.yi.pk])))
    assert 'data-testid="reporting-task"' not in page
