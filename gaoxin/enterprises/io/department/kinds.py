"""The kinds of department list and their columns: one definition serves the template, the
reader and the pages.

As in the registry's workbook (io/columns.py), headers are part of the file format: Chinese in
every language, matched by name with `*`, spaces and a bracketed hint ignored, in any order, and
with the names departments commonly use for the same column (`aliases`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ...choices import QualificationKind, RecordSubject
from ..columns import header_key

SHEET_DATA = "名单"
SHEET_HELP = "说明"

# What a column holds: how the reader reads it.
USCC, NAME, TEXT, DATE, YEAR, MONEY, COUNT = (
    "uscc",
    "name",
    "text",
    "date",
    "year",
    "money",
    "count",
)


@dataclass(frozen=True)
class Column:
    key: str  # a Qualification or YearlyFact field, or uscc / name / year
    header: str  # as the template writes it in row 1
    type: str
    help_zh: str
    help_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 16

    @property
    def label(self) -> str:
        """The header without its marks: what error messages call the column."""
        return header_key(self.header)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *(header_key(alias) for alias in self.aliases))


@dataclass(frozen=True)
class ListKind:
    """One kind of department list."""

    code: str
    title_zh: str  # the list's Chinese name: the template's file name and the 说明 sheet
    label: str  # for the form, translated
    department_example: str
    subject: str  # RecordSubject.QUALIFICATION or RecordSubject.YEARLY
    columns: tuple[Column, ...]
    qualification_kind: str = ""

    @property
    def is_yearly(self) -> bool:
        return self.subject == RecordSubject.YEARLY

    @property
    def fact_keys(self) -> tuple[str, ...]:
        """The registry fields the list sets."""
        return tuple(c.key for c in self.columns if c.type in (TEXT, DATE, MONEY, COUNT))

    @property
    def template_filename(self) -> str:
        return f"{self.title_zh}模板.xlsx"

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


USCC_COLUMN = Column(
    "uscc",
    "统一社会信用代码*",
    USCC,
    "18位统一社会信用代码；必须是本高新区已登记的区内企业。",
    "18-character unified social credit code of an enterprise registered in your zone.",
    required=True,
    aliases=("信用代码", "社会信用代码", "统一代码"),
    width=24,
)
NAME_COLUMN = Column(
    "name",
    "企业名称",
    NAME,
    "供核对阅读；按信用代码匹配企业，不修改登记名称。",
    "For people reading the list; rows are matched by credit code and the registered name is "
    "not changed.",
    aliases=("单位名称", "纳税人名称"),
    width=30,
)
QUALIFICATION_COLUMNS = (
    USCC_COLUMN,
    NAME_COLUMN,
    Column(
        "certificate_no",
        "证书编号*",
        TEXT,
        "名单上的证书编号，如GR202541000123。",
        "The certificate number as the list gives it, e.g. GR202541000123.",
        required=True,
        aliases=("证书号", "编号"),
        width=22,
    ),
    Column(
        "valid_from",
        "发证日期*",
        DATE,
        "日期，如2025-11-20。",
        "A date, e.g. 2025-11-20.",
        required=True,
        aliases=("发证时间", "认定日期", "认定时间"),
        width=14,
    ),
    Column(
        "valid_to",
        "有效期至*",
        DATE,
        "证书有效期截止日期，不早于发证日期。",
        "The last day the certificate is valid; not before the date of issue.",
        required=True,
        aliases=("有效期", "有效期截止日期", "有效期截至"),
        width=14,
    ),
)
YEAR_COLUMN = Column(
    "year",
    "年度*",
    YEAR,
    "数据所属年度，如2024。",
    "The year the figures are for, e.g. 2024.",
    required=True,
    aliases=("年份", "统计年度", "所属年度"),
    width=8,
)


def _money(key: str, header: str, *aliases: str) -> Column:
    return Column(
        key,
        header,
        MONEY,
        "单位：元，最多两位小数，不能为负；留空则不修改。",
        "Yuan, at most two decimals, not negative; a blank cell changes nothing.",
        aliases=aliases,
    )


KINDS: dict[str, ListKind] = {
    kind.code: kind
    for kind in (
        ListKind(
            code="high_tech",
            title_zh="高新技术企业认定名单",
            label=_("High-tech enterprise recognition list (science and technology department)"),
            department_example="郑州市科学技术局",
            subject=RecordSubject.QUALIFICATION,
            qualification_kind=QualificationKind.HIGH_TECH,
            columns=QUALIFICATION_COLUMNS,
        ),
        ListKind(
            code="srdi",
            title_zh="专精特新中小企业名单",
            label=_(
                "Specialised, refined, distinctive and innovative SME list (industry and "
                "information technology department)"
            ),
            department_example="河南省工业和信息化厅",
            subject=RecordSubject.QUALIFICATION,
            qualification_kind=QualificationKind.SRDI,
            columns=QUALIFICATION_COLUMNS,
        ),
        ListKind(
            code="little_giant",
            title_zh="专精特新“小巨人”企业名单",
            label=_("SRDI 'little giant' list (industry and information technology department)"),
            department_example="工业和信息化部",
            subject=RecordSubject.QUALIFICATION,
            qualification_kind=QualificationKind.LITTLE_GIANT,
            columns=QUALIFICATION_COLUMNS,
        ),
        ListKind(
            code="statistics",
            title_zh="年度统计数据",
            label=_("Yearly statistics (statistics bureau)"),
            department_example="郑州市统计局",
            subject=RecordSubject.YEARLY,
            columns=(
                USCC_COLUMN,
                NAME_COLUMN,
                YEAR_COLUMN,
                _money("revenue", "营业收入(元)", "营业收入合计"),
                _money("output_value", "工业总产值(元)", "工业总产值当年价格"),
                Column(
                    "employees",
                    "从业人数",
                    COUNT,
                    "期末从业人数，整数；留空则不修改。",
                    "People employed at the end of the year, a whole number; blank changes "
                    "nothing.",
                    aliases=("从业人员", "从业人员数", "从业人员期末人数"),
                    width=10,
                ),
            ),
        ),
        ListKind(
            code="tax",
            title_zh="纳税数据",
            label=_("Tax data (tax bureau)"),
            department_example="国家税务总局郑州高新技术产业开发区税务局",
            subject=RecordSubject.YEARLY,
            columns=(
                USCC_COLUMN,
                NAME_COLUMN,
                YEAR_COLUMN,
                _money("tax_paid", "纳税额(元)", "纳税总额", "实缴税额"),
                _money("rnd_expense", "研发费用(元)", "研究开发费用"),
            ),
        ),
    )
}


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in KINDS.values()]
