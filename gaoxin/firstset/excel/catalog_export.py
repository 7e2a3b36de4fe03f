"""Writing a catalog workbook: the export of an edition (openpyxl write-only, streamed) and the
empty import template. Both have the same columns, so an exported file imports unchanged."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..models import CatalogEdition, CatalogEntry, Indicator, plain_decimal
from .columns import (
    CATALOG_COLUMNS,
    DIRECTION_LABELS,
    INDICATOR_GROUPS_IN_TEMPLATE,
    INDICATOR_PARTS,
    NO,
    SHEET_CATALOG,
    SHEET_HELP,
    SUPPORT_MODE_LABELS,
    YES,
    indicator_header,
)

CHUNK_SIZE = 500
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
TEMPLATE_ROWS = 2000
TEMPLATE_FILENAME = "首台套目录导入模板.xlsx"

HELP_LINES = [
    ("填写说明", "How to fill in this workbook"),
    (
        "在“目录”工作表中每行填写一个条目，第1行为表头，请勿修改表头。带*的列必填。",
        "One entry per row of the sheet 目录; keep the header row. Columns marked * are required.",
    ),
    (
        "每个条目的核心技术指标依次填写在“指标1…、指标2…”列组中：名称、单位、方向(≥ 或 ≤)、阈值；"
        "指标多于模板列数时，可按同样格式增加列组（如 指标7名称）。",
        "An entry's core indicators go in the column groups 指标1…, 指标2…: name, unit, "
        "direction (≥ or ≤), threshold. For more indicators, add groups the same way "
        "(指标7名称 …).",
    ),
    (
        "按编号匹配：本版目录已有该编号则更新该条目（指标整体替换），否则新增；文件中没有的条目保持不变。",
        "Rows are matched by number: an existing entry is updated (its indicators replaced), "
        "otherwise one is added; entries not in the file stay as they are.",
    ),
    (
        "全部行校验通过才会导入；任何一行有误则不导入任何数据，并列出每个错误的行号、列和原因。",
        "The file is imported only if every row is valid; otherwise nothing is imported and "
        "every error is listed with its row, column and reason.",
    ),
]


def catalog_filename(edition: CatalogEdition) -> str:
    name = edition.name.strip("《》") or f"{edition.year}"
    return f"首台套目录_{name}.xlsx"


def write_catalog(edition: CatalogEdition, out: IO[bytes]) -> int:
    """Write the edition's entries to ``out`` (.xlsx); returns the number of entries."""
    entries = (
        CatalogEntry.objects.filter(edition=edition)
        .select_related("field")
        .prefetch_related("indicators")
        .order_by("field__order", "field__name", "number")
    )
    per_entry = Counter(
        Indicator.objects.filter(entry__edition=edition).values_list("entry_id", flat=True)
    )
    groups = max([INDICATOR_GROUPS_IN_TEMPLATE, *per_entry.values()])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_CATALOG)
    headers = _headers(groups)
    for index, (_text, width, _required) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D2"
    sheet.append([_header_cell(sheet, text, required) for text, _w, required in headers])
    count = 0
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        sheet.append(_row(entry, groups))
        count += 1
    help_sheet = workbook.create_sheet(SHEET_HELP)
    for line in _help_rows():
        help_sheet.append(line)
    workbook.save(out)
    return count


def build_catalog_template() -> bytes:
    """The empty import template: the header with comments, drop-downs, and the 说明 sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_CATALOG
    headers = _headers(INDICATOR_GROUPS_IN_TEMPLATE)
    for index, (text, width, required) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=text)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if required else HEADER_FILL
        help_zh, help_en = _help_for(text)
        cell.comment = Comment(f"{help_zh}\n{help_en}", "Gaoxin", width=260)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "D2"
    _dropdown(sheet, headers, "支持方式*", list(SUPPORT_MODE_LABELS.values()))
    _dropdown(sheet, headers, "示例", [YES, NO])
    for group in range(1, INDICATOR_GROUPS_IN_TEMPLATE + 1):
        _dropdown(sheet, headers, indicator_header(group, "direction"), ["≥", "≤"])
    help_sheet = workbook.create_sheet(SHEET_HELP)
    for line in _help_rows():
        help_sheet.append(line)
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 70
    help_sheet.column_dimensions["C"].width = 70
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _headers(groups: int) -> list[tuple[str, int, bool]]:
    headers = [(column.header, column.width, column.required) for column in CATALOG_COLUMNS]
    for group in range(1, groups + 1):
        for part, _zh, _help_zh, _help_en in INDICATOR_PARTS:
            width = 18 if part == "name" else 8
            headers.append((indicator_header(group, part), width, False))
    return headers


def _row(entry: CatalogEntry, groups: int) -> list:
    row: list = [
        entry.field.name,
        entry.number,
        entry.equipment_name,
        entry.description,
        SUPPORT_MODE_LABELS.get(entry.support_mode, entry.support_mode),
        YES if entry.is_sample else NO,
        entry.notes,
    ]
    indicators = list(entry.indicators.all())
    for index in range(groups):
        if index < len(indicators):
            indicator = indicators[index]
            row += [
                indicator.name,
                indicator.unit,
                DIRECTION_LABELS.get(indicator.direction, indicator.direction),
                Decimal(plain_decimal(indicator.threshold)),
            ]
        else:
            row += [None, None, None, None]
    return row


def _header_cell(sheet, text: str, required: bool) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = REQUIRED_FILL if required else HEADER_FILL
    return cell


def _help_for(header: str) -> tuple[str, str]:
    for column in CATALOG_COLUMNS:
        if column.header == header:
            return column.help_zh, column.help_en
    for _part, label, help_zh, help_en in INDICATOR_PARTS:
        if header.endswith(label):
            return help_zh, help_en
    return "", ""


def _help_rows() -> list[list[str]]:
    rows = [[zh, en] for zh, en in HELP_LINES]
    rows.append([])
    rows.append(["列", "说明", "Explanation"])
    for column in CATALOG_COLUMNS:
        rows.append([column.header, column.help_zh, column.help_en])
    for _part, label, help_zh, help_en in INDICATOR_PARTS:
        rows.append([f"指标N{label}", help_zh, help_en])
    return rows


def _dropdown(sheet, headers, header: str, values: list[str]) -> None:
    index = next(i for i, (text, _w, _r) in enumerate(headers, start=1) if text == header)
    letter = get_column_letter(index)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请从列表中选择",
        error="请从下拉列表中选择一项。 Pick a value from the list.",
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)
