"""首台(套): an enterprise user checks a heavy-load robot model against its catalog entry,
estimates the subsidy for three policies and reads the explanation; the rules explorer shows the
80 % parameter with its source.

The zh_Hans catalog may not translate every first-set text yet, so the assertions read stable
`data-testid` attributes, the data's own Chinese and numbers, never translated words.
"""

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.firstset.demo import load_firstset_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICIES = [
    ("P-2025-001", "重载机器人 1号", "2025-03-01", "2026-02-28", "28000000", "560000"),
    ("P-2025-002", "重载机器人 2号", "2025-06-01", "2026-05-31", "15000000", "300000"),
    ("P-2027-003", "重载机器人 3号", "2027-03-01", "2028-02-29", "28000000", "560000"),
]
KEYS = ("id", "equipment", "start", "end", "sum_insured", "premium")


def check_model(page, payload: str, repeatability: str, mtbf: str) -> None:
    form = page.get_by_test_id("check-form")
    form.locator("[data-indicator='额定负载']").fill(payload)
    form.locator("[data-indicator='重复定位精度(±)']").fill(repeatability)
    form.locator("[data-indicator='平均无故障工作时间(MTBF)']").fill(mtbf)
    form.get_by_test_id("check-submit").click()


def test_enterprise_user_checks_a_robot_and_estimates_the_subsidy(page, world):
    load_firstset_demo()
    login(page, world.a.users[Role.ENTERPRISE_USER].username)
    page.wait_for_url("**/")

    # The catalog: find the heavy-load robot (a sample entry) and open it.
    page.goto("/firstset/catalog/")
    page.get_by_test_id("catalog-search").fill("重载")
    page.get_by_test_id("catalog-search").press("Enter")
    row = page.get_by_test_id("catalog-row")
    expect(row).to_have_count(1)  # the results are replaced in place (HTMX)
    assert row.get_by_test_id("sample-badge").is_visible()
    row.get_by_test_id("entry-link").click()
    page.wait_for_url("**/firstset/catalog/*/")
    assert "重载工业机器人" in page.get_by_test_id("entry-title").inner_text()
    assert page.get_by_test_id("indicator-row").count() == 3

    # Does my model qualify? Payload 520 kg, repeatability 0.08 mm, MTBF 60 000 h: covered.
    check_model(page, "520", "0.08", "60000")
    result = page.get_by_test_id("check-result")
    result.wait_for()
    assert result.get_attribute("data-covered") == "true"
    assert page.locator("[data-testid=check-row][data-met=true]").count() == 3

    # One failing value: not covered, and the failing indicator is named.
    check_model(page, "520", "0.12", "60000")
    page.locator("[data-testid=check-result][data-covered=false]").wait_for()
    assert "重复定位精度" in page.get_by_test_id("failing-indicators").inner_text()
    failing = page.locator("[data-testid=check-row][data-met=false]")
    assert failing.count() == 1
    assert failing.get_attribute("data-indicator") == "重复定位精度(±)"
    page.screenshot(path="test-artifacts/firstset-check.png", full_page=True)

    # The estimator: a 2024 qualification and three policies.
    page.goto("/firstset/estimator/")
    assert page.get_by_test_id("saves-nothing").is_visible()
    page.locator("#id_province").select_option("41")  # Henan: no provincial set, national rules
    page.locator("#id_has_qualification").check()
    page.locator("#id_cap").fill("2160000")
    page.locator("#id_valid_from").fill("2025-01-01")
    page.locator("#id_valid_to").fill("2027-12-31")
    for index, policy in enumerate(POLICIES):
        for key, value in zip(KEYS, policy, strict=True):
            page.locator(f"#id_policies-{index}-{key}").fill(value)
    page.get_by_test_id("add-row").click()  # HTMX adds a fourth, empty row
    page.locator("#id_policies-3-id").wait_for()
    expect(page.get_by_test_id("policy-row")).to_have_count(4)
    page.get_by_test_id("calculate").click()

    result = page.get_by_test_id("estimate-result")
    result.wait_for()
    expect(page.get_by_test_id("jurisdiction-note")).to_be_visible()
    subsidies = {
        row.get_attribute("data-policy"): row.get_by_test_id("subsidy").inner_text()
        for row in page.get_by_test_id("result-row").all()
    }
    assert subsidies == {
        "P-2025-001": "448,000.00",
        "P-2025-002": "240,000.00",
        "P-2027-003": "0.00",
    }
    assert page.locator("[data-policy='P-2027-003'][data-reason='outside_window']").count() == 1
    assert page.get_by_test_id("total").inner_text() == "688,000.00"
    assert page.get_by_test_id("cap-remaining").inner_text() == "1,472,000.00"

    # The explanation: the rule, the 80 % parameter with its date, document and confidence.
    explanation = page.locator("[data-testid=explanation][data-policy='P-2025-001']")
    explanation.locator("summary").click()
    ratio = explanation.locator("[data-testid=trace-parameter][data-parameter=subsidy_ratio]")
    assert ratio.is_visible()
    assert ratio.get_by_test_id("trace-rule").inner_text() == "subsidy_before_cap"
    assert ratio.get_by_test_id("trace-value").inner_text() == "80 %"
    assert "2024-05-24" in ratio.inner_text()
    assert "工信部联重装〔2024〕89号" in ratio.get_by_test_id("trace-document").inner_text()
    assert ratio.get_by_test_id("confidence-V").is_visible()
    page.screenshot(path="test-artifacts/firstset-estimate.png", full_page=True)

    # From the explanation to the rules explorer: the 80 % parameter and its source.
    ratio.get_by_test_id("trace-parameter-link").click()
    page.wait_for_url("**/firstset/rules/#param-CN-subsidy_ratio")
    section = page.locator("#param-CN-subsidy_ratio")
    values = section.get_by_test_id("parameter-value")
    assert values.count() == 2
    assert [v.get_by_test_id("value").inner_text() for v in values.all()] == ["80 %", "80 %"]
    first = values.first
    assert first.get_attribute("data-effective") == "2015-01-01"
    assert first.get_by_test_id("reference-link").inner_text() == (
        "http://cnfina.com/economy/20150304_71711.html"
    )
    assert first.get_by_test_id("confidence").get_by_test_id("confidence-V").is_visible()


def test_the_rules_explorer_is_public(page):
    page.goto("/firstset/rules/#param-CN-subsidy_ratio")
    section = page.locator("#param-CN-subsidy_ratio")
    assert "80 %" in section.inner_text()
    assert "S2015b" in section.get_by_test_id("reference").first.inner_text()
    assert page.get_by_test_id("rule").count() >= 10
