"""An enterprise user declares a heavy-load robot model: the live check answers while typing
(HTMX, nothing saved), the saved declaration shows every indicator with its margin."""

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.firstset.demo import load_firstset_demo
from gaoxin.firstset.models import CatalogEntry, Declaration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_declare_a_model_with_the_live_check(page, world):
    load_firstset_demo()
    robot = CatalogEntry.objects.get(equipment_name="重载工业机器人")
    login(page, world.a.users[Role.ENTERPRISE_USER].username)
    page.wait_for_url("**/")
    page.goto(f"/firstset/declarations/new/?entry={robot.pk}")
    form = page.get_by_test_id("declaration-form")
    form.locator("input[name=model_name]").fill("HR-650")
    form.locator("[data-indicator='额定负载']").fill("650")
    expect(page.get_by_test_id("live-row")).to_have_count(3)  # the live check answered
    assert "150" in page.get_by_test_id("live-check").inner_text()
    assert not Declaration.objects.exists()  # the live check saves nothing
    form.locator("[data-indicator='重复定位精度(±)']").fill("0.05")
    form.locator("[data-indicator='平均无故障工作时间(MTBF)']").fill("52000")
    page.get_by_test_id("save-declaration").click()
    page.wait_for_url("**/firstset/declarations/*/")
    expect(page.get_by_test_id("meets-all")).to_be_visible()
    expect(page.get_by_test_id("check-row")).to_have_count(3)
    assert Declaration.objects.get().meets_all is True
