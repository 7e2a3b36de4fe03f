"""Fund ledgers in Chromium: the official's funds desk and fund page (the ECharts pace chart
under the strict CSP), a disbursement sent twice from the same form paying once, and the
enterprise's "已享受政策" showing the payment with its reference."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.funds.models import Commitment, LedgerEntry
from gaoxin.funds.tests.factories import make_commitment, make_fund

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOUCHER = "郑高财拨〔2025〕042号"


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_a_disbursement_sent_twice_pays_once_and_the_enterprise_sees_it(page, world):
    fund = make_fund(world.a.zone, budget="1000000", cap="300000", title="研发费用后补助")
    commitment = make_commitment(fund, world.a.enterprise, "200000")

    login(page, world.a.users[Role.ZONE_OFFICIAL].username)
    page.wait_for_url("**/overview/")
    page.get_by_test_id("nav-group-policies").click()
    page.locator("nav a.dropdown-item[href='/funds/']").click()
    page.wait_for_url("**/funds/")
    page.get_by_test_id("fund-row").get_by_role("link").click()
    expect(page.get_by_test_id("committed")).to_contain_text("200,000.00")
    expect(page.locator("#pace-chart canvas")).to_have_count(1)  # ECharts drew the chart

    page.get_by_test_id("disburse").click()
    page.fill("#id_amount", "50,000")
    page.fill("#id_reference", VOUCHER)
    key = page.input_value("input[name=idempotency_key]")
    form_url = page.url
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    # The same form sent a second time (a double click, a retry after a lost answer): the same
    # hidden idempotency key with the same amount and reference.
    page.goto(form_url)
    page.eval_on_selector("input[name=idempotency_key]", "(el, key) => el.value = key", key)
    page.fill("#id_amount", "50,000")
    page.fill("#id_reference", VOUCHER)
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-info")).to_contain_text("没有重复拨付")
    commitment.refresh_from_db()
    assert commitment.disbursed == Decimal("50000")
    assert LedgerEntry.objects.filter(kind="disbursement").count() == 1
    expect(page.get_by_test_id("entry-table")).to_contain_text(VOUCHER)

    page.context.clear_cookies()
    login(page, world.a.users[Role.ENTERPRISE_USER].username)
    page.goto("/funds/enjoyed/")
    expect(page.get_by_test_id("enjoyed-row")).to_contain_text(fund.policy.title)
    expect(page.get_by_test_id("payment-row")).to_contain_text(VOUCHER)
    assert Commitment.objects.count() == 1
