"""The mismatch report of a department import: where an enterprise's pending declaration says
something else than the department's list. Shown on the job page and downloadable as .xlsx
(headers Chinese in every language, as every workbook of the registry)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gaoxin.core.excel import text_cell
from gaoxin.core.models import ImportJob

from ...choices import RecordSubject
from ...models import Qualification, YearlyFact

MONEY_FIELDS = frozenset(YearlyFact.MONEY_FIELDS)
REPORT_HEADERS = (
    "行号",
    "统一社会信用代码",
    "企业名称",
    "年度",
    "项目",
    "企业申报值",
    "部门数据值",
    "申报记录编号",
)
REPORT_WIDTHS = (8, 24, 30, 8, 18, 20, 20, 12)


@dataclass(frozen=True)
class MismatchLine:
    row: int
    enterprise_id: int
    enterprise: str
    uscc: str
    year: int | None
    label: str
    declared: str
    department: str
    record_id: int


def mismatch_lines(job: ImportJob) -> list[MismatchLine]:
    """The job's stored mismatches as people read them (labels in the current language)."""
    return [
        MismatchLine(
            row=item["row"],
            enterprise_id=item["enterprise_id"],
            enterprise=item["enterprise"],
            uscc=item["uscc"],
            year=item.get("year"),
            label=field_label(item["subject"], item["field"]),
            declared=shown(item["field"], item["declared"]),
            department=shown(item["field"], item["department"]),
            record_id=item["record_id"],
        )
        for item in (job.details or {}).get("mismatches", [])
    ]


def field_label(subject: str, name: str) -> str:
    model = YearlyFact if subject == RecordSubject.YEARLY else Qualification
    label = capfirst(str(model._meta.get_field(name).verbose_name))
    if name in MONEY_FIELDS:
        return _("%(label)s (yuan)") % {"label": label}
    return label


def shown(name: str, value: Any) -> str:
    """A value of the report: money in yuan with thousands separators; "—" for none."""
    if value in (None, ""):
        return "—"
    if name in MONEY_FIELDS:
        try:
            return f"{Decimal(str(value)):,.2f}"
        except (InvalidOperation, ValueError):
            return str(value)
    return str(value)


def write_mismatch_report(job: ImportJob, out: IO[bytes]) -> int:
    """The report as an .xlsx to `out`; returns the number of lines."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("差异")
    for index, width in enumerate(REPORT_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([text_cell(sheet, header, bold=True) for header in REPORT_HEADERS])
    lines = mismatch_lines(job)
    for line in lines:
        sheet.append(
            [
                line.row,
                text_cell(sheet, line.uscc),
                text_cell(sheet, line.enterprise),
                line.year or "",
                text_cell(sheet, line.label),
                text_cell(sheet, line.declared),
                text_cell(sheet, line.department),
                line.record_id,
            ]
        )
    workbook.save(out)
    return len(lines)


def report_filename(job: ImportJob) -> str:
    return f"部门数据比对差异_{job.pk}.xlsx"
