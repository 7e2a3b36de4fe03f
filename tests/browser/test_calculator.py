"""The policy calculator on the demo data: an enterprise sees the policies it meets with their
amounts; an official opens it for a MedPark firm and reads the near miss with its article."""

import pytest

from conftest import login
from gaoxin.demo.seed import DEMO_PASSWORD
from gaoxin.enterprises.models import Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def test_enterprise_sees_its_matches_and_total(page, demo):
    login(page, "hengtian", DEMO_PASSWORD)
    page.wait_for_url("**/enterprises/*/")
    page.goto("/policies/calculator/")
    met = page.locator("[data-testid=calc-policy][data-status=met]")
    assert met.count() >= 1
    total = page.get_by_test_id("calc-total").inner_text()
    assert total.startswith("¥") and "," in total  # grouped yuan, e.g. ¥1,377,154.50
    first = met.first.get_by_test_id("calc-amount").inner_text()
    assert first.startswith("¥") and first.endswith(tuple("0123456789"))
    page.screenshot(path="test-artifacts/calculator-enterprise.png", full_page=True)


def test_official_reads_a_near_miss_for_a_firm_in_scope(page, demo):
    firm = Enterprise.objects.get(name="郑州恒愈医疗器械有限公司")
    login(page, "lili", DEMO_PASSWORD)
    page.wait_for_url("**/overview/")
    page.goto(f"/policies/calculator/?enterprise={firm.pk}")
    assert page.get_by_test_id("calc-enterprise").inner_text().strip() == firm.name
    near = page.locator("[data-testid=calc-policy][data-status=nearly_met]")
    assert near.count() >= 1
    gap = near.first.get_by_test_id("calc-gap").first.inner_text()
    assert "需" in gap and "第" in gap and "条" in gap  # the rule, the threshold, the article
    page.screenshot(path="test-artifacts/calculator-official.png", full_page=True)
