"""Issue 13's whole path in Chromium, on real dates (the 首台(套) program end to end):

1. 赛为机电's user declares a heavy-load robot model against the Catalog entry, sees every
   indicator met with its margin, uploads the test report;
2. applies for qualification in the open round (expected premium 2 700 000 → cap asked
   2 160 000), uploads the materials and submits;
3. the stages: 初审 (zone official) → 推荐单位审核 (provincial reviewer) → 专家评审 (two experts
   drawn, scoring online) → 公示 (its dates moved into the past: the only shortcut) → 决定 (the
   reviewer grants the cap): the qualification exists with the round's window;
4. the enterprise registers a paid insurance policy with its proof; the zone official verifies it;
5. the enterprise applies for the premium subsidy and sees the explained amount (448 000 = 80 %
   of the premium, with the rule's trace); the official recommends it and the reviewer
   allocates it: the cap ledger and the fund's commitment hold it;
6. the supervision page shows the cap used;
7. the certificate PDF is downloaded, its verification code checks on the public page (valid);
   after the reviewer revokes the qualification the page says revoked.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.applications.models import Application, ReviewStage
from gaoxin.experts.tests.factories import ExpertFactory, ScoreSheetFactory
from gaoxin.firstset.models import Declaration, InsurancePolicy, Qualification
from gaoxin.firstset.tests.factories_program import PDF, make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_FILE = {"name": "检测报告.pdf", "mimeType": "application/pdf", "buffer": PDF}


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def setup(world):
    """The open round of zone A: qualification stages 初审 (zone) → 推荐单位审核 (province) →
    专家评审 (province, two experts) → 公示 → 决定 (province); subsidy stages 推荐单位审核 (zone) →
    决定 (province); the fund of the year; two advisors in the expert pool."""
    a = world.a
    world.a.enterprise.name = "郑州赛为机电设备有限公司"
    world.a.enterprise.save()
    today = timezone.localdate()
    round_ = make_round(
        a.zone,
        year=today.year,
        province=a.province,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=3 * 365),
    )
    policy = round_.qualification_policy
    publication = policy.review_stages.get(kind="publication")
    decision = policy.review_stages.get(kind="decision")
    ReviewStage.objects.filter(pk=decision.pk).update(order=5)
    ReviewStage.objects.filter(pk=publication.pk).update(order=4)
    ReviewStage.objects.create(
        policy=policy,
        order=3,
        kind="expert",
        name="专家评审",
        owner_organisation=a.province,
        owner_role=Role.PROVINCIAL_REVIEWER,
        working_days=5,
        experts_n=2,
    )
    ScoreSheetFactory(policy=policy)
    second = UserFactory(username="a_advisor_2", role=Role.ADVISOR, organisation=a.advisors)
    ExpertFactory(zone=a.zone, name="昝明辉", fields=["技术转化"], user=a.users[Role.ADVISOR])
    ExpertFactory(zone=a.zone, name="万飞", fields=["技术转化"], user=second)
    return {"round": round_, "advisors": [a.users[Role.ADVISOR], second]}


def as_user(page, user):
    page.context.clear_cookies()
    login(page, user.username)


def decide(page, action: str, opinion: str, amount: str = ""):
    page.check(f"input[name=action][value={action}]")
    page.fill("#id_opinion", opinion)
    if amount:
        page.fill("#id_amount", amount)
    page.click("[data-testid=decide]")


def open_current_review(page, number: str):
    page.goto("/applications/reviews/")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_test_id("decision-form")).to_be_visible()


def upload_materials(page, kinds):
    for kind in kinds:
        page.select_option("#id_kind", kind)
        page.set_input_files(
            "[data-testid=material-file]", files=[{**PDF_FILE, "name": f"{kind}.pdf"}]
        )
        page.get_by_test_id("upload").click()
        expect(page.get_by_test_id("materials")).to_contain_text(f"{kind}.pdf")


def declare_the_robot(page, entry):
    page.goto(f"/firstset/declarations/new/?entry={entry.pk}")
    page.fill("#id_model_name", "SW-HR800")
    page.fill("#id_product_name", "重载搬运机器人")
    values = {"额定负载": "800", "重复定位精度": "0.05", "平均无故障工作时间": "60000"}
    for indicator in entry.indicators.all():
        page.fill(f"#id_indicator_{indicator.pk}", values[indicator.name])
    page.fill("#id_unit_value", "1,200,000")
    page.get_by_test_id("save-declaration").click()
    expect(page.get_by_test_id("meets-all")).to_be_visible()
    expect(page.get_by_test_id("check-row")).to_have_count(3)
    expect(page.get_by_test_id("check-table")).to_contain_text("300")  # 800 − 500 kg margin
    page.fill("#id_kind", "检测报告")
    page.set_input_files("#id_file", files=[PDF_FILE])
    page.get_by_test_id("upload-evidence").click()
    expect(page.get_by_test_id("evidence-list")).to_contain_text("检测报告.pdf")


def qualify(page, world, setup) -> Qualification:
    a = world.a
    official, reviewer = a.users[Role.ZONE_OFFICIAL], a.users[Role.PROVINCIAL_REVIEWER]
    page.goto("/firstset/qualifications/apply/")
    page.get_by_test_id("declaration-choices").get_by_label(re.compile("SW-HR800")).check()
    page.fill("#id_quantity", "3")
    page.fill("#id_declared_value", "3,600,000")
    page.fill("#id_expected_premium", "2,700,000")
    page.get_by_test_id("start-request").click()
    expect(page.get_by_test_id("qualification-panel")).to_contain_text("SW-HR800")
    upload_materials(page, ["资格审定申请表", "检测报告"])
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("status-in_review")).to_be_visible()
    expect(page.get_by_test_id("computed")).to_contain_text("2,160,000.00")
    number = Application.objects.get(policy=setup["round"].qualification_policy).number

    as_user(page, official)
    open_current_review(page, number)
    decide(page, "approve", "材料齐全，同意上报")
    as_user(page, reviewer)
    open_current_review(page, number)
    expect(page.get_by_test_id("rate-of-value")).to_be_visible()  # reasonableness of the value
    decide(page, "approve", "技术参数符合目录要求，申报价值合理")
    open_current_review(page, number)
    page.get_by_test_id("draw").click()
    for advisor in setup["advisors"]:
        as_user(page, advisor)
        page.goto("/experts/mine/")
        page.get_by_test_id("pending").get_by_role("link").first.click()
        for field in page.locator("[data-testid=score-form] input[type=number]").all():
            field.fill(str(int(Decimal(field.get_attribute("max")) * 8 / 10)))
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("done")).to_be_visible()
    as_user(page, reviewer)
    open_current_review(page, number)
    decide(page, "approve", "专家评审通过")
    expect(page.get_by_test_id("status-publication")).to_be_visible()

    past = timezone.localdate() - datetime.timedelta(days=10)
    Application.objects.filter(number=number).update(
        notice_starts_on=past, notice_ends_on=past + datetime.timedelta(days=5)
    )
    as_user(page, official)
    open_current_review(page, number)
    decide(page, "approve", "公示期满无异议")
    as_user(page, reviewer)
    open_current_review(page, number)
    decide(page, "approve", "同意通过资格审定", amount="2160000")
    expect(page.get_by_test_id("status-decided")).to_be_visible()
    expect(page.get_by_test_id("panel-qualification")).to_be_visible()
    qualification = Qualification.objects.get(enterprise=a.enterprise)
    assert qualification.cap == Decimal("2160000.00")
    assert (qualification.valid_from, qualification.valid_to) == (
        setup["round"].valid_from,
        setup["round"].valid_to,
    )
    return qualification


def insure(page, world, qualification) -> InsurancePolicy:
    a = world.a
    start = timezone.localdate() - datetime.timedelta(days=10)
    as_user(page, a.users[Role.ENTERPRISE_USER])
    page.goto("/firstset/insurance/new/")
    page.select_option("#id_qualification", str(qualification.pk))
    model = Declaration.objects.get(model_name="SW-HR800")
    page.select_option("#id_declaration", str(model.pk))
    page.fill("#id_insurer", "中国人民财产保险股份有限公司河南省分公司")
    page.fill("#id_number", "PICC-2026-HN-0815")
    page.fill("#id_insured_user", "河南某重工装备有限公司")
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + datetime.timedelta(days=364)).isoformat())
    page.fill("#id_sum_insured", "50,000,000")
    page.fill("#id_premium", "560,000")
    page.fill("#id_cover", "综合险(质量风险+责任风险)")
    page.fill("#id_paid_on", start.isoformat())
    page.set_input_files("#id_proof", files=[{**PDF_FILE, "name": "保费支付凭证.pdf"}])
    page.get_by_test_id("submit").click()
    policy = InsurancePolicy.objects.get(number="PICC-2026-HN-0815")

    as_user(page, a.users[Role.ZONE_OFFICIAL])
    page.goto("/firstset/insurance/queue/")
    page.get_by_test_id("queue-row").get_by_role("link", name=re.compile("PICC-2026")).first.click()
    page.goto(f"/firstset/insurance/{policy.pk}/verify/")
    page.fill("#id_reason", "保单原件与保费支付凭证已核对")
    page.get_by_test_id("submit").click()
    policy.refresh_from_db()
    assert policy.status == "verified"
    return policy


def claim(page, world, setup, qualification):
    a = world.a
    as_user(page, a.users[Role.ENTERPRISE_USER])
    page.goto(f"/firstset/claims/apply/?qualification={qualification.pk}")
    page.get_by_test_id("claim-form").get_by_label(re.compile("PICC-2026-HN-0815")).check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("subsidy-panel")).to_be_visible()
    upload_materials(page, ["保费补助资金申请表", "保费支付凭证"])
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("status-in_review")).to_be_visible()
    # the explained amount: 80 % of the premium, with the rule's trace
    expect(page.get_by_test_id("computed")).to_contain_text("448,000.00")
    expect(page.get_by_test_id("subsidy-panel")).to_contain_text("448,000.00")
    expect(page.get_by_test_id("subsidy-panel")).to_contain_text("80")
    number = Application.objects.get(policy=setup["round"].subsidy_policy).number

    as_user(page, a.users[Role.ZONE_OFFICIAL])
    open_current_review(page, number)
    decide(page, "approve", "保单与缴费凭证核对无误，同意推荐")
    as_user(page, a.users[Role.PROVINCIAL_REVIEWER])
    open_current_review(page, number)
    decide(page, "approve", "第三方复核通过，同意拨付")
    expect(page.get_by_test_id("status-decided")).to_be_visible()
    expect(page.get_by_test_id("allocated")).to_contain_text("448,000.00")
    qualification.refresh_from_db()
    assert qualification.used == Decimal("448000.00")
    assert qualification.cap_entries.get().kind == "allocate"
    fund = setup["round"].subsidy_policy.funds.get()
    assert fund.commitments.get().amount == Decimal("448000.00")


def test_declare_qualify_insure_claim_supervise_certify_revoke(page, world, setup):
    from gaoxin.firstset.tests.factories_program import current_entry

    a = world.a
    entry = current_entry()
    as_user(page, a.users[Role.ENTERPRISE_USER])
    declare_the_robot(page, entry)
    qualification = qualify(page, world, setup)
    insure(page, world, qualification)
    claim(page, world, setup, qualification)

    # the supervision page shows the cap used
    page.goto("/firstset/supervision/")
    row = page.get_by_test_id("supervision-row").filter(has_text=qualification.number)
    expect(row.get_by_test_id("allocated")).to_contain_text("448,000.00")
    expect(row.get_by_test_id("remaining")).to_contain_text("1,712,000.00")

    # the certificate's PDF, and its code on the public page
    as_user(page, a.users[Role.ENTERPRISE_USER])
    page.goto(f"/firstset/qualifications/{qualification.pk}/certificate/")
    # rendering the PDF (WeasyPrint) takes seconds on a loaded 2-core machine
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_test_id("certificate-pdf").click(timeout=60_000)
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    code = qualification.verify_code
    page.context.clear_cookies()
    page.goto("/firstset/verify/")
    page.fill("#verify-code", code)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-verdict", "valid")
    expect(page.get_by_test_id("verify-enterprise")).to_contain_text("郑州赛为机电设备有限公司")

    # revoked by the province: the public page says so
    as_user(page, a.users[Role.PROVINCIAL_REVIEWER])
    page.goto(f"/firstset/qualifications/{qualification.pk}/")
    page.get_by_test_id("revoke-link").click()
    page.fill("#id_reason", "核查发现申报材料不实")
    page.get_by_test_id("confirm-revoke").click()
    page.context.clear_cookies()
    page.goto(f"/firstset/verify/{code}/")
    expect(page.get_by_test_id("verify-result")).to_have_attribute("data-verdict", "revoked")
    expect(page.get_by_test_id("verify-revoked-on")).to_be_visible()
