"""Helpers the import/export tests share (small .xlsx files built with openpyxl), and the tests
of the generic cell readers in gaoxin/core/imports.py."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from gaoxin.core.imports import (
    CellError,
    ErrorList,
    SheetReader,
    cell_date,
    cell_decimal,
    cell_int,
    cell_text,
    format_error,
)
from gaoxin.enterprises.identifiers import generate_uscc
from gaoxin.enterprises.io.columns import TEMPLATE_COLUMNS, header_key

HEADERS = [column.header for column in TEMPLATE_COLUMNS]
KEYS = [column.key for column in TEMPLATE_COLUMNS]
_rng = random.Random(8125)


def new_uscc(region: str = "410171") -> str:
    return generate_uscc(_rng, region)


def enterprise_row(n: int = 0, **values) -> dict:
    """A valid row for a new enterprise; keyword arguments override columns by key."""
    row = {
        "uscc": new_uscc(),
        "name": f"导入测试企业{n}有限公司-{_rng.randrange(10**6)}",
        "legal_representative": "王五",
        "address": "郑州高新区科学大道100号",
        "region_code": "410171",
        "industry_code": "C3581",
        "industry_name": "医疗诊断、监护及治疗设备制造",
        "stage": "生产",
        "founded_on": datetime.date(2019, 6, 1),
        "year": 2024,
        "revenue": 12345678.9,
        "output_value": Decimal("23456789.12"),
        "rnd_expense": "123,456.78",
        "employees": 120,
        "tax_paid": 34567.8,
        "patents_granted": 5,
        "export_value": 0,
    }
    row.update(values)
    return row


def write_xlsx(path: Path, rows: list[dict], headers: list[str] | None = None) -> Path:
    """An .xlsx with the template's header row (or `headers`) and one line per dict."""
    headers = headers or HEADERS
    keys = [_key_of(header) for header in headers]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业"
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    workbook.save(path)
    return path


def _key_of(header: str) -> str:
    from gaoxin.enterprises.io.columns import ALL_COLUMNS

    return ALL_COLUMNS[header_key(header)].key


def read_xlsx(content: bytes, sheet: str = "企业") -> list[list]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]


# ---------------------------------------------------------------------------------------------


def test_decimal_cells_never_go_through_binary_floats():
    assert cell_decimal(0.1 + 0.2) == Decimal("0.3")
    assert cell_decimal(12345678.9) == Decimal("12345678.9")
    assert cell_decimal("1,234.50") == Decimal("1234.50")
    assert cell_decimal("￥1 000") == Decimal("1000")
    assert cell_decimal(7) == Decimal(7)
    assert cell_decimal(None) is None
    assert cell_decimal("  ") is None
    for bad in ("12万", "abc", float("nan"), True):
        with pytest.raises(CellError):
            cell_decimal(bad)


def test_integer_and_date_cells():
    assert cell_int(120.0) == 120
    assert cell_int("1,200") == 1200
    with pytest.raises(CellError):
        cell_int(1.5)
    with pytest.raises(CellError):
        cell_int("12人")
    assert cell_date(datetime.datetime(2020, 1, 2, 0, 0)) == datetime.date(2020, 1, 2)
    assert cell_date("2020/1/2") == datetime.date(2020, 1, 2)
    assert cell_date("2020年1月2日") == datetime.date(2020, 1, 2)
    assert cell_date(43831) == datetime.date(2020, 1, 1)  # Excel's serial number
    with pytest.raises(CellError):
        cell_date("2020-02-30")


def test_text_cells():
    assert cell_text(410171.0) == "410171"
    assert cell_text("  郑州 ") == "郑州"
    with pytest.raises(CellError):
        cell_text("#N/A")


def test_headers_match_without_marks_and_hints():
    assert header_key("营业收入（元）") == "营业收入"
    assert header_key(" 统一社会信用代码* ") == "统一社会信用代码"
    assert header_key("发展阶段(研发/中试/生产/销售)") == "发展阶段"


def test_error_list_keeps_the_first_errors_and_counts_all():
    seen = []
    errors = ErrorList(limit=2, sink=seen.append)
    for row in range(2, 7):
        errors.add(row, "企业名称", "bad")
    assert errors.count == 5 and len(errors.items) == 2 and len(seen) == 5
    with translation.override("en"):
        assert format_error(errors.items[0]) == "row 2, column 企业名称: bad"


def test_reader_gives_excel_row_numbers_and_skips_blank_rows(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业"
    sheet.append(["a", "b", None])
    sheet.append([1, 2])
    sheet.append([None, "  "])
    sheet.cell(row=7, column=2, value="x")
    path = tmp_path / "gaps.xlsx"
    workbook.save(path)
    with SheetReader(str(path), "企业") as reader:
        assert reader.header == ["a", "b"]
        assert list(reader.rows()) == [(2, (1, 2)), (7, (None, "x"))]


def test_uscc_check_character_agrees_with_stdnum():
    from stdnum.cn import uscc

    from gaoxin.enterprises.io.rows import USCC_ALPHABET, uscc_check_digit

    rng = random.Random(32100)
    codes = [generate_uscc(rng) for _ in range(500)]
    # bodies over the whole alphabet too, not only the digits generate_uscc uses
    codes += [
        "91" + "".join(rng.choice(USCC_ALPHABET) for _ in range(15)) + "0" for _ in range(500)
    ]
    for code in codes:
        assert uscc_check_digit(code) == uscc.calc_check_digit(code[:17]), code


def test_money_cell_fast_path_matches_the_fields_clean():
    from django.core.exceptions import ValidationError

    from gaoxin.enterprises.io.cells import money_cell
    from gaoxin.enterprises.models import YearlyFact

    field = YearlyFact._meta.get_field("revenue")
    for raw in ["0", "12.345", "1234567890123.455", "9999999999999999.99", 3, "0.005"]:
        assert money_cell(field, raw) == field.clean(money_cell(field, raw), None)
    assert money_cell(field, "12.345") == Decimal("12.35")  # half-up to the fen
    with pytest.raises(ValidationError):
        money_cell(field, "10000000000000000")  # 17 digits before the point: the field says so


def test_normalise_uscc_fast_path_is_stdnum_compact():
    from stdnum.cn import uscc

    from gaoxin.enterprises.validators import normalise_uscc

    for text in ["91410100MA9XXXXX3T", "91410100ma9xxxxx3t", " 9141 0100-MA9X XXXX3T ", "９１４"]:
        assert normalise_uscc(text) == uscc.compact(text)
