"""Issue 11's whole path in Chromium with the demo users on the real demo data (`load_demo`),
from the application to the money paid:

1. hengtian (河南恒天久大实业有限公司) opens the 知识产权（专利）奖励 (the one 需申报 demo policy
   it has not applied to), presses 申报: the one fact the policy reads (授权专利数, 11) is
   verified, so nothing is asked; uploads the two required materials (PDF), sees the
   pre-check (met, 55,000.00) and submits;
2. lili (经济发展部, 推荐单位审核) returns it: the audit report is not stamped;
3. hengtian uploads the stamped audit report and resubmits: version 2 (the application form
   kept from version 1), version 1 kept with its own files;
4. lili approves; at 专家评审 draws two experts (random: 吴工 is always left out for his
   declared tie with 恒天); a drawn expert linked to a demo account (zanminghui, wanfei)
   scores online, any other one's paper sheet is recorded by lili from the draw page; lili
   approves with the mean shown;
5. reviewer (河南省工业和信息化厅, 省厅复核) approves with the proposed award;
6. the public notice page shows the award without a login;
7. the notice period passes: its dates are moved into the past (the only shortcut, as in
   test_applications_flow.py); lili closes the notice and decides: the money is committed;
8. lili records a disbursement of the decided amount with a payment reference on the fund
   page; the fund page's totals include it, and hengtian's 已享受政策 page shows the payment
   with its reference.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.applications.models import Application
from gaoxin.applications.tests.factories import PDF
from gaoxin.audit.models import AuditEvent
from gaoxin.core.money import format_yuan
from gaoxin.demo.seed import DEMO_PASSWORD
from gaoxin.enterprises.models import Enterprise
from gaoxin.experts.models import Draw, Expert
from gaoxin.funds.models import Commitment, Fund, LedgerEntry
from gaoxin.policies.models import Policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HENGTIAN = "河南恒天久大实业有限公司"
PATENTS = "郑州高新区知识产权（专利）奖励"
ONLINE = ("zanminghui", "wanfei")  # the demo's advisor accounts linked to expert rows
AMOUNT = Decimal("55000")  # hengtian's 11 verified patents × 5,000 yuan


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def demo():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    policy = Policy.objects.get(title=PATENTS, is_sample=True)
    fund = Fund.objects.get(policy=policy, year=timezone.localdate().year)
    return {"policy": policy, "fund": fund, "enterprise": Enterprise.objects.get(name=HENGTIAN)}


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def decide(page, action: str, opinion: str, points: str = "", amount: str = "") -> None:
    page.check(f"input[name=action][value={action}]")
    page.fill("#id_opinion", opinion)
    if points:
        page.fill("#id_points", points)
    if amount:
        page.fill("#id_amount", amount)
    page.get_by_test_id("decide").click()


def open_current_review(page, number: str) -> None:
    page.goto("/applications/reviews/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("decision-form")).to_be_visible()


def fill_scores(page, share: Decimal) -> None:
    """Every item of the score form at ``share`` of its maximum."""
    form = page.get_by_test_id("score-form")
    expect(form).to_be_visible()
    for field in form.locator("input[type=number]").all():
        field.fill(str(Decimal(field.get_attribute("max")) * share))
    page.get_by_test_id("submit").click()


def upload(page, kind: str, name: str) -> None:
    page.select_option("#id_kind", kind)
    page.set_input_files(
        "[data-testid=material-file]",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("materials")).to_contain_text(name)


def apply_and_submit(page, policy) -> str:
    """Step 1: hengtian applies from the policy page, sees the pre-check and submits."""
    as_user(page, "hengtian")
    page.goto(f"/policies/{policy.pk}/")
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("application-form")).to_be_visible()
    # the one fact the policy reads is verified in the registry (11 patents): nothing asked
    expect(page.get_by_test_id("verified-patents_granted")).to_contain_text("11")
    expect(page.locator("[data-testid^=fact-]")).to_have_count(0)
    upload(page, "申请表", "申请表.pdf")
    upload(page, "审计报告", "审计报告（未盖章）.pdf")
    expect(page.get_by_test_id("pre-check-status")).to_have_text("符合")
    expect(page.get_by_test_id("pre-check-amount")).to_contain_text(format_yuan(AMOUNT))
    expect(page.get_by_test_id("pre-check-warning")).to_have_count(0)
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("status-in_review")).to_be_visible()
    number = Application.objects.get(policy=policy, enterprise__name=HENGTIAN).number
    expect(page.locator("h1")).to_contain_text(number)
    return number


def return_and_resubmit(page, number: str) -> None:
    """Steps 2 and 3: returned with points to fix, fixed and resubmitted as version 2."""
    as_user(page, "lili")
    open_current_review(page, number)
    decide(page, "return", "审计报告未加盖公章", points="请上传加盖会计师事务所公章的审计报告")
    expect(page.get_by_test_id("status-returned")).to_be_visible()

    as_user(page, "hengtian")
    page.goto("/applications/")
    page.get_by_test_id("application-row").filter(has_text=number).get_by_test_id(
        "edit-link"
    ).click()
    expect(page.get_by_test_id("points-to-fix")).to_contain_text("加盖会计师事务所公章")
    expect(page.get_by_test_id("materials")).to_contain_text("申请表.pdf")  # kept from v1
    upload(page, "审计报告", "审计报告（盖章）.pdf")
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("status-in_review")).to_be_visible()
    expect(page.get_by_test_id("versions")).to_contain_text("v2")
    expect(page.get_by_test_id("versions")).to_contain_text("v1")


def score_online(page, username: str) -> None:
    as_user(page, username)
    page.goto("/experts/mine/")
    page.get_by_test_id("pending").get_by_role("link").filter(has_text=HENGTIAN).click()
    fill_scores(page, Decimal("0.8"))
    expect(page.get_by_test_id("done")).to_contain_text(HENGTIAN)


def record_paper_sheets(page, number: str, experts: list[Expert]) -> None:
    """lili, from the review page, opens the draw page and records each paper sheet."""
    open_current_review(page, number)
    page.get_by_test_id("draw-link").click()
    expect(page.get_by_test_id("replay")).to_contain_text("一致")
    expect(page.get_by_test_id("excluded")).to_contain_text("吴工（示例）")  # the declared tie
    for expert in experts:
        row = page.get_by_test_id("scores").locator("tbody tr").filter(has_text=expert.name)
        row.get_by_role("link", name="录入纸质评分表").click()
        fill_scores(page, Decimal("0.7"))
        row = page.get_by_test_id("scores").locator("tbody tr").filter(has_text=expert.name)
        expect(row).to_contain_text("纸质评分表")  # "paper sheet recorded by" lili


def experts_stage(page, number: str) -> Draw:
    """Step 4: approved by the recommending unit; experts drawn and scoring; approved."""
    as_user(page, "lili")
    open_current_review(page, number)
    decide(page, "approve", "同意推荐")
    open_current_review(page, number)
    page.get_by_test_id("draw").click()
    expect(page.get_by_test_id("draw-summary")).to_be_visible()
    draw = Draw.objects.get(enterprise__name=HENGTIAN)
    drawn = list(Expert.objects.filter(pk__in=draw.drawn).select_related("user"))
    assert len(drawn) == 2 and "吴工（示例）" not in {e.name for e in drawn}
    online = [e for e in drawn if e.user is not None and e.user.username in ONLINE]
    paper = [e for e in drawn if e not in online]
    record_paper_sheets(page, number, paper)
    for expert in online:
        score_online(page, expert.user.username)
    mean = draw.aggregate_summary.mean
    assert mean is not None and draw.assignments.filter(submitted_at__isnull=True).count() == 0
    as_user(page, "lili")
    open_current_review(page, number)
    expect(page.get_by_test_id("aggregate")).to_contain_text(str(mean))
    decide(page, "approve", "专家评审通过")
    return draw


def province_and_notice(page, number: str) -> None:
    """Steps 5 and 6: the province proposes the award; the public page shows it."""
    as_user(page, "reviewer")
    open_current_review(page, number)
    decide(page, "approve", "复核通过", amount=str(AMOUNT))
    expect(page.get_by_test_id("status-publication")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/applications/notices/")
    notice = page.get_by_test_id("notice").filter(has_text=HENGTIAN)
    expect(notice).to_contain_text(PATENTS)
    expect(notice.get_by_test_id("proposed")).to_contain_text(format_yuan(AMOUNT))


def notice_over_and_decide(page, number: str) -> None:
    """Step 7: the notice period passes (the shortcut); closed and decided."""
    past = timezone.localdate() - datetime.timedelta(days=10)
    Application.objects.filter(number=number).update(
        notice_starts_on=past, notice_ends_on=past + datetime.timedelta(days=5)
    )
    as_user(page, "lili")
    open_current_review(page, number)
    decide(page, "approve", "公示期满无异议")
    open_current_review(page, number)
    decide(page, "approve", "同意拨付", amount=str(AMOUNT))
    expect(page.get_by_test_id("status-decided")).to_be_visible()
    expect(page.get_by_test_id("decided")).to_contain_text(format_yuan(AMOUNT))
    expect(page.get_by_test_id("replay")).to_be_visible()


def disburse(page, fund: Fund, reference: str) -> None:
    """Step 8: lili pays the decided amount from the fund page."""
    page.goto("/funds/")
    page.get_by_role("link", name=fund.name).click()
    row = page.get_by_test_id("commitment-row").filter(has_text=HENGTIAN)
    expect(row).to_contain_text(format_yuan(AMOUNT))
    row.get_by_test_id("disburse").click()
    expect(page.get_by_test_id("commitment-summary")).to_contain_text(HENGTIAN)
    page.fill("#id_amount", str(AMOUNT))
    page.fill("#id_reference", reference)
    page.get_by_test_id("step-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("fund-totals")).to_be_visible()


def files(version) -> set[str]:
    return set(version.materials.values_list("attachment__original_name", flat=True))


def test_demo_users_apply_review_decide_and_pay(page, demo):
    policy, fund = demo["policy"], demo["fund"]
    committed_before, paid_before = fund.committed, fund.paid
    reference = f"郑高财拨〔{timezone.localdate().year}〕恒天-专利-01号"

    number = apply_and_submit(page, policy)
    application = Application.objects.get(number=number)
    assert application.enterprise == demo["enterprise"] and application.policy == policy
    return_and_resubmit(page, number)
    draw = experts_stage(page, number)
    province_and_notice(page, number)
    notice_over_and_decide(page, number)
    disburse(page, fund, reference)

    # the fund page: totals and the ledger entry with its reference
    expect(page.get_by_test_id("committed")).to_contain_text(format_yuan(committed_before + AMOUNT))
    expect(page.get_by_test_id("paid")).to_contain_text(format_yuan(paid_before + AMOUNT))
    entry_row = page.get_by_test_id("entry-row").filter(has_text=reference)
    expect(entry_row).to_contain_text(HENGTIAN)
    expect(entry_row).to_contain_text(format_yuan(AMOUNT))

    # 已享受政策: hengtian sees the commitment and the payment with its reference
    as_user(page, "hengtian")
    page.goto("/funds/enjoyed/")
    enjoyed = page.get_by_test_id("enjoyed-row").filter(has_text=PATENTS)
    expect(enjoyed).to_contain_text(format_yuan(AMOUNT))
    payment = page.get_by_test_id("payment-row").filter(has_text=reference)
    expect(payment).to_contain_text(PATENTS)
    expect(payment).to_contain_text(format_yuan(AMOUNT))

    # the database agrees
    application.refresh_from_db()
    assert application.status == "decided"
    assert application.decided_amount == AMOUNT
    assert list(application.versions.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
    ]
    v1, v2 = application.versions.order_by("number")
    assert files(v1) == {"申请表.pdf", "审计报告（未盖章）.pdf"}
    assert files(v2) == {"申请表.pdf", "审计报告（盖章）.pdf"}
    commitment = Commitment.objects.get(fund=fund, enterprise=demo["enterprise"])
    assert commitment.amount == AMOUNT and commitment.source == application
    payment_entry = LedgerEntry.objects.get(commitment=commitment, kind="disbursement")
    assert payment_entry.amount == AMOUNT and payment_entry.reference == reference
    assert payment_entry.actor.username == "lili"
    fund.refresh_from_db()
    assert (fund.committed, fund.paid) == (committed_before + AMOUNT, paid_before + AMOUNT)
    assert draw.assignments.filter(submitted_at__isnull=False).count() == 2

    # every transition audited, by the demo user who made it
    events = AuditEvent.objects.filter(object_id=str(application.pk))
    app_actions = list(
        events.filter(action__startswith="applications.application.")
        .order_by("pk")
        .values_list("action", "actor__username")
    )
    assert [a for a in app_actions if not a[0].endswith((".save", ".create"))] == [
        ("applications.application.submit", "hengtian"),
        ("applications.application.return", "lili"),
        ("applications.application.resubmit", "hengtian"),
        ("applications.application.publish", "reviewer"),
        ("applications.application.decide", "lili"),
    ]
    review_actions = list(
        AuditEvent.objects.filter(
            action__startswith="applications.review.",
            object_id__in=[str(pk) for pk in application.reviews.values_list("pk", flat=True)],
        )
        .exclude(action="applications.review.open")
        .order_by("pk")
        .values_list("action", "actor__username")
    )
    assert review_actions == [
        ("applications.review.return", "lili"),
        ("applications.review.approve", "lili"),
        ("applications.review.approve", "lili"),
        ("applications.review.approve", "reviewer"),
        ("applications.review.approve", "lili"),
        ("applications.review.approve", "lili"),
    ]
    assert AuditEvent.objects.filter(
        action="funds.commitment.create", object_id=str(commitment.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="funds.disbursement.create", actor__username="lili"
    ).exists()
