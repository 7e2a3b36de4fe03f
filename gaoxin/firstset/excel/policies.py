"""The estimator's workbooks: the policies template, reading an uploaded one, and the result
with its explanation (one row per trace step and parameter)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gaoxin.core.imports import (
    CellError,
    ErrorList,
    FileError,
    SheetReader,
    cell_date,
    cell_decimal,
    cell_name,
    cell_text,
)

from ..estimator import MAX_POLICIES, EstimateInput, EstimateView
from .columns import POLICY_COLUMNS, SHEET_HELP, SHEET_POLICIES, SHEET_RESULT, SHEET_TRACE
from .reading import map_headers

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
TEMPLATE_FILENAME = "首台套保单模板.xlsx"
RESULT_FILENAME = "首台套保险补偿测算.xlsx"
MAX_ERRORS = 200

EXAMPLE_ROWS = [
    ["P-2025-001", "重载机器人 1号", "2025-03-01", "2026-02-28", 28000000, 560000],
]


@dataclass
class ParsedPolicies:
    policies: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: ErrorList = field(default_factory=lambda: ErrorList(limit=MAX_ERRORS))


def read_policies(source: str | IO[bytes]) -> ParsedPolicies:
    """Policies of the uploaded workbook with their Excel rows; every bad cell is an error."""
    parsed = ParsedPolicies()
    try:
        reader = SheetReader(source, SHEET_POLICIES)
    except FileError as exc:
        parsed.errors.add(None, "", str(exc))
        return parsed
    with reader:
        columns, _extras = map_headers(reader.header, POLICY_COLUMNS, parsed.errors)
        if parsed.errors:
            return parsed
        for number, values in reader.rows():
            if len(parsed.policies) >= MAX_POLICIES:
                parsed.errors.add(
                    number,
                    "",
                    _("At most %(count)d policies in one estimate.") % {"count": MAX_POLICIES},
                )
                break
            policy = _policy(number, values, columns, parsed.errors)
            if policy is not None:
                parsed.policies.append((number, policy))
    if not parsed.policies and not parsed.errors:
        parsed.errors.add(None, "", _("The sheet has no policies below the header row."))
    return parsed


def _policy(number: int, values, columns: dict[str, int], errors: ErrorList) -> dict | None:
    policy: dict[str, Any] = {}
    ok = True
    for column in POLICY_COLUMNS:
        index = columns[column.key]
        try:
            value = _cell(column.key, values[index])
        except CellError as exc:
            errors.add(number, column.label, str(exc), cell_name(index, number))
            ok = False
            continue
        if value in (None, ""):
            errors.add(
                number, column.label, _("This column is required."), cell_name(index, number)
            )
            ok = False
        policy[column.key] = value
    return policy if ok else None


def _cell(key: str, value: Any) -> Any:
    if key in ("start", "end"):
        return cell_date(value)
    if key in ("sum_insured", "premium"):
        return cell_decimal(value)
    return cell_text(value)


def build_policies_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_POLICIES
    for index, column in enumerate(POLICY_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.comment = Comment(f"{column.help_zh}\n{column.help_en}", "Gaoxin", width=260)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row in EXAMPLE_ROWS:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(SHEET_HELP)
    help_sheet.append(["填写说明", "How to fill in this template"])
    help_sheet.append(
        [
            "每行一张保单（一个保险年度）。第2行是示例，请替换为您的保单。",
            "One policy (one policy year) per row. Row 2 is an example: replace it.",
        ]
    )
    help_sheet.append(
        [
            "测算不保存任何数据，结果仅供参考，以主管部门审核为准。",
            "The estimate saves nothing; it is indicative, the authorities' review decides.",
        ]
    )
    help_sheet.append([])
    for column in POLICY_COLUMNS:
        help_sheet.append([column.header, column.help_zh, column.help_en])
    help_sheet.column_dimensions["A"].width = 40
    help_sheet.column_dimensions["B"].width = 60
    help_sheet.column_dimensions["C"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- the result ----------------------------------------------------------------------------


def write_estimate(view: EstimateView, data: EstimateInput, out: IO[bytes]) -> None:
    """The result sheet (one row per policy, the total, the cap left, the inputs) and the
    explanation sheet (one row per step and parameter used)."""
    workbook = Workbook(write_only=True)
    _result_sheet(workbook.create_sheet(SHEET_RESULT), view, data)
    _trace_sheet(workbook.create_sheet(SHEET_TRACE), view)
    workbook.save(out)


RESULT_HEADERS = [
    ("保单编号", 16),
    ("装备", 22),
    ("起保日期", 12),
    ("终止日期", 12),
    ("保险金额(元)", 16),
    ("保费(元)", 14),
    ("保险年度", 9),
    ("计入保费(元)", 16),
    ("补助(元)", 16),
    ("原因代码", 16),
    ("原因", 50),
]


def _result_sheet(sheet, view: EstimateView, data: EstimateInput) -> None:
    for index, (_text, width) in enumerate(RESULT_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _result_heading(sheet, view, data)
    sheet.append([])
    sheet.append([_header_cell(sheet, text) for text, _width in RESULT_HEADERS])
    _result_rows(sheet, view, data)
    sheet.append([])
    sheet.append([_("Total subsidy (yuan)"), Decimal(view.total)])
    if view.cap_remaining is not None:
        sheet.append([_("Cap remaining (yuan)"), Decimal(view.cap_remaining)])


def _result_heading(sheet, view: EstimateView, data: EstimateInput) -> None:
    """What the estimate was made with: scheme, jurisdiction, tier, the qualification's cap
    and validity, the parameters' version; and that it is an estimate."""
    sheet.append([_("Estimate of the first-set insurance compensation")])
    sheet.append([_("Scheme"), view.regime_label])
    sheet.append([_("Jurisdiction"), view.jurisdiction_label])
    if view.tier:
        sheet.append([_("Tier"), view.tier])
    if data.qualification is not None:
        for key, label in (
            ("cap", _("Premium-subsidy cap (yuan)")),
            ("valid_from", _("Valid from")),
            ("valid_to", _("Valid to")),
            ("granted_before", _("Already granted (yuan)")),
        ):
            sheet.append([label, _value(data.qualification.get(key))])
    sheet.append([_("Parameters version"), view.parameters_version])
    sheet.append(
        [_("This is an estimate: nothing was saved, and the authorities' review decides.")]
    )


