"""The public tools without login: from the portal, the policy calculator on figures typed in
shows the zone's published policy as met with its amount; the subsidy estimator opens too."""

import pytest
from playwright.sync_api import expect

from gaoxin.policies.tests.conftest import make_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_calculator_without_login(page, world):
    policy = make_policy(world.a.zone, title="研发费用后补助（测试）")
    page.goto("/public/")
    page.get_by_test_id("portal-calculator").click()
    page.wait_for_url("**/policies/calculator/public/")
    expect(page.locator("h1")).to_have_text("政策计算器")
    expect(page.get_by_test_id("public-calc-start")).to_be_visible()
    form = page.get_by_test_id("public-calc-form")
    form.locator("#wi-revenue").fill("100000000")
    form.locator("#wi-rnd_expense").fill("3500000")
    form.locator("#wi-qualifications-high_tech").check()
    page.get_by_test_id("public-calc-submit").click()
    met = page.locator("[data-testid=calc-policy][data-status=met]").filter(has_text=policy.title)
    expect(met).to_have_count(1)
    expect(met.get_by_test_id("calc-amount")).to_have_text("¥350,000.00")
    expect(page.get_by_test_id("calc-total")).to_have_text("¥350,000.00")
    page.screenshot(path="test-artifacts/public-calculator.png", full_page=True)

    # a bad figure: the field says so
    form.locator("#wi-revenue").fill("很多")
    page.get_by_test_id("public-calc-submit").click()
    expect(page.get_by_test_id("error-revenue")).to_be_visible()

    # the estimator is offered the same way
    page.goto("/public/")
    page.get_by_test_id("portal-estimator").click()
    page.wait_for_url("**/firstset/estimator/public/")
    expect(page.get_by_test_id("estimator-form")).to_be_visible()
