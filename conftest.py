"""Fixtures shared by every test: users of each role in two zones, and the browser."""

from __future__ import annotations

import os
import shutil

import pytest

from gaoxin.accounts.choices import OrganisationKind, Role
from gaoxin.accounts.tests.factories import OrganisationFactory, UserFactory, ZoneFactory
from gaoxin.enterprises.tests.factories import EnterpriseFactory, ParkFactory

CHROMIUM = os.environ.get("GAOXIN_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def world(db):
    """Two zones, each with a park, an enterprise in the park, and one user per role.

    `world.a` is "our" side, `world.b` the other organisation every permission test tries.
    """

    class Side:
        pass

    def build(tag: str, region: str):
        side = Side()
        side.zone = ZoneFactory(name=f"{tag}高新区管委会", region_code=region)
        side.operator = OrganisationFactory(
            name=f"{tag}产投集团", kind=OrganisationKind.PARK_OPERATOR, zone=side.zone
        )
        side.park = ParkFactory(name=f"{tag}园区", zone=side.zone, operator=side.operator)
        side.enterprise = EnterpriseFactory(
            name=f"{tag}企业有限公司", zone=side.zone, park=side.park, region_code=region
        )
        side.province = OrganisationFactory(
            name=f"{tag}省工信厅",
            kind=OrganisationKind.PROVINCIAL_DEPARTMENT,
            zone=None,
            region_code=region[:2] + "0000",
        )
        side.advisors = OrganisationFactory(
            name=f"{tag}顾问机构", kind=OrganisationKind.ADVISOR_INSTITUTION
        )
        orgs = {
            Role.ZONE_OFFICIAL: side.zone,
            Role.PARK_OPERATOR: side.operator,
            Role.PROVINCIAL_REVIEWER: side.province,
            Role.ENTERPRISE_USER: side.enterprise.organisation,
            Role.ADVISOR: side.advisors,
            Role.AUDITOR: side.zone,
            Role.SYSTEM_ADMIN: side.zone,
            Role.SECURITY_ADMIN: side.zone,
        }
        side.users = {
            role: UserFactory(username=f"{tag}_{role}", role=role, organisation=org)
            for role, org in orgs.items()
        }
        return side

    w = Side()
    w.a = build("a", "410171")
    w.b = build("b", "330100")
    return w


# world.a's users, by role, for the tests of every app.


@pytest.fixture
def official(world):
    return world.a.users[Role.ZONE_OFFICIAL]


@pytest.fixture
def operator(world):
    return world.a.users[Role.PARK_OPERATOR]


@pytest.fixture
def reviewer(world):
    return world.a.users[Role.PROVINCIAL_REVIEWER]


@pytest.fixture
def member(world):
    """A user of world.a.enterprise itself."""
    return world.a.users[Role.ENTERPRISE_USER]


@pytest.fixture
def sysadmin(world):
    return world.a.users[Role.SYSTEM_ADMIN]


@pytest.fixture
def secadmin(world):
    return world.a.users[Role.SECURITY_ADMIN]


@pytest.fixture
def auditor(world):
    return world.a.users[Role.AUDITOR]


@pytest.fixture(scope="session")
def browser_path() -> str:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make test`, which installs it.")
    return CHROMIUM


@pytest.fixture(scope="session")
def _playwright():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright, browser_path):
    browser = _playwright.chromium.launch(
        executable_path=browser_path,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    violations = watch_csp(page)
    yield page
    os.makedirs("test-artifacts", exist_ok=True)
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


# Playwright's init scripts are not subject to the page's CSP, so this listener runs everywhere.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("Content Security Policy violation: " + e.violatedDirective + " blocked " +
                (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def watch_csp(page) -> list[str]:
    """Collect every CSP violation of `page` (Chromium's own console message, and the
    securitypolicyviolation event): every browser test fails on one (the `page` fixture)."""
    violations: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on("console", on_console)
    return violations


def login(page, username: str, password: str | None = None) -> None:
    from gaoxin.accounts.tests.factories import TEST_PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or TEST_PASSWORD)
    page.click("[data-testid=login-submit]")


@pytest.fixture(autouse=True)
def _fresh_working_day_cache():
    """No test sees the entered holiday arrangements another test left in the cache."""
    from gaoxin.core import workdays

    workdays.clear_cache()
    yield
    workdays.clear_cache()
