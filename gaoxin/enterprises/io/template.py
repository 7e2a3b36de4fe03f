"""The import template (.xlsx): the 企业 sheet with the header row, drop-down lists for the stage
and the importer's parks, text format for the code columns; the 说明 sheet explaining each
column in Chinese and English; a hidden 选项 sheet holding the lists."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .columns import (
    SHEET_DATA,
    SHEET_HELP,
    SHEET_LISTS,
    STAGE_LABELS,
    TEMPLATE_COLUMNS,
    Column,
)

TEMPLATE_FILENAME = "企业导入模板.xlsx"
DATA_ROWS = 50_000  # how far down the drop-downs and text formats reach
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def build_template(park_names: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_DATA
    _header(sheet, TEMPLATE_COLUMNS)
    lists = workbook.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"
    _list_column(lists, 1, "发展阶段", list(STAGE_LABELS.values()))
    _list_column(lists, 2, "所属园区", park_names)
    _dropdown(sheet, "stage", lists, 1, len(STAGE_LABELS))
    if park_names:
        _dropdown(sheet, "park", lists, 2, len(park_names))
    _help_sheet(workbook.create_sheet(SHEET_HELP, 1), park_names)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.comment = Comment(f"{column.help_zh}\n{column.help_en}", "Gaoxin", width=260)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.text:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"


def _list_column(sheet, column: int, title: str, values: list[str]) -> None:
    sheet.cell(row=1, column=column, value=title)
    for row, value in enumerate(values, start=2):
        sheet.cell(row=row, column=column, value=value)


def _dropdown(sheet, key: str, lists, list_column: int, count: int) -> None:
    index = next(i for i, c in enumerate(TEMPLATE_COLUMNS, start=1) if c.key == key)
    letter = get_column_letter(index)
    source = get_column_letter(list_column)
    validation = DataValidation(
        type="list",
        formula1=f"{quote_sheetname(lists.title)}!${source}$2:${source}${count + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="请从列表中选择",
        error="请从下拉列表中选择一项。 Pick a value from the list.",
    )
    validation.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
    sheet.add_data_validation(validation)


HELP_INTRO = [
    ("填写说明", "How to fill in this template"),
    (
        "在“企业”工作表中每行填写一家企业，第1行为表头，请勿修改表头。带*的列必填。",
        "One enterprise per row of the sheet 企业; keep the header row. Columns marked * are "
        "required.",
    ),
    (
        "按统一社会信用代码匹配：代码已存在则更新该企业，否则新增。重复导入同一文件不会产生变化。",
        "Rows are matched by credit code: an existing enterprise is updated, otherwise one is "
        "added. Importing the same file twice changes nothing.",
    ),
    ("留空的单元格不会覆盖已有数据。", "An empty cell leaves the stored value as it is."),
    (
        "全部行校验通过才会导入；任何一行有误则不导入任何数据，并列出每个错误的行号、列和原因。",
        "The file is imported only if every row is valid; otherwise nothing is imported and every "
        "error is listed with its row, column and reason.",
    ),
    (
        "金额单位为元，最多两位小数；数字列请填写数字，不要填写“万元”等单位。",
        "Amounts are in yuan with at most two decimals; do not write units such as 万元.",
    ),
]


def _help_sheet(sheet, park_names: list[str]) -> None:
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 70
    row = 1
    for zh, en in HELP_INTRO:
        sheet.cell(row=row, column=1, value=zh).font = Font(bold=row == 1)
        sheet.cell(row=row, column=3, value=en).font = Font(bold=row == 1, italic=row > 1)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    row += 1
    for col, title in enumerate(("列 Column", "说明", "Explanation"), start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in TEMPLATE_COLUMNS:
        row += 1
        sheet.cell(row=row, column=1, value=column.header)
        sheet.cell(row=row, column=2, value=column.help_zh).alignment = Alignment(wrap_text=True)
        sheet.cell(row=row, column=3, value=column.help_en).alignment = Alignment(wrap_text=True)
    row += 2
    sheet.cell(row=row, column=1, value="可选园区 Parks you can use").font = Font(bold=True)
    sheet.cell(row=row, column=2, value="、".join(park_names) or "—")
