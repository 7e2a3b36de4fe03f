"""Opening and closing a campaign, the reminders and the official's verification: bad input
refused naming the field with nothing saved, one campaign per zone and year, the member
enterprises told (never a partner), reminders once, verification all or nothing and audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError, InvalidTransitionError, PermissionDeniedError
from gaoxin.enterprises import services as registry
from gaoxin.enterprises.choices import FactSource, RecordStatus
from gaoxin.enterprises.models import FactRecord, YearlyFact
from gaoxin.enterprises.services import verification
from gaoxin.notifications.choices import NotificationKind
from gaoxin.notifications.models import Notification
from gaoxin.reporting import selectors, services, tasks
from gaoxin.reporting.choices import CampaignStatus
from gaoxin.reporting.models import Campaign, CampaignReminder

from .conftest import DEADLINE, FULL, OPENED_ON, REQUIRED, open_campaign

pytestmark = pytest.mark.django_db


def recipients(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def declare(user, enterprise, data=None, year=2025):
    return registry.yearly_fact_upsert(
        actor=user, enterprise=enterprise, year=year, data=dict(data or FULL)
    )


# --- opening ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": 1900}, "year"),
        ({"year": 2027}, "year"),  # the year has not begun on the day it opens
        ({"year": "2025"}, "year"),
        ({"year": True}, "year"),
        ({"required": []}, "required"),
        ({"required": ["revenue", "profit"]}, "required"),
        ({"required": "revenue"}, "required"),
        ({"working_days": 0}, "working_days"),
        ({"working_days": 121}, "working_days"),
        ({"working_days": "20"}, "working_days"),
        # a deadline in a year the working-day calendar does not know is not guessed
        ({"working_days": 60, "opened_on": datetime.date(2026, 12, 1)}, "working_days"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(zone, capture, changes, field):
    arguments = {"year": 2025, "required": REQUIRED, "working_days": 20, "opened_on": OPENED_ON}
    arguments.update(changes)
    with pytest.raises(DomainError) as refused:
        capture(lambda: services.campaign_open(actor=zone.official, **arguments))
    assert refused.value.field == field and refused.value.message
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(action="reporting.campaign.open").exists()
    assert not Notification.objects.exists()


def test_the_messages_name_the_field(zone):
    with translation.override("en"):
        for changes, label in (
            ({"year": 1900}, "Year reported:"),
            ({"required": []}, "Required figures:"),
            ({"working_days": 0}, "Reporting period:"),
        ):
            with pytest.raises(DomainError) as refused:
                open_campaign(zone.official, **changes)
            assert refused.value.message.startswith(label)


def test_one_campaign_per_zone_and_year(zone):
    open_campaign(zone.official)
    with pytest.raises(DomainError) as refused:
        open_campaign(zone.official, working_days=5)
    assert refused.value.field == "year" and refused.value.code == "duplicate"
    assert Campaign.objects.count() == 1
    # another year, or another zone's same year, is fine
    open_campaign(zone.official, year=2024)
    open_campaign(zone.world.b.users[Role.ZONE_OFFICIAL])
    assert Campaign.objects.count() == 3


@pytest.mark.parametrize(
    "role", [Role.PARK_OPERATOR, Role.PROVINCIAL_REVIEWER, Role.ENTERPRISE_USER, Role.AUDITOR]
)
def test_only_a_zone_official_opens_a_campaign(zone, role):
    with pytest.raises(PermissionDeniedError):
        open_campaign(zone.world.a.users[role])
    assert not Campaign.objects.exists()


def test_the_deadline_is_counted_in_chinese_working_days(zone):
    campaign = open_campaign(zone.official)
    assert (campaign.opened_on, campaign.deadline) == (OPENED_ON, DEADLINE)
    # across the National Day holiday: 1–7 October are off, Saturday 10 October is worked
    national_day = open_campaign(
        zone.official, year=2024, working_days=3, opened_on=datetime.date(2026, 9, 30)
    )
    assert national_day.deadline == datetime.date(2026, 10, 10)


def test_opening_is_audited_and_tells_every_member_enterprise_never_a_partner(zone, capture):
    campaign = capture(lambda: open_campaign(zone.official))
    assert campaign.status == CampaignStatus.OPEN and campaign.zone == zone.world.a.zone
    assert campaign.required == REQUIRED and campaign.opened_by == zone.official
    event = AuditEvent.objects.get(action="reporting.campaign.open")
    assert event.object_id == str(campaign.pk) and event.actor_id == zone.official.pk
    assert event.data["enterprises"] == 3 and event.data["deadline"] == "2026-03-30"
    assert recipients(NotificationKind.CAMPAIGN_TASK) == {
        "a_enterprise_user",
        "yi_user",
        "bing_user",
    }
    message = Notification.objects.filter(kind=NotificationKind.CAMPAIGN_TASK).first()
    assert "2025" in message.title and "2026-03-30" in message.title
    assert message.link == "/enterprises/mine/"


def test_the_figures_required_come_back_in_the_year_forms_order_once_each(zone):
    campaign = open_campaign(zone.official, required=["employees", "revenue", "employees"])
    assert campaign.required == ["revenue", "employees"]


# --- while it is open ------------------------------------------------------------------------


def test_a_submission_missing_a_required_figure_is_refused_naming_it(zone, campaign):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        declare(zone.users["yi"], zone.yi, {"revenue": "1000.00"})
    assert set(refused.value.message_dict) == {"rnd_expense", "employees"}
    assert not FactRecord.objects.filter(enterprise=zone.yi).exists()
    # a partner is never asked: its partial year is taken
    declare(zone.users["partner"], zone.partner, {"revenue": "1000.00"})
    # a department's list holds what it holds
    registry.yearly_fact_upsert(
        actor=zone.official,
        enterprise=zone.bing,
        year=2025,
        data={"tax_paid": "12.00"},
        provenance={"source": FactSource.DEPARTMENT, "department": "国家税务总局郑州市税务局"},
    )
    assert YearlyFact.objects.get(enterprise=zone.bing, year=2025).revenue is None


def test_a_blank_year_is_refused_with_or_without_a_campaign(zone):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        declare(zone.users["yi"], zone.yi, {"revenue": "", "employees": None}, year=2024)
    assert "revenue" in refused.value.message_dict


# --- closing ---------------------------------------------------------------------------------


def test_closing_is_audited_once_and_ends_the_required_figures(zone, campaign):
    declare(zone.users["yi"], zone.yi)
    services.campaign_close(actor=zone.official, campaign=campaign, reason="期限已过")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED and campaign.closed_by == zone.official
    event = AuditEvent.objects.get(action="reporting.campaign.close")
    assert event.reason == "期限已过" and event.data["pending"] == 1 and event.data["total"] == 3
    assert selectors.required_figures(zone.bing, 2025) == ()
    declare(zone.users["bing"], zone.bing, {"revenue": "1000.00"})  # partial is fine again
    with pytest.raises(InvalidTransitionError):
        services.campaign_close(actor=zone.official, campaign=campaign)


def test_another_zones_official_cannot_close_it(zone, campaign):
    with pytest.raises(PermissionDeniedError):
        services.campaign_close(actor=zone.world.b.users[Role.ZONE_OFFICIAL], campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


# --- reminders -------------------------------------------------------------------------------


def test_reminders_go_to_members_not_reported_once_within_five_working_days(
    zone, campaign, capture
):
    declare(zone.users["a"], zone.a)  # reported (pending): not reminded
    ten_days_before = datetime.date(2026, 3, 17)  # 10 working days left
    assert capture(lambda: services.send_reminders(today=ten_days_before)) == 0
    five_days_before = datetime.date(2026, 3, 24)  # 24, 25, 26, 27, 30
    assert selectors.campaign_progress(campaign, today=five_days_before).working_days_left == 5
    assert capture(lambda: services.send_reminders(today=five_days_before)) == 2
    assert recipients(NotificationKind.CAMPAIGN_REMINDER) == {"yi_user", "bing_user"}
    assert CampaignReminder.objects.filter(campaign=campaign).count() == 2
    # again the same day, the next day, on the deadline: nobody twice
    for day in (five_days_before, datetime.date(2026, 3, 25), DEADLINE):
        assert capture(lambda day=day: services.send_reminders(today=day)) == 0
    assert Notification.objects.filter(kind=NotificationKind.CAMPAIGN_REMINDER).count() == 2
    assert AuditEvent.objects.filter(action="reporting.campaign.remind").count() == 1
    reminder = Notification.objects.filter(kind=NotificationKind.CAMPAIGN_REMINDER).first()
    assert "5" in reminder.title and "2026-03-30" in reminder.body


def test_no_reminder_after_the_deadline_or_for_a_closed_campaign(zone, campaign, capture):
    assert capture(lambda: services.send_reminders(today=datetime.date(2026, 3, 31))) == 0
    services.campaign_close(actor=zone.official, campaign=campaign)
    assert capture(lambda: services.send_reminders(today=datetime.date(2026, 3, 27))) == 0
    assert not Notification.objects.filter(kind=NotificationKind.CAMPAIGN_REMINDER).exists()


def test_the_scheduled_task_sends_the_reminders(zone, campaign, capture):
    capture(lambda: tasks.send_campaign_reminders.enqueue("2026-03-26"))
    assert recipients(NotificationKind.CAMPAIGN_REMINDER) == {
        "a_enterprise_user",
        "yi_user",
        "bing_user",
    }


# --- the official's verification -------------------------------------------------------------


def test_verifying_chosen_submissions_writes_them_and_is_audited(zone, campaign):
    first = declare(zone.users["a"], zone.a)
    second = declare(zone.users["yi"], zone.yi)
    count = services.verify_submissions(
        actor=zone.official, campaign=campaign, ids=[first.pk, second.pk], reason="与纸质年报一致"
    )
    assert count == 2
    assert set(
        FactRecord.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {RecordStatus.VERIFIED}
    assert YearlyFact.objects.get(enterprise=zone.yi, year=2025).employees == 30
    event = AuditEvent.objects.get(action="reporting.campaign.verify")
    assert set(event.data["records"]) == {first.pk, second.pk}
    assert event.reason == "与纸质年报一致"
    assert AuditEvent.objects.filter(action="enterprises.declaration.verify").count() == 2
    assert selectors.campaign_progress(campaign).verified == 2


def test_verification_is_all_or_nothing(zone, campaign, monkeypatch):
    first = declare(zone.users["a"], zone.a)
    second = declare(zone.users["yi"], zone.yi)
    apply = verification._apply

    def failing(actor, record):
        if record.pk == second.pk:
            raise DomainError("申报数据无法写入")
        return apply(actor, record)

    monkeypatch.setattr(verification, "_apply", failing)
    with pytest.raises(DomainError) as refused:
        services.verify_submissions(
            actor=zone.official, campaign=campaign, ids=[first.pk, second.pk]
        )
    assert zone.yi.name in refused.value.message
    assert FactRecord.objects.get(pk=first.pk).status == RecordStatus.PENDING
    assert not YearlyFact.objects.filter(year=2025).exists()
    assert not AuditEvent.objects.filter(action="reporting.campaign.verify").exists()


def test_an_id_that_is_not_a_pending_submission_of_the_campaign_verifies_nothing(zone, campaign):
    mine = declare(zone.users["a"], zone.a)
    other_year = declare(zone.users["yi"], zone.yi, {"revenue": "5.00"}, year=2024)
    other_zone = declare(zone.world.b.users[Role.ENTERPRISE_USER], zone.world.b.enterprise)
    for intruder in (other_year, other_zone):
        with pytest.raises(DomainError) as refused:
            services.verify_submissions(
                actor=zone.official, campaign=campaign, ids=[mine.pk, intruder.pk]
            )
        assert refused.value.field == "ids" and str(intruder.pk) in refused.value.message
    with pytest.raises(DomainError):
        services.verify_submissions(actor=zone.official, campaign=campaign, ids=[])
    assert FactRecord.objects.get(pk=mine.pk).status == RecordStatus.PENDING


def test_another_zones_official_verifies_nothing(zone, campaign):
    mine = declare(zone.users["a"], zone.a)
    with pytest.raises(PermissionDeniedError):
        services.verify_submissions(
            actor=zone.world.b.users[Role.ZONE_OFFICIAL], campaign=campaign, ids=[mine.pk]
        )
    assert FactRecord.objects.get(pk=mine.pk).status == RecordStatus.PENDING


def _department(official, enterprise, data):
    registry.yearly_fact_upsert(
        actor=official,
        enterprise=enterprise,
        year=2025,
        data=data,
        provenance={"source": FactSource.DEPARTMENT, "department": "郑州市统计局"},
    )


def test_verifying_those_matching_department_data(zone, campaign):
    # 甲 declared what the statistics and tax lists then said; 乙 declared another revenue
    matching = declare(zone.users["a"], zone.a)
    differing = declare(zone.users["yi"], zone.yi)
    _department(zone.official, zone.a, {"revenue": "1000000", "employees": 30})
    _department(zone.official, zone.a, {"rnd_expense": "50000.00"})
    _department(zone.official, zone.yi, {"revenue": "999999.00", "rnd_expense": "50000.00"})
    assert [r.pk for r in selectors.department_matching(user=zone.official, campaign=campaign)] == [
        matching.pk
    ]
    assert services.verify_matching(actor=zone.official, campaign=campaign) == 1
    assert FactRecord.objects.get(pk=matching.pk).status == RecordStatus.VERIFIED
    assert FactRecord.objects.get(pk=differing.pk).status == RecordStatus.PENDING
    event = AuditEvent.objects.get(action="reporting.campaign.verify")
    assert event.data["matching_department_data"] is True
    with pytest.raises(DomainError):  # nothing left that matches
        services.verify_matching(actor=zone.official, campaign=campaign)


def test_a_value_entered_by_staff_is_not_department_data(zone, campaign):
    declare(zone.users["a"], zone.a)
    registry.yearly_fact_upsert(actor=zone.official, enterprise=zone.a, year=2025, data=dict(FULL))
    # the staff entry verified nothing: the declaration is still pending, and not "matching"
    assert selectors.department_matching(user=zone.official, campaign=campaign) == []
