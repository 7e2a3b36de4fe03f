"""Issue 14's service path in Chromium, as its users walk it:

1. an enterprise user asks for help on 医疗器械注册合规; the request is routed to the compliance
   advisor — not to the compliance advisor who declared a tie with the enterprise, not to the
   one on leave, not to the technology-transfer advisor — and the page says why;
2. the advisor accepts it, schedules a meeting and records the outcome; the enterprise rates it;
3. a seminar with one seat fills up: the next registrant goes to the waiting list, then moves up
   when the first one cancels.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.accounts.tests.factories import UserFactory
from gaoxin.enterprises.tests.factories import EnterpriseFactory
from gaoxin.experts.tests.factories import TieFactory
from gaoxin.services.domains import ensure_standard_domains
from gaoxin.services.models import SeminarSeat, ServiceRequest
from gaoxin.services.tests.factories_events import make_seminar
from gaoxin.services.tests.factories_requests import AdvisorFactory, advisor_with_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def cast(world):
    ensure_standard_domains()  # a transactional test starts from a flushed database
    zone = world.a.zone
    compliance = advisor_with_account(zone, ["device_registration"], name="万飞")
    tied = advisor_with_account(zone, ["device_registration"], name="吴工")
    TieFactory(expert=tied.expert, enterprise=world.a.enterprise)
    AdvisorFactory(
        zone=zone,
        domains=["device_registration"],
        available=False,
        unavailable_until=timezone.localdate() + datetime.timedelta(days=10),
        unavailable_reason="外出培训",
    )
    AdvisorFactory(zone=zone, domains=["tech_transfer"])
    other = EnterpriseFactory(name="郑州另一家医疗科技有限公司", zone=zone, park=world.a.park)
    other_user = UserFactory(role=Role.ENTERPRISE_USER, organisation=other.organisation)
    return {
        "enterprise_user": world.a.users[Role.ENTERPRISE_USER],
        "advisor": compliance,
        "other_user": other_user,
        "zone": zone,
    }


def step(page, name: str, fill: dict[str, str] | None = None) -> None:
    page.get_by_test_id(f"step-{name}").click()
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    page.get_by_test_id("submit").click()


def test_request_routed_scheduled_completed_and_rated(page, cast):
    login(page, cast["enterprise_user"].username)
    page.goto("/services/requests/new/")
    page.select_option("#id_domain", label="· 医疗器械注册合规")  # a finer domain of 合规运营
    page.fill("#id_title", "二类医疗器械注册检验咨询")
    page.fill("#id_description", "拟申报一款二类医疗器械，需要了解注册检验与技术审评要求。")
    page.get_by_test_id("submit").click()

    # routed to the compliance advisor, with the reason shown to the enterprise
    expect(page.get_by_test_id("request-advisor")).to_have_text("万飞")
    reason = page.get_by_test_id("routing-reason")
    expect(reason).to_contain_text("万飞")
    expect(reason).to_contain_text("医疗器械注册合规")
    expect(page.get_by_test_id("candidates")).to_have_count(0)  # the internals stay internal
    req = ServiceRequest.objects.get(title="二类医疗器械注册检验咨询")
    assert req.advisor == cast["advisor"] and req.status == "assigned"
    assert req.respond_by is not None and req.respond_by > timezone.localdate()
    detail = page.url

    # the advisor accepts, schedules and records the outcome
    page.context.clear_cookies()
    login(page, cast["advisor"].expert.user.username)
    page.goto(detail)
    step(page, "accept")
    expect(page.get_by_test_id("request-status")).to_contain_text("已受理")
    when = (timezone.localtime() + datetime.timedelta(days=3)).replace(hour=10, minute=0)
    step(page, "schedule", {"#id_scheduled_for": when.strftime("%Y-%m-%dT%H:%M"),
                            "#id_location": "MedPark 服务中心 201"})  # fmt: skip
    expect(page.get_by_test_id("request-status")).to_contain_text("已约定")
    step(page, "complete", {"#id_outcome": "已梳理注册检验项目清单与临床评价路径。"})
    expect(page.get_by_test_id("request-outcome")).to_contain_text("临床评价路径")

    # the enterprise rates it
    page.context.clear_cookies()
    login(page, cast["enterprise_user"].username)
    page.goto(detail)
    page.get_by_test_id("step-rate").click()
    page.check("input[name=stars][value='5']")
    page.fill("#id_comment", "解答专业及时")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("request-rating")).to_contain_text("★★★★★")
    req.refresh_from_db()
    assert (req.status, req.rating) == ("rated", 5)


def register(page, name: str, phone: str) -> None:
    form = page.get_by_test_id("register-form")
    form.locator("#id_name").fill(name)
    form.locator("#id_phone").fill(phone)
    page.get_by_test_id("register").click()


def test_seminar_fills_then_the_waiting_list_moves_up(page, cast):
    seminar = make_seminar(cast["zone"], capacity=1)
    url = f"/services/seminars/{seminar.pk}/"

    login(page, cast["enterprise_user"].username)
    page.goto(url)
    register(page, "张晓峰", "13900001111")
    expect(page.get_by_test_id("my-seat")).to_contain_text("已报名")
    expect(page.get_by_test_id("capacity")).to_contain_text("1/1")

    page.context.clear_cookies()
    login(page, cast["other_user"].username)
    page.goto(url)
    expect(page.get_by_test_id("register")).to_contain_text("等候名单")
    register(page, "李娜", "13900002222")
    expect(page.get_by_test_id("my-seat")).to_contain_text("第 1 位")
    waiting = SeminarSeat.objects.get(seminar=seminar, phone="13900002222")
    assert waiting.status == "waiting"

    # the first registrant cancels: the waiting one moves up
    page.context.clear_cookies()
    login(page, cast["enterprise_user"].username)
    page.goto(url)
    page.get_by_test_id("cancel-mine").click()
    page.get_by_test_id("confirm-cancel").click()
    waiting.refresh_from_db()
    assert waiting.status == "registered" and waiting.promoted_at is not None

    page.context.clear_cookies()
    login(page, cast["other_user"].username)
    page.goto(url)
    expect(page.get_by_test_id("my-seat")).to_contain_text("已报名")
