"""Events in Chromium (strict CSP): a visitor finds an open event from the public portal and
registers; the park operator sees the registration with the phone in full and cancels it after
a confirmation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.events.models import Registration
from gaoxin.events.tests.factories import open_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_a_visitor_registers_and_the_operator_cancels(page, world):
    event = open_event(world.a, title="首台(套)政策宣讲会", capacity=10)

    page.goto("/public/")
    page.get_by_test_id("portal-events-link").click()
    page.get_by_test_id("event-row").filter(has_text=event.title).click()
    page.fill("#id_name", "访客甲")
    page.fill("#id_phone", "139-1234-5678")
    page.get_by_test_id("register-submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Registration.objects.get().phone == "13912345678"

    page.context.clear_cookies()
    login(page, world.a.users[Role.PARK_OPERATOR].username)
    page.goto(f"/events/{event.pk}/")
    page.get_by_test_id("registrations").click()
    expect(page.get_by_test_id("registration-row")).to_contain_text("13912345678")
    page.get_by_test_id("cancel").click()
    page.get_by_test_id("confirm-cancel").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Registration.objects.get().status == "cancelled"
