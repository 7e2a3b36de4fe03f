"""Issue 12's investment path in Chromium with the demo data (`load_demo`):

chenjinge (高新产投, park operator of MedPark) records a lead in MedPark (segment 医学影像设备
when the chain demo is there), moves it visit → negotiate → sign at the seed conference with the
agreement (a PDF), settles it (a wrong credit code first: the field says what is wrong; then a
valid one), and sees: the funnel's counts go up (`funnel-count`), the park's enterprise list
(`parks:detail`, rows `park-enterprise`) holding the new firm, and the chain map
(`clusters:detail`) counting it in its segment (`segment-enterprises` +1, `segment-signed` +1).

The park and chain pages come from the parks and chain parts of the issue: the last assertions
are written against their contract (docs/investment.md) and need them merged.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.demo.seed import DEMO_PASSWORD
from gaoxin.enterprises.models import Enterprise
from gaoxin.enterprises.tests.factories import new_uscc
from gaoxin.events.models import Event
from gaoxin.investment.demo import CONFERENCE, MEDPARK_NAME
from gaoxin.investment.models import Lead, Signing
from gaoxin.investment.tests.factories import PDF
from gaoxin.parks.models import ChainSegment, Park, SegmentMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRM = "郑州新影医学成像科技有限公司"
SEGMENT = "医学影像设备"


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def demo():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    medpark = Park.objects.get(name=MEDPARK_NAME)
    # The events part's loader creates the conference; without it (this part alone) the test
    # makes the same row, so the path up to settling runs either way.
    Event.objects.get_or_create(
        title=CONFERENCE,
        defaults={
            "zone": medpark.zone,
            "kind": "conference",
            "starts_on": datetime.date(2025, 4, 25),
            "venue": "郑州高新·数算产业园",
        },
    )
    segment = ChainSegment.objects.filter(cluster__name="医疗器械", name=SEGMENT).first()
    return {"park": medpark, "segment": segment}


def counts(page) -> dict[str, int]:
    page.goto("/investment/funnel/")
    return {
        status: int(
            page.locator(
                f"[data-testid=funnel-row][data-status={status}] [data-testid=funnel-count]"
            ).inner_text()
        )
        for status in ("contact", "visit", "negotiation", "signed", "settled")
    }


def move(page, name: str, note: str) -> None:
    page.get_by_test_id(f"move-{name}").click()
    page.fill("#id_note", note)
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_be_visible()


def record_lead(page, demo) -> None:
    page.goto("/investment/")
    page.get_by_test_id("new-lead").click()
    page.fill("#id_firm_name", FIRM)
    page.select_option("#id_park", label=MEDPARK_NAME)
    if demo["segment"] is not None:
        page.select_option("#id_segment", value=str(demo["segment"].pk))
    page.select_option("#id_source", value="conference")
    page.fill("#id_expected_investment", "8,000")
    page.get_by_test_id("submit").click()
    expect(page.locator("h1")).to_contain_text(FIRM)


def sign(page) -> None:
    page.get_by_test_id("move-sign").click()
    page.fill("#id_signed_on", "2025-04-25")
    page.fill("#id_amount", "8000")
    page.select_option("#id_event", label=CONFERENCE)
    page.set_input_files(
        "#id_agreement",
        files=[{"name": "投资协议.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.fill("#id_note", "大会现场签约")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("agreement-link")).to_contain_text("投资协议.pdf")


def settle(page) -> str:
    page.get_by_test_id("move-settle").click()
    page.fill("#id_uscc", "91410100MA12345678")  # a wrong check digit
    page.fill("#id_note", "完成工商注册，入驻园区")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-uscc")).to_contain_text("校验码")
    uscc = new_uscc("410171")
    page.fill("#id_uscc", uscc)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("lead-enterprise")).to_contain_text(FIRM)
    return uscc


def test_a_lead_from_contact_to_settled_shows_on_the_funnel_park_and_chain_map(page, demo):
    segment = demo["segment"]
    before_members = SegmentMembership.objects.filter(segment=segment).count() if segment else 0
    before_signed = Signing.objects.filter(segment=segment).count() if segment else 0
    login(page, "chenjinge", DEMO_PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    before = counts(page)

    record_lead(page, demo)
    move(page, "visit", "实地考察园区厂房")
    move(page, "negotiate", "洽谈租金与设备补贴")
    sign(page)
    uscc = settle(page)

    lead = Lead.objects.get(firm_name=FIRM)
    assert lead.status == "settled" and lead.enterprise.uscc == uscc
    assert Enterprise.objects.filter(name=FIRM, park=demo["park"]).count() == 1
    assert lead.signing.event.title == CONFERENCE and lead.signing.agreement_sha256
    after = counts(page)
    assert after == {status: count + 1 for status, count in before.items()}

    # The park's page (parks part of issue 12) lists the firm among its enterprises.
    park_count = Enterprise.objects.filter(park=demo["park"]).count()
    page.goto(f"/parks/{demo['park'].pk}/")
    expect(page.get_by_test_id("enterprise-count")).to_have_text(str(park_count))
    # the park page shows the first ten by name; its "all enterprises" link lists every one
    page.get_by_test_id("all-enterprises").click()
    page.wait_for_url(f"**/enterprises/?park={demo['park'].pk}")
    page.fill("input[name=q]", FIRM)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("enterprise-row").filter(has_text=FIRM)).to_have_count(1)

    # The chain map (chain part of issue 12) counts it in its segment.
    assert segment is not None, "the chain demo (loader 'clusters') has no segment 医学影像设备"
    page.goto(f"/clusters/{segment.cluster_id}/")
    row = page.locator(f"[data-testid=segment-row][data-segment='{segment.pk}']")
    expect(row.get_by_test_id("segment-enterprises")).to_have_text(str(before_members + 1))
    expect(row.get_by_test_id("segment-signed")).to_have_text(str(before_signed + 1))
