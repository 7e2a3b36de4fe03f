"""The interface is Chinese by default and the switch on every page changes it."""

import pytest

from conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_is_chinese_and_switches_to_english(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "登录高新平台"
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Log in to Gaoxin"
    page.get_by_role("button", name="中文").click()
    assert page.locator("h1").inner_text() == "登录高新平台"


def test_language_choice_survives_login(page, world):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="English").click()
    login(page, world.a.users["zone_official"].username)
    page.wait_for_url("**/overview/")
    assert "Overview" in page.locator("h1").inner_text()
    page.screenshot(path="test-artifacts/overview-en.png", full_page=True)
