"""Issue 9, item 8 ("what the enterprise gets"), end to end in Chromium, on real dates.

A 免申即享 round whose notice ended weeks ago, confirmed and exported for payment (built with
the services). World A's enterprise is on it with 362 500.00 yuan (10 % of 3 625 000).

1. The zone official opens the round: the next step is the payment; the reference is
   required; with the day and the treasury voucher number the round is paid, the stepper's
   last step is done and the audit trail has the event.
2. The enterprise's user finds "Notices and payouts (免申即享)" in the navigation: the round with
   36.25 (万元, exact), the notice period, the deadline for objections and "paid on" today;
   the link opens the public notice with the amount in yuan; the inbox holds the two messages
   (on the notice, paid) with the exact amount, each leading back to the page.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.audit.models import AuditEvent
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.grants import services
from gaoxin.grants.tests.conftest import AS_OF, figures, make_funds, make_policy
from gaoxin.grants.workdays import last_known_year, notice_period
from gaoxin.notifications.choices import NotificationKind
from gaoxin.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOUCHER = "国库支付凭证 410100-2025-000123"


@pytest.fixture(autouse=True)
def _patient_expect():
    """Give assertions the context's 15 s (not Playwright's 5 s) on a busy machine."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def ended_notice_day(today: datetime.date) -> datetime.date:
    """A publication day about a month ago whose five-working-day notice is over by today."""
    published_on = min(today - datetime.timedelta(days=30), datetime.date(last_known_year(), 12, 1))
    _starts_on, ends_on = notice_period(published_on, services.DEFAULT_WORKING_DAYS)
    assert ends_on < today
    return published_on


@pytest.fixture
def exported(world):
    """World A's enterprise (362 500.00) and 乙 (80 000.00) on a round confirmed and exported."""
    a = world.a
    figures(a.enterprise, revenue="100000000", rnd="3625000")  # 3.625 % → 362 500.00
    second = EnterpriseFactory(name="乙科技有限公司", zone=a.zone, park=a.park)
    figures(second, revenue="10000000", rnd="800000")  # 80 000.00
    official = a.users[Role.ZONE_OFFICIAL]
    policy = make_policy(a.zone)
    make_funds(policy)  # the confirmation commits the amounts in this year's fund
    published_on = ended_notice_day(timezone.localdate())
    grant_round = services.round_create(
        actor=official, policy=policy, as_of=AS_OF, today=published_on
    )
    services.notice_publish(
        actor=official,
        grant_round=grant_round,
        contact="经发部 0371-6789 0000",
        published_on=published_on,
    )
    services.round_confirm(actor=official, grant_round=grant_round, reason="公示无异议")
    services.round_export(actor=official, grant_round=grant_round, out=io.BytesIO())
    grant_round.refresh_from_db()
    assert grant_round.confirmed_total == Decimal("442500.00")
    return grant_round


def test_the_official_records_the_payment_and_the_enterprise_sees_what_it_got(
    page, world, exported
):
    grant_round = exported
    publication = grant_round.publication
    official = world.a.users[Role.ZONE_OFFICIAL]
    member = world.a.users[Role.ENTERPRISE_USER]
    today = timezone.localdate()

    # 1. The official: the payment is the next step.
    login(page, official.username)
    page.wait_for_url("**/overview/")
    page.goto(f"/grants/{grant_round.pk}/")
    stepper = page.get_by_test_id("stepper")
    expect(stepper.locator("[data-step=exported]")).to_have_attribute("data-state", "done")
    expect(stepper.locator("[data-step=paid]")).to_have_attribute("data-state", "current")
    page.get_by_test_id("next-step").get_by_test_id("pay").click()
    page.wait_for_url(f"**/grants/{grant_round.pk}/pay/")
    expect(page.locator("#id_paid_on")).to_have_value(f"{today:%Y-%m-%d}")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-reference")).to_be_visible()
    page.fill("#id_reference", VOUCHER)
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/grants/{grant_round.pk}/")
    expect(stepper.locator("[data-step=paid]")).to_have_attribute("data-state", "done")
    paid = page.get_by_test_id("paid")
    expect(paid).to_contain_text(f"{today:%Y-%m-%d}")
    expect(paid).to_contain_text(VOUCHER)
    expect(page.get_by_test_id("pay")).to_have_count(0)
    page.screenshot(path="test-artifacts/grants-paid.png", full_page=True)
    grant_round.refresh_from_db()
    assert (grant_round.paid_on, grant_round.payment_reference) == (today, VOUCHER)
    event = AuditEvent.objects.get(action="grants.round.pay", object_id=str(grant_round.pk))
    assert event.actor_id == official.pk
    assert event.data["total"] == "442500.00" and event.data["reference"] == VOUCHER

    # 2. The enterprise user: "Notices and payouts (免申即享)" from the navigation.
    page.context.clear_cookies()
    login(page, member.username)
    page.wait_for_url("**/enterprises/*/")
    page.get_by_test_id("nav-group-policies").click()
    page.locator("nav a.dropdown-item[href='/grants/mine/']").click()
    page.wait_for_url("**/grants/mine/")
    table = page.get_by_test_id("benefit-table")
    expect(table.locator("thead")).to_contain_text(re.compile("万元|10k yuan"))
    rows = page.get_by_test_id("benefit-row")
    expect(rows).to_have_count(1)  # 乙's row is not ours
    row = rows.first
    expect(row).to_have_attribute("data-state", "paid")
    expect(row).to_contain_text(grant_round.policy.title)
    expect(row.get_by_test_id("benefit-amount")).to_have_text("36.25")
    expect(row.get_by_test_id("benefit-period")).to_have_text(
        f"{publication.starts_on:%Y-%m-%d} – {publication.ends_on:%Y-%m-%d}"
    )
    expect(row.get_by_test_id("benefit-deadline")).to_have_text(f"{publication.ends_on:%Y-%m-%d}")
    expect(row.get_by_test_id("benefit-status")).to_contain_text(f"{today:%Y-%m-%d}")
    expect(page.get_by_test_id("benefit-table")).not_to_contain_text("8.00")
    page.screenshot(path="test-artifacts/grants-benefits-mine.png", full_page=True)

    # The public notice, from the row.
    row.get_by_test_id("benefit-notice").click()
    page.wait_for_url(f"**/grants/notices/{publication.pk}/")
    mine = page.get_by_test_id("notice-row").filter(has_text=world.a.enterprise.name)
    expect(mine).to_contain_text("362,500.00")

    # The inbox: on the notice, then paid, both with the exact amount.
    told = Notification.objects.filter(recipient=member, kind__startswith="grant_").order_by("pk")
    assert [n.kind for n in told] == [NotificationKind.GRANT_NOTICE, NotificationKind.GRANT_PAID]
    assert "362,500.00" in told[0].body and f"{publication.ends_on:%Y-%m-%d}" in told[0].body
    assert "362,500.00" in told[1].title and VOUCHER in told[1].body
    page.goto("/inbox/")
    items = page.get_by_test_id("notification-unread").filter(has_text="362,500.00")
    expect(items).to_have_count(2)  # (and the policy's own push, when it was published)
    paid_item = items.filter(has_text=VOUCHER)
    expect(paid_item).to_have_count(1)
    paid_item.get_by_role("button").click()
    page.wait_for_url("**/grants/mine/")
    expect(page.get_by_test_id("benefit-row")).to_have_count(1)
