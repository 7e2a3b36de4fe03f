"""Issue 3's 免申即享 scenario, end to end in Chromium, on real dates.

The zone has a published no-application R&D policy (10 % of R&D expense, at most 5 000 000) and
three enterprises that meet it (345 678.92, 80 000.00 and 5 000 000.00 yuan). The rounds are
built with the services; the pages use the real "today" (Asia/Shanghai), so the publication
days are computed with the same working-day rule (`chinese_calendar`) in years it knows.

1. A round whose notice ended weeks ago: the zone official goes from the navigation to the
   rounds, opens the round, reads the stepper and the total, confirms the list with a reason
   (the reason is required), sees it confirmed, exports the payment file and finds in the
   workbook exactly the database's enterprises and amounts, to the fen. Both steps are audited.
2. A round in its notice now: an anonymous visitor finds the notice from the public portal,
   with its enterprises and total; an enterprise user of a listed enterprise objects online;
   the official sees the open objection, is refused the confirmation, upholds the objection
   with a reason, and the total drops by exactly the removed enterprise's amount, on the
   round and on the public notice.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import DomainError
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.grants import services
from gaoxin.grants.models import CandidateStatus, GrantCandidate, Objection, RoundStatus
from gaoxin.grants.tests.conftest import AS_OF, figures, make_funds, make_policy
from gaoxin.grants.workdays import MAX_WORKING_DAYS, last_known_year, notice_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTACT = "高新区经济发展局 电话 0371-6789 0000"


def yuan(amount: Decimal) -> str:
    """As the pages show an amount: grouped, two places."""
    return f"{amount:,.2f}"


@pytest.fixture(autouse=True)
def _patient_expect():
    """Give assertions the context's 15 s (not Playwright's 5 s) on a busy machine."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def grants(world):
    """Zone A's 免申即享 policy; world A's enterprise, 乙 and 丙 meet it, 丁 does not."""
    a = world.a
    figures(a.enterprise, revenue="100000000", rnd="3456789.15")  # 345 678.915 → 345 678.92
    second = EnterpriseFactory(name="乙科技有限公司", zone=a.zone, park=a.park)
    figures(second, revenue="10000000", rnd="800000")  # 80 000.00
    third = EnterpriseFactory(name="丙智能有限公司", zone=a.zone)
    figures(third, revenue="900000000", rnd="90000000")  # capped at 5 000 000.00
    low = EnterpriseFactory(name="丁贸易有限公司", zone=a.zone)
    figures(low, revenue="100000000", rnd="1000000")  # 1 %: not met
    policy = make_policy(a.zone)
    make_funds(policy)  # confirming commits the amounts in this year's fund
    return SimpleNamespace(
        policy=policy,
        official=a.users[Role.ZONE_OFFICIAL],
        enterprise=a.enterprise,
        second=second,
        third=third,
        low=low,
    )


def ended_notice_day(today: datetime.date) -> datetime.date:
    """A publication day about a month ago (at the latest in December of the calendar's last
    year) whose five-working-day notice is over by ``today``."""
    published_on = min(today - datetime.timedelta(days=30), datetime.date(last_known_year(), 12, 1))
    _starts_on, ends_on = notice_period(published_on, services.DEFAULT_WORKING_DAYS)
    assert ends_on < today
    return published_on


def open_notice_day(today: datetime.date) -> tuple[datetime.date, int]:
    """(publication day, working days) of a notice that runs on ``today`` (its first day is
    ``today`` or earlier, its last ``today`` or later): the latest publication day whose
    notice of five working days (or, near the calendar's end, the shortest) covers ``today``."""
    for back in range(1, 31):
        published_on = today - datetime.timedelta(days=back)
        for days in (services.DEFAULT_WORKING_DAYS, *range(1, MAX_WORKING_DAYS + 1)):
            try:
                starts_on, ends_on = notice_period(published_on, days)
            except DomainError:
                break
            if starts_on <= today <= ends_on:
                return published_on, days
    pytest.skip(f"chinese_calendar knows no working day from {today} on: no notice can run")


