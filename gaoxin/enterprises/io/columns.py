"""The columns of the enterprise workbook: one list serves the template, the importer and the
export, so an exported file imports again unchanged.

Headers are part of the file format, not of the interface: they are Chinese in every language
(as 国家统计局 and 工商 forms are), and the 说明 sheet explains each in Chinese and English. The
importer matches a header by its name alone: `*`, spaces and a bracketed hint are ignored
("营业收入(元)", "营业收入（元）" and "营业收入" are one column), and columns may come in any order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..choices import Stage
from ..services.facts import FACT_COUNT_FIELDS, FACT_MONEY_FIELDS

SHEET_DATA = "企业"
SHEET_HELP = "说明"
SHEET_LISTS = "选项"

_MARKS = re.compile(r"[\s*＊]")
_HINT = re.compile(r"[(（].*$")


def header_key(header: str) -> str:
    """ "营业收入（元）" → "营业收入"; "统一社会信用代码*" → "统一社会信用代码"."""
    return _HINT.sub("", _MARKS.sub("", header or ""))


@dataclass(frozen=True)
class Column:
    key: str  # the model field (Enterprise or YearlyFact) or a pseudo-field (park, year)
    header: str  # as written in row 1
    help_zh: str
    help_en: str
    width: int = 14
    required: bool = False
    text: bool = False  # formatted as text in the template (codes keep their leading zeros)

    @property
    def label(self) -> str:
        """The header without its marks: what error messages call the column."""
        return header_key(self.header)


STAGE_LABELS = {
    Stage.RND: "研发",
    Stage.PILOT: "中试",
    Stage.PRODUCTION: "生产",
    Stage.SALES: "销售",
}
YES, NO = "是", "否"

ENTERPRISE_COLUMNS = [
    Column(
        "uscc",
        "统一社会信用代码*",
        "18位统一社会信用代码，按此代码新增或更新企业。",
        "18-character unified social credit code; rows are matched to existing enterprises by it.",
        width=24,
        required=True,
        text=True,
    ),
    Column(
        "name",
        "企业名称*",
        "营业执照上的企业全称。",
        "Full registered name, as on the business licence.",
        width=30,
        required=True,
    ),
    Column("legal_representative", "法定代表人", "可选。", "Optional.", width=12),
    Column("address", "地址", "可选。", "Optional.", width=30),
    Column(
        "region_code",
        "行政区划代码",
        "6位数字，如410171；新增企业留空时取本高新区的代码。",
        "Six digits, e.g. 410171; a new enterprise left blank gets the zone's code.",
        width=14,
        text=True,
    ),
    Column(
        "industry_code",
        "行业代码",
        "国民经济行业分类（GB/T 4754）代码，如C3581。",
        "National industry classification (GB/T 4754), e.g. C3581.",
        width=10,
        text=True,
    ),
    Column(
        "industry_name",
        "行业名称",
        "可选，如“医疗诊断、监护及治疗设备制造”。",
        "Optional.",
        width=24,
    ),
    Column(
        "park",
        "所属园区",
        "从下拉列表中选择您可管理的园区；园区运营方必填。",
        "Pick one of the parks you manage from the list; required for park operators.",
        width=20,
    ),
    Column(
        "stage",
        "发展阶段(研发/中试/生产/销售)",
        "研发、中试、生产或销售（也可填rnd、pilot、production、sales）。",
        "R&D, pilot, production or sales: 研发/中试/生产/销售 or rnd/pilot/production/sales.",
        width=14,
    ),
    Column("founded_on", "成立日期(YYYY-MM-DD)", "如2018-06-01。", "E.g. 2018-06-01.", width=14),
]
FACT_COLUMNS = [
    Column(
        "year",
        "年度",
        "填写年度则按该年度新增或更新以下经营数据；不填则忽略经营数据。",
        "If filled, the figures that follow are recorded for that year (added or updated).",
        width=8,
    ),
    Column(
        "revenue",
        "营业收入(元)",
        "单位：元，可含两位小数，不能为负。",
        "Yuan, up to two decimals, not negative.",
        width=16,
    ),
    Column("output_value", "工业总产值(元)", "单位：元。", "Yuan.", width=16),
    Column("rnd_expense", "研发费用(元)", "单位：元。", "Yuan.", width=16),
    Column("employees", "从业人员", "人数，整数。", "Number of people (whole number).", width=10),
    Column("tax_paid", "纳税额(元)", "单位：元。", "Yuan.", width=16),
    Column("patents_granted", "授权专利数", "整数。", "Whole number.", width=10),
    Column("export_value", "出口额(元)", "单位：元。", "Yuan.", width=16),
]
SAMPLE_COLUMN = Column(
    "is_sample",
    "示例数据(是/否)",
    "仅导出时提供：是否为演示生成的示例数据。导入时可保留。",
    "Export only: whether the row is generated demo data (是 = yes). Kept on import.",
    width=10,
)

TEMPLATE_COLUMNS = [*ENTERPRISE_COLUMNS, *FACT_COLUMNS]
EXPORT_COLUMNS = [*TEMPLATE_COLUMNS, SAMPLE_COLUMN]
ALL_COLUMNS = {column.label: column for column in EXPORT_COLUMNS}

# The yearly figures read as money and as counts: the services' (and the model's) lists.
MONEY_KEYS = FACT_MONEY_FIELDS
COUNT_KEYS = FACT_COUNT_FIELDS
FACT_KEYS = (*MONEY_KEYS, *COUNT_KEYS)
