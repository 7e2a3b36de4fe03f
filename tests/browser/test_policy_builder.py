"""Issue 3's builder scenario, end to end in Chromium: a zone official creates a policy, adds
its articles, composes the criteria in the builder (R&D intensity ≥ 3 % AND R&D expense ≥
500 000, both from 第三条) with a formula (10 % of R&D expense, at most 5 000 000), watches the
live count follow the threshold, saves the draft and publishes it with a reason. The precise
push runs on commit (immediate task backend in tests): the fitting enterprise's user sees the
notification and the policy met with its amount in the calculator; the nearly fitting one sees
the gap. A second test opens every demo policy in the builder and checks that the script
writes back exactly the stored criteria and formula."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.enterprises.tests.factories import EnterpriseFactory, YearlyFactFactory
from gaoxin.notifications.models import Notification
from gaoxin.policies.models import DecimalJSONDecoder, Policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "研发投入后补助（测试）"


@pytest.fixture(autouse=True)
def _patient_expect():
    """The live count waits 400 ms, then counts on the server: give assertions the context's
    15 s (not Playwright's 5 s) so that a busy machine does not fail the scenario."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def zone_a(world):
    """Zone A's enterprises with last year's figures: one fits (R&D 4 %, 400 万), one nearly
    (R&D 2.5 %), one has no figures. Each fitting/nearly firm has a user."""
    year = timezone.localdate().year - 1
    fits = world.a.enterprise
    YearlyFactFactory(
        enterprise=fits, year=year, revenue=Decimal("100000000"), rnd_expense=Decimal("4000000")
    )
    nearly = EnterpriseFactory(name="差一点科技有限公司", zone=world.a.zone, park=world.a.park)
    YearlyFactFactory(
        enterprise=nearly,
        year=year,
        revenue=Decimal("100000000"),
        rnd_expense=Decimal("2500000"),
    )
    EnterpriseFactory(name="未填报企业有限公司", zone=world.a.zone)
    nearly_user = UserFactory(
        username="nearly_user", role=Role.ENTERPRISE_USER, organisation=nearly.organisation
    )
    return {"fits_user": world.a.users[Role.ENTERPRISE_USER], "nearly_user": nearly_user}


def count_is(page, n: int) -> None:
    expect(page.get_by_test_id("count-text")).to_have_attribute("data-count", str(n))


def test_official_builds_publishes_and_enterprises_see_it(page, world, zone_a):
    official = world.a.users[Role.ZONE_OFFICIAL]
    login(page, official.username)
    page.wait_for_url("**/overview/")

    # The manage list from the navbar, then a new policy.
    page.get_by_test_id("nav-group-policies").click()
    page.locator("nav a.dropdown-item[href='/policies/manage/']").click()
    expect(page.locator("h1")).to_have_text("政策管理")
    page.get_by_test_id("new-policy").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_issuing_body", "测试高新区管委会")
    page.fill("#id_tags", "研发,测试")
    page.get_by_test_id("save").click()

    # Articles: two rows.
    page.wait_for_url("**/articles/")
    page.get_by_test_id("article-number").nth(0).fill("第三条")
    page.get_by_test_id("article-text").nth(0).fill(
        "研发投入占比不低于3%，且研发费用不低于50万元。"
    )
    page.get_by_test_id("add-article").click()
    page.get_by_test_id("article-number").nth(1).fill("第四条")
    page.get_by_test_id("article-text").nth(1).fill("按研发费用的10%给予补助，最高500万元。")
    page.get_by_test_id("save-articles").click()
    expect(page.get_by_test_id("article")).to_have_count(2)
    policy = Policy.objects.get(title=TITLE)

    # The builder: empty at first, the count says so.
    page.get_by_test_id("open-builder").click()
    expect(page.get_by_test_id("count-error")).to_be_visible()
    page.get_by_test_id("add-clause").click()
    first = page.get_by_test_id("clause-row").nth(0)
    first.get_by_test_id("clause-fact").select_option("rnd_ratio")
    first.get_by_test_id("clause-op").select_option(">=")
    first.get_by_test_id("clause-value").fill("3")
    first.get_by_test_id("clause-article").select_option("第三条")
    count_is(page, 1)
    page.get_by_test_id("add-clause").click()
    second = page.get_by_test_id("clause-row").nth(1)
    second.get_by_test_id("clause-fact").select_option("rnd_expense")
    second.get_by_test_id("clause-value").fill("500000")
    second.get_by_test_id("clause-article").select_option("第三条")
    expect(second.get_by_test_id("clause-hint")).to_contain_text("50")
    count_is(page, 1)
    expect(page.get_by_test_id("count-names")).to_contain_text(world.a.enterprise.name)

    # The live count follows the threshold.
    first.get_by_test_id("clause-value").fill("2.5")
    count_is(page, 2)
    first.get_by_test_id("clause-value").fill("3")
    count_is(page, 1)
    assert first.get_by_test_id("clause-label").input_value() == "研发投入占比≥3%"

    # Formula: 10 % of R&D expense, at most 5 000 000.
    page.get_by_test_id("formula-mode-rate").check()
    page.get_by_test_id("formula-rate").fill("10")
    page.get_by_test_id("formula-fact").select_option("rnd_expense")
    page.get_by_test_id("formula-cap").fill("5000000")
    page.screenshot(path="test-artifacts/policy-builder.png", full_page=True)
    page.get_by_test_id("save-draft").click()

    page.wait_for_url(f"**/policies/manage/{policy.pk}/")
    draft = policy.versions.get(published_at__isnull=True)
    assert draft.criteria == {
        "and": [
            {
                "clause": {"article": "第三条", "label": "研发投入占比≥3%"},
                "rule": {">=": [{"var": "rnd_ratio"}, 3]},
            },
            {
                "clause": {"article": "第三条", "label": "研发费用≥50万元"},
                "rule": {">=": [{"var": "rnd_expense"}, 500000]},
            },
        ]
    }
    assert draft.formula == {"min": [{"*": [{"var": "rnd_expense"}, Decimal("0.1")]}, 5000000]}
    assert isinstance(draft.formula["min"][0]["*"][1], Decimal)  # exact, never a float
    expect(page.get_by_test_id("draft-card")).to_contain_text("研发投入占比 ≥ 3%")

    # Publish with a reason: the confirmation shows the count and the push.
    page.get_by_test_id("publish-draft").click()
    expect(page.get_by_test_id("publish-count")).to_contain_text("1")
    page.get_by_test_id("confirm-publish").click()
    expect(page.get_by_test_id("error-reason")).to_be_visible()  # the reason is required
    page.fill("#id_reason", "管委会2025年第3次主任办公会议审议通过")
    page.get_by_test_id("confirm-publish").click()
    page.wait_for_url(f"**/policies/manage/{policy.pk}/")
    expect(page.get_by_test_id("in-force")).to_be_visible()
    assert Notification.objects.filter(recipient=zone_a["fits_user"]).count() == 1
    assert not Notification.objects.filter(recipient=zone_a["nearly_user"]).exists()

    # The fitting enterprise: the bell, the inbox, the calculator with the amount.
    page.context.clear_cookies()
    login(page, zone_a["fits_user"].username)
    page.wait_for_url("**/enterprises/*/")
    expect(page.get_by_test_id("inbox-unread")).to_contain_text("1")
    page.get_by_test_id("inbox-bell").click()
    expect(page.get_by_test_id("notification-list")).to_contain_text(TITLE)
    page.goto("/policies/calculator/")
    card = page.locator("[data-testid=calc-policy]", has_text=TITLE)
    expect(card).to_have_attribute("data-status", "met")
    expect(card.get_by_test_id("calc-amount")).to_have_text("¥400,000.00")

    # The nearly fitting enterprise: the gap, with its article.
    page.context.clear_cookies()
    login(page, zone_a["nearly_user"].username)
    page.wait_for_url("**/enterprises/*/")
    page.goto("/policies/calculator/")
    card = page.locator("[data-testid=calc-policy]", has_text=TITLE)
    expect(card).to_have_attribute("data-status", "nearly_met")
    gap = card.get_by_test_id("calc-gap").first
    expect(gap).to_contain_text(re.compile(r"研发投入占比 2\.5%.*需 ≥ 3%"))
    expect(gap).to_contain_text("第三条")
    page.screenshot(path="test-artifacts/policy-builder-nearly.png", full_page=True)


def test_invalid_advanced_criteria_are_refused_and_kept(page, world):
    from gaoxin.policies.tests.conftest import make_policy

    policy = make_policy(world.a.zone)  # its formula divides: the presets cannot show it
    login(page, world.a.users[Role.ZONE_OFFICIAL].username)
    page.wait_for_url("**/overview/")
    page.goto(f"/policies/manage/{policy.pk}/builder/")
    expect(page.get_by_test_id("formula-json")).to_be_visible()
    page.get_by_test_id("to-advanced").click()
    bad = (
        '{"and": [{"clause": {"article": "第三条", "label": "占比"}, '
        '"rule": {">=": [{"var": "rnd_ratio2"}, 3]}}]}'
    )
    page.get_by_test_id("criteria-json").fill(bad)
    expect(page.get_by_test_id("count-error")).to_contain_text("rnd_ratio2")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("error-criteria")).to_contain_text(
        "第 1 行：没有名为“rnd_ratio2”的指标，请从列表中选择。"
    )
    assert page.get_by_test_id("criteria-json").input_value() == bad
    assert not policy.versions.filter(published_at__isnull=True).exists()


