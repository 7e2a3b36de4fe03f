"""Pages under the Content-Security-Policy in Chromium: the charts draw, htmx works, and the
watcher of the `page` fixture (conftest.watch_csp) does catch a violation."""

from __future__ import annotations

import pytest

from conftest import login, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inline_script_is_refused_and_reported(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    violations = watch_csp(page)
    page.goto("/accounts/login/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = 1"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.injected") is None
    assert violations and "script-src" in " ".join(violations)
    context.close()


def test_the_overview_draws_its_charts_and_the_filter_form_works(page, world):
    login(page, world.a.users["zone_official"].username)
    page.goto("/")
    page.wait_for_selector("#figure-enterprises-stage [data-figure-chart] canvas")
    page.goto("/enterprises/")
    page.get_by_test_id("search").fill(world.a.enterprise.name[:2])
    page.wait_for_url("**/enterprises/?q=*")
    # empty filters were left out of the URL (static/js/filters.js)
    assert all(part.split("=", 1)[1] for part in page.url.split("?", 1)[1].split("&"))
    page.goto(f"/enterprises/{world.a.enterprise.pk}/")
    page.screenshot(path="test-artifacts/csp-enterprise.png", full_page=True)


def test_htmx_indicator_has_no_injected_style(page, world):
    login(page, world.a.users["auditor"].username)
    page.goto("/audit/")
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0
    opacity = page.evaluate(
        "() => getComputedStyle(document.getElementById('verify-spinner')).opacity"
    )
    assert opacity == "0"
    page.get_by_test_id("verify").click()
    page.wait_for_selector("#verify-result :is(.alert, div, p)")
