"""The supervision page in Chromium: the pace chart drawn under the strict CSP, the at-risk row,
the qualification's own page with its chart, and the claw-back confirmation recording the ban."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.firstset.models import Ban

from .factories_supervision import make_claim, make_qualification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_the_official_sees_the_pace_chart_and_claws_back(page, world):
    today = timezone.localdate()
    q = make_qualification(
        world.a.enterprise, cap="1000000", valid_from=today - datetime.timedelta(days=380),
        valid_to=today + datetime.timedelta(days=20),
    )  # fmt: skip
    make_claim(q, "200000", paid="150000")

    login(page, world.a.users[Role.ZONE_OFFICIAL].username)
    page.wait_for_url("**/overview/")
    page.goto("/firstset/supervision/")
    expect(page.locator("#pace-chart canvas")).to_have_count(1)  # ECharts drew the chart
    row = page.get_by_test_id("supervision-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("at-risk")).to_be_visible()
    expect(row.get_by_test_id("paid")).to_contain_text("150,000.00")

    row.get_by_role("link").first.click()
    expect(page.locator("#pace-chart canvas")).to_have_count(1)
    page.get_by_test_id("clawback").click()
    page.fill("#id_amount", "150,000")
    page.fill("#id_reference", "缴库〔2026〕7号")
    page.fill("#id_reason", "虚报保费")
    page.check("#id_confirm")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("bans")).to_be_visible()
    expect(page.get_by_test_id("revoked")).to_be_visible()
    assert Ban.objects.filter(enterprise=world.a.enterprise).count() == 1
