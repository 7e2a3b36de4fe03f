"""The catalog's Excel import (all or nothing, every error with its row and column) and export
(round trip: an exported edition imports unchanged)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from gaoxin.audit.models import AuditEvent
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.firstset import services
from gaoxin.firstset.excel.catalog_export import build_catalog_template, write_catalog
from gaoxin.firstset.models import CatalogEntry, CatalogField, Indicator

from .factories import EditionFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "领域*", "编号*", "装备名称*", "说明", "支持方式*", "示例", "备注",
    "指标1名称", "指标1单位", "指标1方向", "指标1阈值",
    "指标2名称", "指标2单位", "指标2方向", "指标2阈值",
]  # fmt: skip
ROBOT = [
    "智能制造装备", "1.1", "重载工业机器人", "", "台(套)数", "是", "",
    "额定负载", "kg", "≥", 500, "重复定位精度", "mm", "≤", 0.1,
]  # fmt: skip
REDUCER = [
    "关键零部件", "1.2", "机器人用RV减速器", "", "批次数", "", "",
    "传动误差", "arcmin", "<=", "1", None, None, None, None,
]  # fmt: skip


def workbook(*rows, header=HEADER, sheet="目录") -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def run(actor, edition, source):
    return services.catalog_import(actor=actor, edition=edition, source=source, filename="t.xlsx")


def test_a_good_file_adds_every_entry_with_its_indicators(reviewer, edition):
    result = run(reviewer, edition, workbook(ROBOT, REDUCER))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    robot = CatalogEntry.objects.get(number="1.1")
    assert robot.is_sample and robot.support_mode == "units"
    assert [(i.name, i.direction, str(i.threshold_display)) for i in robot.indicators.all()] == [
        ("额定负载", ">=", "500"),
        ("重复定位精度", "<=", "0.1"),
    ]
    reducer = CatalogEntry.objects.get(number="1.2")
    assert reducer.support_mode == "batches" and not reducer.is_sample
    assert reducer.indicators.count() == 1
    assert list(CatalogField.objects.values_list("name", flat=True)) == [
        "智能制造装备",
        "关键零部件",
    ]
    summary = AuditEvent.objects.get(action="firstset.catalog.import")
    assert summary.data["created"] == 2
    assert AuditEvent.objects.filter(action="firstset.catalog_entry.create").count() == 2


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_written(reviewer, edition):
    bad_threshold = [*ROBOT[:10], "很大", *ROBOT[11:]]
    bad_threshold[1] = "1.3"
    bad_mode = [*REDUCER]
    bad_mode[4] = "按吨"
    no_name = [*REDUCER]
    no_name[1], no_name[2] = "1.4", ""
    result = run(reviewer, edition, workbook(ROBOT, bad_threshold, bad_mode, no_name))
    assert not result.ok
    found = {(e["row"], e["column"], e["cell"]): e["message"] for e in result.errors}
    assert found[(3, "指标1阈值", "K3")] == "Enter a number, e.g. 500 or 0.1."
    assert "台(套)数" in found[(4, "支持方式", "E4")]
    assert found[(5, "装备名称", "C5")] == "This column is required."
    assert len(result.errors) == 3
    assert not CatalogEntry.objects.exists()
    assert not CatalogField.objects.exists()
    assert not Indicator.objects.exists()
    assert not AuditEvent.objects.exists()


def test_row_level_checks_name_the_row(reviewer, edition):
    duplicate = [*ROBOT]
    half_indicator = [*REDUCER[:11], "额定负载", "kg", None, None]
    no_indicator = [*REDUCER[:7], None, None, None, None, None, None, None, None]
    no_indicator[1] = "1.5"
    twice = [*ROBOT[:11], "额定负载", "kg", "≥", 600]
    twice[1] = "1.6"
    result = run(reviewer, edition, workbook(ROBOT, duplicate, half_indicator, no_indicator, twice))
    messages = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert messages[(3, "编号")] == "The number 1.1 is already used in row 2."
    assert messages[(4, "指标2方向")] == "Enter ≥ or ≤."
    assert messages[(4, "指标2阈值")] == "Enter the threshold."
    assert messages[(5, "指标1名称")] == "An entry needs at least one core indicator."
    assert messages[(6, "指标2名称")] == "The indicator 额定负载 is listed twice."
    assert not CatalogEntry.objects.exists()


def test_the_header_is_checked_before_any_row(reviewer, edition):
    header = [h for h in HEADER if h != "支持方式*"] + ["颜色"]
    result = run(reviewer, edition, workbook(header=header))
    messages = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert messages[(1, "颜色")] == "Unknown column 颜色."
    assert "支持方式" in messages[(1, "支持方式")]
    assert not CatalogEntry.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(reviewer, edition):
    result = run(reviewer, edition, io.BytesIO(b"not an xlsx"))
    assert len(result.errors) == 1
    assert result.errors[0]["row"] is None
    assert ".xlsx" in result.errors[0]["message"]


def test_importing_again_updates_by_number_and_leaves_the_rest(reviewer, edition):
    run(reviewer, edition, workbook(ROBOT, REDUCER))
    changed = [*ROBOT]
    changed[10] = 520
    result = run(reviewer, edition, workbook(changed))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    robot = CatalogEntry.objects.get(number="1.1")
    assert robot.indicators.get(name="额定负载").threshold_display == "520"
    assert CatalogEntry.objects.count() == 2  # 1.2 is not in the file and stays


def test_only_the_reviewer_imports(world, edition):
    with pytest.raises(PermissionDeniedError):
        run(world.a.users["enterprise_user"], edition, workbook(ROBOT))


def test_export_round_trip(reviewer, edition):
    run(reviewer, edition, workbook(ROBOT, REDUCER))
    out = io.BytesIO()
    assert write_catalog(edition, out) == 2
    out.seek(0)
    sheet = load_workbook(out, read_only=True)["目录"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("领域*", "编号*", "装备名称*", "说明", "支持方式*")
    assert rows[1][:7] == ("智能制造装备", "1.1", "重载工业机器人", None, "台(套)数", "是", None)
    assert rows[1][7:15] == ("额定负载", "kg", "≥", 500, "重复定位精度", "mm", "≤", 0.1)
    out.seek(0)
    again = run(reviewer, edition, out)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    out.seek(0)
    other = EditionFactory()
    copied = run(reviewer, other, out)
    assert copied.created == 2
    assert [
        str(i) for i in CatalogEntry.objects.get(edition=other, number="1.1").indicators.all()
    ] == [
        "额定负载 ≥ 500 kg",
        "重复定位精度 ≤ 0.1 mm",
    ]


def test_the_template_imports_as_an_empty_file(reviewer, edition):
    template = io.BytesIO(build_catalog_template())
    sheet = load_workbook(template)["目录"]
    assert sheet["A1"].value == "领域*"
    assert sheet.cell(row=1, column=8).value == "指标1名称"
    template.seek(0)
    result = run(reviewer, edition, template)
    assert [e["message"] for e in result.errors] == [
        "The sheet has no entries below the header row."
    ]
