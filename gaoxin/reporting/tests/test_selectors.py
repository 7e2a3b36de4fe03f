"""Where each enterprise stands in a campaign, the progress ("2025年：3/25 家已报"), the overdue
list (only once the deadline has passed), the scope of each role and the enterprise's task."""

from __future__ import annotations

import datetime
import pathlib

import pytest
from django.conf import settings
from django.utils import translation

from gaoxin.accounts.choices import Role
from gaoxin.enterprises import services as registry
from gaoxin.enterprises.choices import RecordStatus
from gaoxin.enterprises.tests.factories import YearlyFactFactory
from gaoxin.reporting import selectors
from gaoxin.reporting.choices import NOT_SUBMITTED, OVERDUE, EntryStatus

from .conftest import DEADLINE, FULL, open_campaign

pytestmark = pytest.mark.django_db
BEFORE = datetime.date(2026, 3, 20)
AFTER = datetime.date(2026, 3, 31)


def statuses(campaign, today=BEFORE) -> dict[str, str]:
    return {
        row.name: selectors.row_status(row)
        for row in selectors.campaign_rows(campaign, today=today)
    }


@pytest.fixture
def standing(zone, campaign):
    """甲 verified (complete), 乙 pending, 丙 rejected; the partner reported too."""
    a_record = registry.yearly_fact_upsert(
        actor=zone.users["a"], enterprise=zone.a, year=2025, data=dict(FULL)
    )
    registry.declaration_verify(actor=zone.official, record=a_record)
    registry.yearly_fact_upsert(
        actor=zone.users["yi"], enterprise=zone.yi, year=2025, data=dict(FULL)
    )
    bing = registry.yearly_fact_upsert(
        actor=zone.users["bing"], enterprise=zone.bing, year=2025, data=dict(FULL)
    )
    registry.declaration_reject(actor=zone.official, record=bing, reason="研发费用与税务数据不符")
    registry.yearly_fact_upsert(
        actor=zone.users["partner"], enterprise=zone.partner, year=2025, data=dict(FULL)
    )
    return campaign


def test_each_member_has_its_status_and_partners_are_not_listed(zone, standing):
    assert statuses(standing) == {
        zone.a.name: EntryStatus.VERIFIED,
        zone.yi.name: EntryStatus.PENDING,
        zone.bing.name: EntryStatus.REJECTED,
    }
    (bing,) = selectors.campaign_rows(standing, status=EntryStatus.REJECTED)
    assert bing.last_reason == "研发费用与税务数据不符"


def test_incomplete_and_not_yet(zone, campaign):
    YearlyFactFactory(enterprise=zone.yi, year=2025, rnd_expense=None)  # staff entry, before
    assert statuses(campaign) == {
        zone.a.name: EntryStatus.NOT_YET,
        zone.yi.name: EntryStatus.INCOMPLETE,
        zone.bing.name: EntryStatus.NOT_YET,
    }


def test_a_rejection_followed_by_a_new_submission_is_pending(zone, standing):
    registry.yearly_fact_upsert(
        actor=zone.users["bing"], enterprise=zone.bing, year=2025, data={**FULL, "employees": 31}
    )
    assert statuses(standing)[zone.bing.name] == EntryStatus.PENDING


@pytest.mark.parametrize(
    ("status", "names"),
    [
        (EntryStatus.VERIFIED, {"a"}),
        (EntryStatus.PENDING, {"yi"}),
        (EntryStatus.REJECTED, {"bing"}),
        (NOT_SUBMITTED, {"bing"}),
        (EntryStatus.NOT_YET, set()),
        ("", {"a", "yi", "bing"}),
        ("nonsense", {"a", "yi", "bing"}),
    ],
)
def test_the_table_filters_agree_with_the_statuses(zone, standing, status, names):
    rows = selectors.campaign_rows(standing, status=status, today=BEFORE)
    assert {row.pk for row in rows} == {getattr(zone, n).pk for n in names}


def test_progress_counts_reported_as_verified_plus_pending(zone, standing):
    progress = selectors.campaign_progress(standing, today=BEFORE)
    assert (progress.total, progress.verified, progress.pending) == (3, 1, 1)
    assert (progress.reported, progress.not_reported, progress.percent) == (2, 1, 67)
    with translation.override("en"):
        assert progress.text == "2025: 2 of 3 enterprises reported"