def test_the_builder_writes_back_every_demo_policy_exactly(page):
    from django.core.management import call_command

    from gaoxin.demo.seed import DEMO_PASSWORD

    call_command("load_demo", verbosity=0)
    login(page, "lili", DEMO_PASSWORD)
    page.wait_for_url("**/overview/")
    for policy in Policy.objects.filter(is_sample=True):
        # the builder opens the draft when there is one (the demo has one), else the version
        version = policy.versions.order_by("-number").first()
        page.goto(f"/policies/manage/{policy.pk}/builder/")
        expect(page.get_by_test_id("clause-row").first).to_be_visible()
        criteria = json.loads(
            page.get_by_test_id("criteria-json").input_value(), cls=DecimalJSONDecoder
        )
        assert criteria == version.criteria, policy.title
        formula_text = page.get_by_test_id("formula-json").input_value()
        formula = json.loads(formula_text, cls=DecimalJSONDecoder) if formula_text else None
        assert formula == version.formula, policy.title


def test_a_refused_clause_is_outlined_in_the_rows(page, world):
    """A value the server refuses (text for a money fact) comes back with the rows as they
    were, the refused row outlined and named, the others not; the first edit clears it."""
    from gaoxin.policies.tests.conftest import make_policy

    policy = make_policy(world.a.zone)
    login(page, world.a.users[Role.ZONE_OFFICIAL].username)
    page.wait_for_url("**/overview/")
    page.goto(f"/policies/manage/{policy.pk}/builder/")
    rows = page.get_by_test_id("clause-row")
    before = rows.count()
    page.get_by_test_id("add-clause").click()
    added = rows.nth(before)
    added.get_by_test_id("clause-fact").select_option("rnd_expense")
    added.get_by_test_id("clause-value").fill("五十万")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("error-criteria")).to_be_visible()
    expect(rows).to_have_count(before + 1)
    expect(page.locator("[data-testid=clause-row][data-error]")).to_have_count(1)
    expect(rows.nth(before)).to_have_attribute("aria-invalid", "true")
    said = f"第 {before + 1} 行：研发费用 的值应为数字。"  # in the words of the form
    expect(page.get_by_test_id("error-criteria")).to_contain_text(said)
    expect(rows.nth(before).get_by_test_id("clause-error")).to_have_text(said)
    expect(rows.nth(before).get_by_test_id("clause-number")).to_have_text(f"第 {before + 1} 行")
    page.screenshot(path="test-artifacts/policy-builder-refused.png", full_page=True)
    assert not policy.versions.filter(published_at__isnull=True).exists()
    rows.nth(before).get_by_test_id("clause-value").fill("500000")
    page.get_by_test_id("add-clause").click()  # a re-render after the edit
    expect(page.locator("[data-testid=clause-row][data-error]")).to_have_count(0)