def _result_rows(sheet, view: EstimateView, data: EstimateInput) -> None:
    """One row per insurance policy: what was entered, the amount counted and the subsidy."""
    policies = dict(data.policies)
    for policy in view.policies:
        source = policies.get(policy.row, {})
        sheet.append(
            [
                policy.id,
                policy.equipment,
                policy.start,
                policy.end,
                _value(source.get("sum_insured")),
                _value(source.get("premium")),
                policy.year,
                Decimal(policy.eligible),
                Decimal(policy.subsidy),
                policy.reason,
                policy.reason_text,
            ]
        )


TRACE_HEADERS = [
    ("保单编号", 14),
    ("步骤", 16),
    ("说明", 70),
    ("规则", 24),
    ("参数", 28),
    ("参数说明", 40),
    ("取值", 20),
    ("生效日期", 12),
    ("文件", 50),
    ("条款", 16),
    ("链接", 40),
    ("可信度", 8),
]


def _trace_sheet(sheet, view: EstimateView) -> None:
    for index, (_header_text, width) in enumerate(TRACE_HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_header_cell(sheet, text) for text, _width in TRACE_HEADERS])
    for policy in view.policies:
        for step in policy.steps:
            if not step.parameters:
                sheet.append([policy.id, step.code, step.text])
                continue
            for parameter in step.parameters:
                sheet.append(
                    [
                        policy.id,
                        step.code,
                        step.text,
                        ", ".join(parameter.rules),
                        parameter.name,
                        parameter.label,
                        parameter.value,
                        parameter.effective,
                        parameter.document,
                        parameter.article or "",
                        parameter.url or "",
                        parameter.confidence,
                    ]
                )
    sheet.append([])
    sheet.append(["V", _("Confirmed by a public source")])
    sheet.append(["S", _("Stated in the seed document")])
    sheet.append(["I", _("This platform's reading where the sources are silent")])


def _header_cell(sheet, text: str):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(vertical="center")
    return cell


def _value(value: Any) -> Any:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value
