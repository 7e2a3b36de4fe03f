"""Issue 11's whole path in Chromium, on real dates (applications, expert review, notice,
decision, ledger):

1. the enterprise user opens the policy, presses 申报, uploads the application form (PDF),
   declares the missing fact, sees the pre-check and submits;
2. the recommending unit (a zone official) returns it with the points to fix;
3. the enterprise fixes the fact and resubmits: version 2, version 1 kept;
4. the official approves; at the expert stage draws two experts, who score online (the two
   advisors); the official approves with the mean shown;
5. the provincial reviewer approves with the proposed award;
6. the public notice page shows the award without a login;
7. the notice period passes (its dates are moved into the past: the only shortcut), the
   official closes the notice and decides: the money is committed in the fund's ledger;
8. the fund page and the enterprise's 已享受政策 page show it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.applications.models import Application
from gaoxin.applications.tests.factories import PDF, add_stages, make_policy, verified_figures
from gaoxin.experts.tests.factories import ExpertFactory, ScoreSheetFactory
from gaoxin.funds import services as funds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def setup(world):
    a = world.a
    policy = make_policy(a.zone, title="知识产权奖励（浏览器测试）")
    add_stages(policy, a, kinds=("review", "expert", "review_pr", "publication", "decision"))
    ScoreSheetFactory(policy=policy)
    second = UserFactory(username="a_advisor_2", role=Role.ADVISOR, organisation=a.advisors)
    ExpertFactory(zone=a.zone, name="赞明辉", fields=["技术转化"], user=a.users[Role.ADVISOR])
    ExpertFactory(zone=a.zone, name="万飞", fields=["技术转化"], user=second)
    verified_figures(a.enterprise)
    fund = funds.fund_create(actor=None, policy=policy, year=timezone.localdate().year,
                       budget=Decimal("2000000"), per_enterprise_cap=None)  # fmt: skip
    return {"policy": policy, "fund": fund, "advisors": [a.users[Role.ADVISOR], second]}


def as_user(page, user):
    page.context.clear_cookies()
    login(page, user.username)


def decide(page, action: str, opinion: str, points: str = "", amount: str = ""):
    page.check(f"input[name=action][value={action}]")
    page.fill("#id_opinion", opinion)
    if points:
        page.fill("#id_points", points)
    if amount:
        page.fill("#id_amount", amount)
    page.click("[data-testid=decide]")


def open_current_review(page, number: str):
    page.goto("/applications/reviews/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("decision-form")).to_be_visible()


def test_apply_review_notice_decide(page, world, setup):
    a, policy = world.a, setup["policy"]
    enterprise_user, official = a.users[Role.ENTERPRISE_USER], a.users[Role.ZONE_OFFICIAL]

    # 1. apply with an upload
    as_user(page, enterprise_user)
    page.goto(f"/policies/{policy.pk}/")
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("verified-revenue")).to_be_visible()
    page.set_input_files(
        "[data-testid=material-file]",
        files=[{"name": "申请表.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("material")).to_contain_text("申请表.pdf")
    page.fill("[data-testid=fact-patents_granted]", "8")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("pre-check-warning")).to_be_visible()  # 8 < 10 patents: warns
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("status-in_review")).to_be_visible()
    number = Application.objects.get().number

    # 2. the recommending unit returns it
    as_user(page, official)
    open_current_review(page, number)
    decide(page, "return", "专利数量不足", points="请核对授权专利数并补充证书")
    expect(page.get_by_test_id("status-returned")).to_be_visible()

    # 3. fixed and resubmitted: a second version
    as_user(page, enterprise_user)
    page.goto("/applications/")
    page.get_by_test_id("edit-link").first.click()
    expect(page.get_by_test_id("points-to-fix")).to_contain_text("补充证书")
    page.fill("[data-testid=fact-patents_granted]", "12")
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("versions")).to_contain_text("v2")
    expect(page.get_by_test_id("versions")).to_contain_text("v1")

    # 4. first stage approved; experts drawn and scoring online
    as_user(page, official)
    open_current_review(page, number)
    decide(page, "approve", "同意推荐")
    open_current_review(page, number)
    page.get_by_test_id("draw").click()
    for advisor in setup["advisors"]:
        as_user(page, advisor)
        page.goto("/experts/mine/")
        page.get_by_test_id("pending").get_by_role("link").first.click()
        for field in page.locator("[data-testid=score-form] input[type=number]").all():
            field.fill(str(int(Decimal(field.get_attribute("max")) * 8 / 10)))
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("done")).to_contain_text(policy.title)
    as_user(page, official)
    open_current_review(page, number)
    expect(page.get_by_test_id("expert-review")).to_be_visible()
    decide(page, "approve", "专家评审通过")

    # 5. the province approves with the proposed award
    as_user(page, a.users[Role.PROVINCIAL_REVIEWER])
    open_current_review(page, number)
    decide(page, "approve", "复核通过", amount="100000")
    expect(page.get_by_test_id("status-publication")).to_be_visible()

    # 6. the public notice, no login
    page.context.clear_cookies()
    page.goto("/applications/notices/")
    expect(page.get_by_test_id("notice")).to_contain_text(a.enterprise.name)
    expect(page.get_by_test_id("proposed")).to_contain_text("100,000.00")

    # 7. the notice period passes; the notice stage is closed and the award decided
    past = timezone.localdate() - datetime.timedelta(days=10)
    Application.objects.filter(number=number).update(
        notice_starts_on=past, notice_ends_on=past + datetime.timedelta(days=5)
    )
    as_user(page, official)
    open_current_review(page, number)
    decide(page, "approve", "公示期满无异议")
    open_current_review(page, number)
    decide(page, "approve", "同意拨付", amount="100000")
    expect(page.get_by_test_id("status-decided")).to_be_visible()
    expect(page.get_by_test_id("replay")).to_be_visible()
    commitment = setup["fund"].commitments.get()
    assert commitment.amount == Decimal("100000.00")

    # 8. the fund page and 已享受政策
    page.goto(f"/funds/{setup['fund'].pk}/")
    expect(page.locator("body")).to_contain_text(number)  # the commitment's source
    expect(page.locator("body")).to_contain_text(a.enterprise.name)
    as_user(page, enterprise_user)
    page.goto("/funds/enjoyed/")
    expect(page.locator("body")).to_contain_text(policy.title)
    expect(page.locator("body")).to_contain_text("100,000.00")
