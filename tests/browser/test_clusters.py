"""Clusters in Chromium: the park operator opens the chain map from the menu (the ECharts tree
drawn under the strict CSP, the gaps flagged), clicks through to a segment, adds a firm and
removes it after the confirmation; the targets page draws its chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.parks.tests.cluster_factories import cluster_of, fact, firm, member, segment, target

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_chain_map_segment_membership_and_targets(page, world):
    a = world.a
    cluster = cluster_of(a)
    mid = segment(cluster, "整机", "midstream")
    segment(cluster, "原料", "upstream")
    maker = firm(a)
    member(mid, maker)
    fact(maker, 2024, output=3_000_000)
    target(cluster, amount="10000000", base=2024, year=2026, milestones={2025: "5000000"})
    newcomer = EnterpriseFactory(zone=a.zone, park=a.park, name="新来企业有限公司")

    login(page, a.users[Role.PARK_OPERATOR].username)
    page.wait_for_url("**/overview/")
    page.get_by_test_id("nav-group-parks").click()
    page.locator("nav a.dropdown-item[href='/clusters/']").click()
    page.get_by_test_id("cluster-row").get_by_role("link").first.click()
    expect(page.locator("#chain-map canvas")).to_have_count(1)  # ECharts drew the tree
    rows = page.get_by_test_id("segment-row")
    expect(rows).to_have_count(2)
    expect(
        page.locator(f"[data-segment='{mid.pk}'] [data-testid=segment-enterprises]")
    ).to_have_text("1")
    expect(page.locator("[data-gap=empty]")).to_have_count(1)

    page.locator(f"[data-segment='{mid.pk}'] a", has_text="整机").click()
    page.select_option("#id_enterprise", str(newcomer.pk))
    page.get_by_test_id("add-member-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("member-row")).to_have_count(2)
    page.get_by_test_id("member-row").filter(has_text="新来企业").get_by_test_id(
        "remove-member"
    ).click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("member-row")).to_have_count(1)
    assert not mid.memberships.filter(enterprise=newcomer).exists()

    page.goto(f"/clusters/{cluster.pk}/targets/")
    expect(page.locator(".target-chart canvas")).to_have_count(1)
    expect(page.locator("[data-year='2025'] [data-testid=gap]")).to_have_text("200")
