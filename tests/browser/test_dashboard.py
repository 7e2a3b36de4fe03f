"""The zone overview in Chromium under the strict CSP: the figures are drawn, their tables fold
away once drawn, a click on a bar opens the list behind it with its chip, and the chip clears
the filter."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import login
from gaoxin.accounts.choices import Role
from gaoxin.dashboard.tests.helpers import join, make_chain
from gaoxin.enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _patient_expect():
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def click_bar(page, figure: str, index: int) -> None:
    """Click the middle of bar ``index`` of ``figure``'s chart (positions from ECharts)."""
    chart = page.locator(f"#figure-{figure} [data-figure-chart]")
    box = chart.bounding_box()
    x, y = page.evaluate(
        """([el, i]) => {
             const c = echarts.getInstanceByDom(el);
             const value = c.getOption().series[0].data[i];
             const [x, top] = c.convertToPixel({seriesIndex: 0}, [i, value]);
             const [, bottom] = c.convertToPixel({seriesIndex: 0}, [i, 0]);
             return [x, (top + bottom) / 2];
           }""",
        [chart.element_handle(), index],
    )
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_bar_opens_the_list_behind_it_and_the_chip_clears_it(page, world):
    a = world.a
    second = EnterpriseFactory(zone=a.zone, park=a.park, name="二号医疗器械有限公司")
    imaging, ivd = make_chain(a.zone, [a.park])
    join(imaging, a.enterprise, second)
    join(ivd, second)

    login(page, a.users[Role.ZONE_OFFICIAL].username)
    page.wait_for_url("**/overview/")
    figure = page.locator("#figure-enterprises-segment")
    expect(figure.locator("[data-figure-chart] canvas")).to_have_count(1)
    # drawn: the table folds away, its toggle opens it again
    table = figure.get_by_test_id("figure-table")
    expect(table).to_be_hidden()
    figure.locator("summary").click()
    expect(table).to_be_visible()
    expect(figure.get_by_test_id("figure-row").first).to_contain_text("2")

    click_bar(page, "enterprises-segment", 0)
    page.wait_for_url(f"**/enterprises/?segment={imaging.pk}")
    expect(page.get_by_test_id("filter-chip")).to_contain_text("医学影像设备")
    expect(page.locator("#enterprise-results tbody tr")).to_have_count(2)
    page.get_by_test_id("filter-chip-clear").click()
    page.wait_for_url("**/enterprises/")
    expect(page.get_by_test_id("filter-chip")).to_have_count(0)
