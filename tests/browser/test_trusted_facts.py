"""Issue 9's scenario in Chromium: a declaration counts for nothing until an official verifies it.

1. The enterprise user of zone A's enterprise declares 高新技术企业 with the certificate's scan;
   the profile shows it awaiting verification, and the policy calculator shows the 高企 reward
   as met, marked 含未核验数据.
2. The zone official's live count of the 高企 reward (the policy builder) is unchanged: 1, the
   other firm with a verified certificate.
3. The official opens the verification queue, reads the declaration with its scan, verifies it;
   the count rises to 2, and the new round lists the firm with the verified facts it qualified
   on and where they came from.
4. The enterprise declares a second qualification; the official rejects it with a reason; the
   enterprise reads the reason in its inbox.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.enterprises.choices import RecordStatus
from gaoxin.enterprises.models import FactRecord, Qualification
from gaoxin.enterprises.tests.evidence import PDF_BYTES
from gaoxin.enterprises.tests.factories import EnterpriseFactory, QualificationFactory
from gaoxin.grants import services as grants
from gaoxin.policies.choices import DeliveryMode
from gaoxin.policies.services import article_set, policy_create, version_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "高新技术企业认定奖励"
CRITERIA = {
    "clause": {"article": "第二条", "label": "有效期内的高新技术企业"},
    "rule": {"in": ["high_tech", {"var": "qualifications"}]},
}


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def reward(world):
    """A 免申即享 reward of zone A for 高新技术企业 (500 000 yuan), and one firm of zone A that
    already holds a verified certificate."""
    policy = policy_create(
        actor=None,
        zone=world.a.zone,
        data={
            "title": TITLE,
            "issuing_body": "管委会",
            "doc_number": "郑开管〔2025〕9号",
            "delivery_mode": DeliveryMode.NO_APPLICATION,
        },
    )
    article_set(actor=None, policy=policy, articles=[("第二条", "对高新技术企业给予奖励。")])
    version_publish(
        actor=None,
        policy=policy,
        criteria=CRITERIA,
        formula={"+": [500000, 0]},
        effective_from=datetime.date(2025, 1, 1),
    )
    holder = EnterpriseFactory(name="已认定科技有限公司", zone=world.a.zone, park=world.a.park)
    QualificationFactory(enterprise=holder, kind="high_tech", valid_from=datetime.date(2024, 1, 1))
    return policy


def switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def declare(page, enterprise, kind: str, number: str, tmp_path) -> None:
    scan = tmp_path / f"{kind}-证书扫描件.pdf"
    scan.write_bytes(PDF_BYTES)
    page.goto(f"/enterprises/{enterprise.pk}/")
    page.get_by_test_id("add-qualification").click()
    page.select_option("#id_kind", kind)
    page.fill("#id_certificate_no", number)
    page.fill("#id_valid_from", "2024-12-01")
    page.fill("#id_valid_to", "2027-11-30")
    page.set_input_files("#id_attachment", str(scan))
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("pending-declaration").first).to_be_visible()


def builder_count_is(page, policy, n: int) -> None:
    page.goto(f"/policies/manage/{policy.pk}/builder/")
    expect(page.get_by_test_id("count-text")).to_have_attribute("data-count", str(n))


def test_a_declaration_counts_only_once_verified(page, world, reward, tmp_path):
    firm = world.a.enterprise
    member = world.a.users[Role.ENTERPRISE_USER]
    official = world.a.users[Role.ZONE_OFFICIAL]

    # 1. The enterprise declares; its calculator shows the match as an estimate.
    login(page, member.username)
    declare(page, firm, "high_tech", "GR202441000123", tmp_path)
    assert not Qualification.objects.filter(enterprise=firm).exists()
    page.goto("/policies/calculator/")
    expect(page.get_by_test_id("calc-unverified")).to_contain_text("含未核验数据")
    card = page.get_by_test_id("calc-policy").filter(has_text=TITLE)
    expect(card).to_have_attribute("data-status", "met")
    expect(card.get_by_test_id("calc-unverified-badge")).to_be_visible()
    page.screenshot(path="test-artifacts/trusted-calculator-estimate.png", full_page=True)

    # 2. The official's live count is unchanged.
    switch_user(page, official.username)
    builder_count_is(page, reward, 1)

    # 3. The queue: the declaration with its scan; verify; the count rises by one.
    page.goto("/enterprises/verification/")
    row = page.get_by_test_id("queue-row").filter(has_text=firm.name)
    expect(row).to_have_count(1)
    row.get_by_test_id("open-record").click()
    expect(page.get_by_test_id("changes")).to_contain_text("GR202441000123")
    expect(page.get_by_test_id("evidence-file")).to_be_visible()
    page.screenshot(path="test-artifacts/trusted-verification-detail.png", full_page=True)
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    assert Qualification.objects.filter(enterprise=firm, kind="high_tech").exists()
    builder_count_is(page, reward, 2)

    grant_round = grants.round_create(actor=official, policy=reward, as_of=timezone.localdate())
    page.goto(f"/grants/{grant_round.pk}/")
    candidate = page.locator("tr", has_text=firm.name)
    expect(candidate).to_have_count(1)
    candidate.get_by_test_id("candidate-facts").locator("summary").click()
    expect(candidate.get_by_test_id("candidate-facts")).to_contain_text("高新技术企业")
    expect(candidate.get_by_test_id("fact-source")).to_contain_text("企业填报")
    page.screenshot(path="test-artifacts/trusted-round-candidates.png", full_page=True)

    # 4. A second declaration is rejected; the enterprise reads the reason in its inbox.
    switch_user(page, member.username)
    declare(page, firm, "srdi", "ZJTX-2025-001", tmp_path)
    switch_user(page, official.username)
    page.goto("/enterprises/verification/")
    page.get_by_test_id("queue-row").filter(has_text=firm.name).get_by_test_id(
        "open-record"
    ).click()
    reason = "证书编号在省工信厅专精特新名单中查无此号，请核对后重新提交。"
    page.fill("#reject-reason", reason)
    page.get_by_test_id("reject").click()
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    assert FactRecord.objects.filter(status=RecordStatus.REJECTED, reason=reason).count() == 1

    switch_user(page, member.username)
    page.goto("/inbox/")
    expect(page.get_by_test_id("notification-list")).to_contain_text(reason)
    expect(page.get_by_test_id("notification-list")).to_contain_text(re.compile("驳回|未通过"))
    page.screenshot(path="test-artifacts/trusted-inbox-rejected.png", full_page=True)