def test_the_progress_text_in_chinese():
    """ "2025年：3/25 家已报", from the catalog once merged, else from the helper's list of new
    strings (var/tr/reporting.tsv)."""
    msgid = "%(year)s: %(reported)s of %(total)s enterprises reported"
    with translation.override("zh-hans"):
        translated = translation.gettext(msgid)
    if translated == msgid:
        tsv = pathlib.Path(settings.BASE_DIR) / "var" / "tr" / "reporting.tsv"
        if not tsv.exists():
            pytest.skip("the reporting strings are neither in the catalog nor in var/tr")
        lines = dict(
            line.split("\t", 1) for line in tsv.read_text("utf-8").splitlines() if "\t" in line
        )
        translated = lines[msgid]
    assert translated % {"year": 2025, "reported": 3, "total": 25} == "2025年：3/25 家已报"


def test_overdue_only_once_the_deadline_has_passed(zone, standing):
    on_the_day = selectors.campaign_progress(standing, today=DEADLINE)
    assert not on_the_day.is_past_deadline and on_the_day.overdue == []
    assert on_the_day.working_days_left == 1
    assert not selectors.campaign_rows(standing, status=OVERDUE, today=DEADLINE).exists()
    after = selectors.campaign_progress(standing, today=AFTER)
    assert after.is_past_deadline and after.working_days_left is None
    assert [e.pk for e in after.overdue] == [zone.bing.pk] and after.overdue_count == 1
    assert [e.pk for e in selectors.campaign_rows(standing, status=OVERDUE, today=AFTER)] == [
        zone.bing.pk
    ]


def test_each_role_sees_the_progress_of_its_scope(zone, standing):
    world = zone.world
    official = selectors.scoped_progress(user=zone.official, today=BEFORE)
    assert [(p.reported, p.total) for p in official] == [(2, 3)]
    # the park operator's park holds 甲 and 乙
    operator = selectors.scoped_progress(user=world.a.users[Role.PARK_OPERATOR], today=BEFORE)
    assert [(p.reported, p.total) for p in operator] == [(2, 2)]
    reviewer = selectors.scoped_progress(user=world.a.users[Role.PROVINCIAL_REVIEWER])
    assert [(p.reported, p.total) for p in reviewer] == [(2, 3)]
    assert selectors.scoped_progress(user=world.b.users[Role.ZONE_OFFICIAL]) == []
    assert selectors.campaign_list(user=world.b.users[Role.ZONE_OFFICIAL]).count() == 0
    assert selectors.campaign_list(user=world.a.users[Role.PARK_OPERATOR]).count() == 0


def test_the_enterprise_sees_its_task_and_a_partner_none(zone, standing):
    (task,) = selectors.tasks_for(user=zone.users["bing"], today=BEFORE)
    assert task.campaign == standing and task.status == EntryStatus.REJECTED
    assert task.reason == "研发费用与税务数据不符" and task.working_days_left == 7
    assert not task.is_reported and not task.is_overdue
    (done,) = selectors.tasks_for(user=zone.users["a"], today=AFTER)
    assert done.is_reported and not done.is_overdue
    assert selectors.tasks_for(user=zone.users["partner"]) == []
    assert selectors.tasks_for(user=zone.official) == []
    assert selectors.tasks_for(user=zone.world.b.users[Role.ENTERPRISE_USER]) == []


def test_a_closed_campaign_is_no_task(zone, standing):
    from gaoxin.reporting import services

    services.campaign_close(actor=zone.official, campaign=standing)
    assert selectors.tasks_for(user=zone.users["yi"]) == []
    assert selectors.scoped_progress(user=zone.official) == []


def test_pending_submissions_are_the_campaigns_year_and_zone_only(zone, standing):
    registry.yearly_fact_upsert(
        actor=zone.users["yi"], enterprise=zone.yi, year=2024, data={"revenue": "1.00"}
    )
    pending = selectors.pending_submissions(user=zone.official, campaign=standing)
    assert [(r.enterprise_id, r.year) for r in pending] == [(zone.yi.pk, 2025)]
    assert all(r.status == RecordStatus.PENDING for r in pending)
    assert (
        selectors.pending_submissions(
            user=zone.world.b.users[Role.ZONE_OFFICIAL], campaign=standing
        )
        == []
    )


def test_another_year_is_another_campaign(zone, standing):
    older = open_campaign(zone.official, year=2024)
    assert selectors.campaign_progress(older, today=BEFORE).reported == 0
    assert [c.year for c in selectors.campaign_list(user=zone.official)] == [2025, 2024]