def test_rows_are_named_by_number_through_nested_groups(page, world):
    """Each kind of refusal names the row (or the group) as the page numbers it, nested groups
    included, and outlines it: a text for a number inside a group, an empty group, a
    qualification that is not one of the options (a stored value the list no longer has)."""
    from gaoxin.policies.tests.conftest import make_policy

    odd = {
        "and": [
            {">=": [{"var": "rnd_ratio"}, 3]},
            {"in": ["high_tech_x", {"var": "qualifications"}]},
        ]
    }
    policy = make_policy(world.a.zone, criteria=odd)
    login(page, world.a.users[Role.ZONE_OFFICIAL].username)
    page.wait_for_url("**/overview/")
    page.goto(f"/policies/manage/{policy.pk}/builder/")
    rows = page.get_by_test_id("clause-row")
    expect(rows).to_have_count(2)
    page.get_by_test_id("save-draft").click()
    said = "第 2 行：“high_tech_x”不是 有效资质 的可选值，请从列表中选择。"
    expect(page.get_by_test_id("error-criteria")).to_contain_text(said)
    expect(rows.nth(1)).to_have_attribute("data-error", "true")
    expect(rows.nth(1).get_by_test_id("clause-error")).to_have_text(said)
    rows.nth(1).get_by_test_id("clause-value").select_option("high_tech")

    page.get_by_test_id("add-group").click()  # group 1 with row 3 in it
    group = page.get_by_test_id("group-box")
    expect(group.get_by_test_id("group-number")).to_have_text("第 1 组")
    inner = group.get_by_test_id("clause-row")
    inner.get_by_test_id("clause-fact").select_option("rnd_ratio")
    inner.get_by_test_id("clause-value").fill("三")
    page.get_by_test_id("save-draft").click()
    said = "第 3 行：研发投入占比 的值应为数字。"
    expect(page.get_by_test_id("error-criteria")).to_contain_text(said)
    expect(page.locator("[data-testid=clause-row][data-error]")).to_have_count(1)
    expect(group.get_by_test_id("clause-row")).to_have_attribute("data-error", "true")

    group.get_by_test_id("clause-remove").click()  # the group is left empty
    page.get_by_test_id("save-draft").click()
    said = "第 1 组还没有条件：请添加条件，或删除该组。"
    expect(page.get_by_test_id("error-criteria")).to_contain_text(said)
    expect(group).to_have_attribute("data-error", "true")
    expect(group.get_by_test_id("group-error")).to_have_text(said)
    page.screenshot(path="test-artifacts/policy-builder-empty-group.png", full_page=True)
    assert not policy.versions.filter(published_at__isnull=True).exists()
