"""Parks in Chromium: the park operator opens its park from the navigation bar, filters the
free units, lets one to an enterprise of the zone with a reason, and the park's public page no
longer offers that unit (and never names an occupant)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.parks.models import Space
from gaoxin.parks.tests.factories import make_building, make_space

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def test_the_operator_lets_a_free_unit_and_the_public_page_follows(page, world):
    building = make_building(world.a.park, "研发楼 A")
    make_space(building, "A101", "420")
    make_space(building, "A102", "300", note="朝南")
    firm = world.a.enterprise

    login(page, world.a.users[Role.PARK_OPERATOR].username)
    page.wait_for_url("**/overview/")
    page.get_by_test_id("nav-group-parks").click()
    page.locator("nav a.dropdown-item[href='/parks/']").click()
    page.wait_for_url("**/parks/")
    page.get_by_test_id("park-row").get_by_role("link").first.click()
    expect(page.get_by_test_id("total-units")).to_have_text("2 / 2")

    page.get_by_test_id("free-only").click()
    expect(page.get_by_test_id("space-row")).to_have_count(2)
    page.get_by_test_id("change-occupancy").first.click()
    page.select_option("#id_occupancy", "occupied")
    page.select_option("#id_occupant", str(firm.pk))
    page.fill("#id_reason", "租赁合同已签订")
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("total-units")).to_have_text("1 / 2")
    expect(page.get_by_test_id("occupancy-rate")).to_have_text("58.3%")  # 420 / 720

    space = Space.objects.get(code="A101")
    assert space.occupancy == "occupied" and space.occupant == firm
    assert space.area == Decimal("420.00")

    page.get_by_test_id("public-link").click()
    expect(page.get_by_test_id("public-space")).to_have_count(1)
    expect(page.get_by_test_id("public-spaces")).to_contain_text("A102")
    expect(page.get_by_test_id("public-spaces")).not_to_contain_text("A101")
    expect(page.locator("main")).not_to_contain_text(firm.name)
