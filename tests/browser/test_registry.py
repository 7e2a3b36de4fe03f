"""Issue 2's browser scenarios: an enterprise user keeps its own file and cannot open another's;
an official imports an Excel file with one bad row, finds nothing imported, fixes it, imports."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from conftest import login
from gaoxin.enterprises.identifiers import generate_uscc
from gaoxin.enterprises.models import Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_user_edits_own_profile_and_cannot_open_another(page, world):
    own, other = world.a.enterprise, world.b.enterprise
    login(page, world.a.users["enterprise_user"].username)
    page.wait_for_url(f"**/enterprises/{own.pk}/")
    assert page.get_by_test_id("profile-name").inner_text() == own.name

    page.get_by_test_id("edit-profile").click()
    page.fill("input[name=address]", "郑州市高新区科学大道100号")
    page.get_by_test_id("save").click()
    page.wait_for_url(f"**/enterprises/{own.pk}/")
    assert "郑州市高新区科学大道100号" in page.content()
    own.refresh_from_db()
    assert own.address == "郑州市高新区科学大道100号"
    page.screenshot(path="test-artifacts/enterprise-own-profile.png", full_page=True)

    response = page.goto(f"/enterprises/{other.pk}/")
    assert response.status == 404
    response = page.goto(f"/enterprises/{other.pk}/edit/")
    assert response.status == 404
    other.refresh_from_db()
    assert other.address != "郑州市高新区科学大道100号"


HEADERS = ["统一社会信用代码*", "企业名称*", "行政区划代码*", "发展阶段", "年度", "营业收入(元)"]


def _workbook(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "企业"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def test_official_import_with_a_bad_row_changes_nothing_until_fixed(page, world, tmp_path):
    import random

    rng = random.Random(7)
    good = [
        [generate_uscc(rng, "410171"), f"导入测试企业{i}有限公司", "410171", "生产", 2024, "12.5"]
        for i in range(3)
    ]
    bad_code = good[1][0][:-1] + ("0" if good[1][0][-1] != "0" else "1")  # wrong check digit
    broken = [good[0], [bad_code, *good[1][1:]], good[2]]
    before = Enterprise.objects.count()

    login(page, world.a.users["zone_official"].username)
    page.wait_for_url("**/overview/")
    page.goto("/enterprises/import/")
    page.set_input_files("input[type=file]", _workbook(tmp_path / "bad.xlsx", broken))
    page.get_by_test_id("import-submit").click()
    page.wait_for_selector("[data-testid=import-failed]")
    errors = page.get_by_test_id("import-errors").inner_text()
    assert "3" in errors and "统一社会信用代码" in errors  # Excel row 3, the credit-code column
    assert "校验" in errors  # says the check digit is wrong
    page.screenshot(path="test-artifacts/import-bad-row.png", full_page=True)
    assert Enterprise.objects.count() == before

    page.goto("/enterprises/import/")
    page.set_input_files("input[type=file]", _workbook(tmp_path / "fixed.xlsx", good))
    page.get_by_test_id("import-submit").click()
    page.wait_for_selector("[data-testid=import-succeeded]")
    assert page.get_by_test_id("count-created").inner_text() == "3"
    assert Enterprise.objects.count() == before + 3
    page.screenshot(path="test-artifacts/import-fixed.png", full_page=True)
