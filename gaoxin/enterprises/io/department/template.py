"""The template of each kind of department list (.xlsx): the 名单 sheet with the header row
(the credit code column formatted as text, dates as dates), and the 说明 sheet explaining the
list and each column in Chinese and English. The registry template's header style is reused."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..template import HEADER_FILL, REQUIRED_FILL
from .kinds import DATE, SHEET_DATA, SHEET_HELP, USCC, ListKind

HELP_INTRO = [
    (
        "每行填写一家企业（年度数据每行为一家企业的一个年度），第1行为表头，请勿修改表头。带*的列必填。",
        "One enterprise per row (for yearly figures: one enterprise and year per row); keep the "
        "header row. Columns marked * are required.",
    ),
    (
        "按统一社会信用代码匹配本高新区已登记的区内企业；未登记、其他高新区或区外合作企业的行会被拒绝。",
        "Rows are matched by credit code to the enterprises registered in your zone; a code "
        "that is not registered there, or is a partner outside the zone, is refused.",
    ),
    (
        "导入的数据记为“部门数据”并直接核验生效，注明部门与文号；与数据一致的企业待核验申报自动核验通过，"
        "不一致的列入差异表，由管理人员核验或退回。",
        "The values are recorded as verified department data, with the department and the "
        "document number; pending declarations the list confirms are verified, the others are "
        "listed in the mismatch report for an official to verify or reject.",
    ),
    (
        "全部行校验通过才会导入；任何一行有误则不导入任何数据，并列出每个错误的行号、列和原因。",
        "The file is imported only if every row is valid; otherwise nothing is imported and "
        "every error is listed with its row, column and reason.",
    ),
    (
        "金额单位为元，最多两位小数；不要填写“万元”等单位。留空的单元格不会修改已有数据。",
        "Amounts are in yuan with at most two decimals; do not write units such as 万元. An "
        "empty cell changes nothing.",
    ),
]


def build_template(kind: ListKind) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_DATA
    for index, column in enumerate(kind.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.comment = Comment(f"{column.help_zh}\n{column.help_en}", "Gaoxin", width=260)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.type == USCC:
            sheet.column_dimensions[letter].number_format = "@"
        elif column.type == DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    _help_sheet(workbook.create_sheet(SHEET_HELP), kind)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _help_sheet(sheet, kind: ListKind) -> None:
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 70
    sheet.cell(row=1, column=1, value=f"{kind.title_zh} 填写说明").font = Font(bold=True)
    sheet.cell(row=1, column=3, value="How to fill in this list").font = Font(bold=True)
    row = 2
    for zh, en in HELP_INTRO:
        sheet.cell(row=row, column=1, value=zh).alignment = Alignment(wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        cell = sheet.cell(row=row, column=3, value=en)
        cell.font = Font(italic=True)
        cell.alignment = Alignment(wrap_text=True)
        row += 1
    row += 1
    for col, title in enumerate(("列 Column", "说明", "Explanation"), start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in kind.columns:
        row += 1
        names = "、".join(column.names[1:])
        sheet.cell(row=row, column=1, value=column.header)
        help_zh = f"{column.help_zh}（也可用列名：{names}）" if names else column.help_zh
        sheet.cell(row=row, column=2, value=help_zh).alignment = Alignment(wrap_text=True)
        sheet.cell(row=row, column=3, value=column.help_en).alignment = Alignment(wrap_text=True)