def publish_round(grants, *, published_on: datetime.date, working_days: int):
    grant_round = services.round_create(
        actor=grants.official, policy=grants.policy, as_of=AS_OF, today=published_on
    )
    services.notice_publish(
        actor=grants.official,
        grant_round=grant_round,
        contact=CONTACT,
        working_days=working_days,
        published_on=published_on,
    )
    grant_round.refresh_from_db()
    return grant_round


def test_official_confirms_an_ended_notice_and_exports_the_payment_file(page, grants, tmp_path):
    today = timezone.localdate()
    published_on = ended_notice_day(today)
    grant_round = publish_round(
        grants, published_on=published_on, working_days=services.DEFAULT_WORKING_DAYS
    )
    publication = grant_round.publication
    total = grant_round.estimated_total
    assert total == Decimal("5425678.92")
    policy = grants.policy

    login(page, grants.official.username)
    page.wait_for_url("**/overview/")

    # The round list, from the navigation.
    page.get_by_test_id("nav-group-policies").click()
    page.locator("nav a.dropdown-item[href='/grants/']").click()
    page.wait_for_url("**/grants/")
    expect(page.locator("h1")).to_contain_text("免申即享")
    row = page.get_by_test_id("round-row").filter(has_text=policy.title)
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("round-status")).to_have_text("公示")
    expect(row).to_contain_text(yuan(total))
    row.get_by_role("link", name=policy.title).click()

    # The round: the notice is the current step and it is over.
    page.wait_for_url(f"**/grants/{grant_round.pk}/")
    expect(page.locator("h1")).to_contain_text(policy.title)
    expect(page.locator("h1")).to_contain_text("第1批")
    stepper = page.get_by_test_id("stepper")
    expect(stepper.locator("[data-step=candidates]")).to_have_attribute("data-state", "done")
    expect(stepper.locator("[data-step=notice]")).to_have_attribute("data-state", "current")
    expect(stepper.locator("[data-step=confirmed]")).to_have_attribute("data-state", "todo")
    expect(stepper).to_contain_text("候选名单")
    expect(page.get_by_test_id("round-total")).to_have_text(yuan(total))
    expect(page.get_by_test_id("count-listed")).to_have_text("3")
    next_step = page.get_by_test_id("next-step")
    expect(next_step.get_by_test_id("notice-period")).to_contain_text(
        f"{publication.starts_on:%Y-%m-%d} 至 {publication.ends_on:%Y-%m-%d}"
    )
    expect(next_step).to_contain_text("公示期已满。")
    expect(page.get_by_test_id("no-objections")).to_be_visible()
    expect(page.get_by_test_id("candidate-row")).to_have_count(3)
    expect(page.get_by_test_id("candidate-table")).not_to_contain_text(grants.low.name)

    # Confirm: the reason is required, then the list is confirmed.
    next_step.get_by_test_id("confirm").click()
    page.wait_for_url(f"**/grants/{grant_round.pk}/confirm/")
    expect(page.locator("h1")).to_have_text("确认第1批")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-reason")).to_be_visible()
    page.fill("#id_reason", "公示期满无异议，经主任办公会审定")
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/grants/{grant_round.pk}/")
    expect(page.get_by_role("alert").filter(has_text="本批次已确认。")).to_be_visible()
    expect(page.get_by_test_id("round-status")).to_have_text("已确认")
    expect(stepper.locator("[data-step=confirmed]")).to_have_attribute("data-state", "done")
    expect(stepper.locator("[data-step=exported]")).to_have_attribute("data-state", "current")
    expect(page.get_by_text("确认总额（元）")).to_be_visible()
    expect(page.get_by_test_id("round-total")).to_have_text(yuan(total))
    expect(next_step).to_contain_text("第四步：导出拨付")
    expect(next_step).to_contain_text("公示期满无异议，经主任办公会审定")
    expect(page.locator("[data-testid=candidate-row][data-status=confirmed]")).to_have_count(3)
    grant_round.refresh_from_db()
    assert grant_round.status == RoundStatus.CONFIRMED
    assert grant_round.confirmed_total == total

    # Export: an .xlsx download with the confirmed enterprises and their exact amounts.
    with page.expect_download() as info:
        next_step.get_by_test_id("export").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("统一社会信用代码", "企业", "金额（元）")
    exported = {name: (uscc, Decimal(str(amount))) for uscc, name, amount, *_rest in rows[1:]}
    confirmed = GrantCandidate.objects.filter(
        round=grant_round, status=CandidateStatus.CONFIRMED
    ).select_related("enterprise")
    assert exported == {c.enterprise.name: (c.enterprise.uscc, c.amount) for c in confirmed}
    assert {name: amount for name, (_uscc, amount) in exported.items()} == {
        grants.enterprise.name: Decimal("345678.92"),
        grants.second.name: Decimal("80000.00"),
        grants.third.name: Decimal("5000000.00"),
    }
    assert sum(amount for _uscc, amount in exported.values()) == grant_round.confirmed_total
    for (cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        assert cell.number_format == "0.00" and cell.data_type == "n"

    # The page now says it was exported.
    page.reload()
    expect(page.get_by_test_id("round-status")).to_have_text("已导出拨付")
    expect(stepper.locator("[data-step=exported]")).to_have_attribute("data-state", "done")
    expect(page.get_by_test_id("exported")).to_be_visible()
    page.screenshot(path="test-artifacts/grants-confirmed-exported.png", full_page=True)

    events = AuditEvent.objects.filter(object_id=str(grant_round.pk), actor=grants.official)
    confirm = events.get(action="grants.round.confirm")
    assert confirm.reason == "公示期满无异议，经主任办公会审定"
    assert confirm.data["confirmed"] == 3 and confirm.data["total"] == str(total)  # to the fen
    assert f"共 {total} 元" in confirm.summary
    export = events.get(action="grants.round.export")
    assert export.data == {"rows": 3, "total": str(total), "export": 1}


def test_enterprise_objects_online_and_the_upheld_objection_lowers_the_total(page, grants):
    today = timezone.localdate()
    published_on, working_days = open_notice_day(today)
    grant_round = publish_round(grants, published_on=published_on, working_days=working_days)
    publication = grant_round.publication
    assert publication.starts_on <= today <= publication.ends_on
    before = grant_round.estimated_total
    target = grant_round.candidates.get(enterprise=grants.enterprise)
    policy = grants.policy
    objector = UserFactory(
        username="yi_user", role=Role.ENTERPRISE_USER, organisation=grants.second.organisation
    )

    # Anyone: the portal, the notices, the notice with its enterprises and total.
    page.goto("/public/")
    page.get_by_test_id("portal-notices").click()
    page.wait_for_url("**/grants/notices/")
    expect(page.locator("h1")).to_have_text("兑前公示")
    item = page.get_by_test_id("notice-item").filter(has_text=policy.title)
    expect(item).to_contain_text("公示中，可提出异议")
    expect(item).to_contain_text("3 家企业")
    item.click()
    page.wait_for_url(f"**/grants/notices/{publication.pk}/")
    expect(page.locator("h1")).to_contain_text(f"公示：《{policy.title}》第1批")
    expect(page.get_by_test_id("notice-open")).to_be_visible()
    expect(page.get_by_test_id("notice-period")).to_have_text(
        f"{publication.starts_on:%Y-%m-%d} 至 {publication.ends_on:%Y-%m-%d}"
        f"（{working_days} 个工作日）"
    )
    expect(page.get_by_test_id("notice-contact")).to_have_text(CONTACT)
    rows = page.get_by_test_id("notice-row")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text=grants.enterprise.name)).to_contain_text(yuan(target.amount))
    expect(page.get_by_test_id("notice-total")).to_have_text(yuan(before))
    # anonymous: the public objection form (name and contact), not the enterprise one
    expect(page.get_by_test_id("lodge-form")).to_have_count(0)
    expect(page.get_by_test_id("public-objection-form")).to_be_visible()

    # An enterprise user of 乙 objects online to world A's enterprise.
    login(page, objector.username)
    page.wait_for_url("**/enterprises/*/")
    page.goto(f"/grants/notices/{publication.pk}/")
    form = page.get_by_test_id("lodge-form")
    form.locator("#id_candidate").select_option(label=grants.enterprise.name)
    form.locator("#id_text").fill("该企业上年度研发费用含委托外单位费用，申报口径有误。")
    page.get_by_test_id("lodge").click()
    page.wait_for_url(f"**/grants/notices/{publication.pk}/")
    expect(page.get_by_role("alert").filter(has_text="您的异议已收到")).to_be_visible()
    objection = Objection.objects.get(round=grant_round)
    assert objection.candidate == target and objection.channel == "online"
    assert objection.status == "open"
    assert publication.published_on <= objection.raised_on <= publication.ends_on

    # The official: the list flags the objection, the round shows it open.
    page.context.clear_cookies()
    login(page, grants.official.username)
    page.wait_for_url("**/overview/")
    page.goto("/grants/")
    row = page.get_by_test_id("round-row").filter(has_text=policy.title)
    expect(row).to_contain_text("1 条未处理异议")
    row.get_by_role("link", name=policy.title).click()
    page.wait_for_url(f"**/grants/{grant_round.pk}/")
    expect(page.get_by_test_id("stepper").locator("[data-step=notice]")).to_have_attribute(
        "data-state", "current"
    )
    expect(page.get_by_test_id("round-total")).to_have_text(yuan(before))
    expect(page.get_by_test_id("open-objections")).to_have_text("须先处理 1 条未处理的异议。")
    objection_row = page.get_by_test_id("objection-row")
    expect(objection_row).to_have_attribute("data-status", "open")
    expect(objection_row).to_contain_text(grants.enterprise.name)
    expect(objection_row).to_contain_text(f"{grants.second.name} ({objector.username})")
    expect(objection_row).to_contain_text("网上（公示页面）")
    target_row = page.get_by_test_id("candidate-row").filter(has_text=grants.enterprise.name)
    expect(target_row).to_contain_text("有未处理异议")

    # Confirming is not offered yet: the button is disabled and says when it will be.
    expect(page.get_by_test_id("confirm")).to_have_count(0)
    expect(page.get_by_test_id("confirm-disabled")).to_be_disabled()
    expect(page.locator("#confirm-why")).to_have_text("公示期结束且所有异议处理完毕后方可确认。")
    # and the form itself refuses it (a bookmarked or typed address), changing nothing
    page.goto(f"/grants/{grant_round.pk}/confirm/")
    page.fill("#id_reason", "拟确认")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("form-errors")).to_have_text(
        f"公示期至 {publication.ends_on:%Y-%m-%d}（含当日）：次日起方可确认。"
    )
    grant_round.refresh_from_db()
    assert grant_round.status == RoundStatus.NOTICE
    page.get_by_role("link", name="取消").click()

    # Uphold the objection, with a reason: the enterprise leaves the round.
    page.wait_for_url(f"**/grants/{grant_round.pk}/")
    objection_row.get_by_test_id("resolve").click()
    page.wait_for_url(f"**/grants/{grant_round.pk}/objections/{objection.pk}/resolve/")
    expect(page.locator("h1")).to_have_text(f"处理对{grants.enterprise.name}的异议")
    page.get_by_label("异议成立：将企业移出本批次").check()
    page.fill("#id_reason", "经核实，研发费用归集口径不符合政策规定")
    page.get_by_test_id("submit").click()
    page.wait_for_url(re.compile(rf"/grants/{grant_round.pk}/#objections$"))
    expect(page.get_by_role("alert").filter(has_text="异议已处理。")).to_be_visible()
    expect(objection_row).to_have_attribute("data-status", "upheld")
    expect(objection_row).to_contain_text("经核实，研发费用归集口径不符合政策规定")
    expect(page.get_by_test_id("open-objections")).to_have_count(0)
    expect(target_row).to_have_attribute("data-status", "removed")
    expect(target_row).to_contain_text("因异议成立移出")
    after = before - target.amount
    assert after == Decimal("5080000.00")
    expect(page.get_by_test_id("round-total")).to_have_text(yuan(after))
    expect(page.get_by_test_id("count-listed")).to_have_text("2")
    page.screenshot(path="test-artifacts/grants-objection-upheld.png", full_page=True)
    grant_round.refresh_from_db()
    target.refresh_from_db()
    assert target.status == CandidateStatus.REMOVED
    assert grant_round.estimated_total == after

    # The public notice shows the removal and the lower total.
    page.goto(f"/grants/notices/{publication.pk}/")
    removed = page.get_by_test_id("notice-row").filter(has_text=grants.enterprise.name)
    expect(removed).to_contain_text("因异议成立移出")
    expect(page.get_by_test_id("notice-total")).to_have_text(yuan(after))
    assert AuditEvent.objects.filter(
        action="grants.objection.resolve", object_id=str(grant_round.pk), actor=grants.official
    ).exists()


def test_anonymous_visitor_objects_online_and_the_official_sees_it(page, grants):
    today = timezone.localdate()
    published_on, working_days = open_notice_day(today)
    grant_round = publish_round(grants, published_on=published_on, working_days=working_days)
    publication = grant_round.publication
    policy = grants.policy

    # A visitor without an account, from the public notice page.
    page.goto(f"/grants/notices/{publication.pk}/")
    expect(page.get_by_test_id("notice-open")).to_have_text("公示中，可提出异议")
    form = page.get_by_test_id("public-objection-form")
    form.locator("#id_candidate").select_option(label=grants.third.name)
    form.locator("#id_name").fill("王五")
    form.locator("#id_contact").fill("138123")  # not a phone number: refused, nothing saved
    form.locator("#id_text").fill("该企业营业收入含关联交易，金额偏高。")
    page.get_by_test_id("lodge").click()
    expect(page.get_by_test_id("error-contact")).to_be_visible()
    assert not Objection.objects.filter(round=grant_round).exists()
    page.screenshot(path="test-artifacts/grants-public-objection-error.png", full_page=True)
    form.locator("#id_contact").fill("13812341234")
    page.get_by_test_id("lodge").click()
    page.wait_for_url(f"**/grants/notices/{publication.pk}/")
    expect(page.get_by_role("alert").filter(has_text="您的异议已收到")).to_be_visible()
    objection = Objection.objects.get(round=grant_round)
    assert objection.channel == "online" and objection.candidate.enterprise == grants.third
    assert objection.raised_by == "王五 (13812341234)" and objection.recorded_by is None
    event = AuditEvent.objects.get(action="grants.objection.record", object_id=str(grant_round.pk))
    assert event.actor_id is None and event.ip == "127.0.0.1" and event.data["channel"] == "online"

    # The official sees it on the round, open, with the visitor's name and contact.
    login(page, grants.official.username)
    page.wait_for_url("**/overview/")
    page.goto(f"/grants/{grant_round.pk}/")
    row = page.get_by_test_id("objection-row")
    expect(row).to_have_attribute("data-status", "open")
    expect(row).to_contain_text(grants.third.name)
    expect(row).to_contain_text("王五 (13812341234)")
    expect(row).to_contain_text("网上（公示页面）")
    expect(page.get_by_test_id("open-objections")).to_have_text("须先处理 1 条未处理的异议。")
    assert policy.title in page.content()
