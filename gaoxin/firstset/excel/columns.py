"""The columns of the first-set workbooks. One list serves the template, the reader and the
export, so an exported catalog imports again unchanged.

As in the enterprise workbook, headers are part of the file format: Chinese in every language,
explained in Chinese and English on the 说明 sheet. A header is matched by its name alone:
``*``, spaces and a bracketed hint are ignored (“保费(元)”, “保费（元）” and “保费” are one
column); the English key (``premium``) is accepted as well; columns may come in any order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..choices import Direction, SupportMode

SHEET_CATALOG = "目录"
SHEET_POLICIES = "保单"
SHEET_HELP = "说明"
SHEET_RESULT = "测算结果"
SHEET_TRACE = "计算说明"

YES, NO = "是", "否"
YES_WORDS = {"是", "y", "yes", "true", "1", "示例"}
NO_WORDS = {"否", "n", "no", "false", "0", ""}

_MARKS = re.compile(r"[\s*＊]")
_HINT = re.compile(r"[(（].*$")


def header_key(header: str) -> str:
    """ "保费（元）" → "保费"; "编号*" → "编号"; "Premium" → "premium"."""
    return _HINT.sub("", _MARKS.sub("", header or "")).lower()


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help_zh: str
    help_en: str
    width: int = 14
    required: bool = False

    @property
    def label(self) -> str:
        """The header without its marks: what error messages call the column."""
        return _HINT.sub("", _MARKS.sub("", self.header))


SUPPORT_MODE_LABELS = {SupportMode.UNITS: "台(套)数", SupportMode.BATCHES: "批次数"}
SUPPORT_MODE_WORDS = {
    "台(套)数": SupportMode.UNITS,
    "台（套）数": SupportMode.UNITS,
    "按台(套)数": SupportMode.UNITS,
    "按台（套）数": SupportMode.UNITS,
    "台套": SupportMode.UNITS,
    "units": SupportMode.UNITS,
    "批次数": SupportMode.BATCHES,
    "按批次数": SupportMode.BATCHES,
    "批次": SupportMode.BATCHES,
    "batches": SupportMode.BATCHES,
}
DIRECTION_LABELS = {Direction.AT_LEAST: "≥", Direction.AT_MOST: "≤"}
DIRECTION_WORDS = {
    "≥": Direction.AT_LEAST,
    ">=": Direction.AT_LEAST,
    "不低于": Direction.AT_LEAST,
    "不小于": Direction.AT_LEAST,
    "≤": Direction.AT_MOST,
    "<=": Direction.AT_MOST,
    "不高于": Direction.AT_MOST,
    "不大于": Direction.AT_MOST,
}

CATALOG_COLUMNS = [
    Column(
        "field",
        "领域*",
        "目录中的领域，如 智能制造装备；本版目录没有的领域会自动新增。",
        "The field (领域), e.g. 智能制造装备; a field the edition lacks is added.",
        width=16,
        required=True,
    ),
    Column(
        "number",
        "编号*",
        "条目在本版目录中的编号，按编号新增或更新条目。",
        "The entry's number in the edition; rows are matched to existing entries by it.",
        width=12,
        required=True,
    ),
    Column(
        "equipment_name",
        "装备名称*",
        "装备名称，如 重载工业机器人。",
        "The equipment, e.g. 重载工业机器人.",
        width=28,
        required=True,
    ),
    Column("description", "说明", "可选。", "Optional.", width=30),
    Column(
        "support_mode",
        "支持方式*",
        "台(套)数 或 批次数。",
        "台(套)数 (units) or 批次数 (batches).",
        width=12,
        required=True,
    ),
    Column(
        "is_sample",
        "示例",
        "是：演示用示例条目，并非目录原文；留空为否。",
        "是 (yes) for a sample entry made up for the demo; blank means no.",
        width=8,
    ),
    Column("notes", "备注", "可选。", "Optional.", width=24),
]

INDICATOR_PARTS = (
    ("name", "名称", "指标名称，如 额定负载。", "The indicator's name, e.g. 额定负载 (payload)."),
    ("unit", "单位", "单位，如 kg；可留空。", "Its unit, e.g. kg; may be blank."),
    (
        "direction",
        "方向",
        "≥ 表示不低于阈值为达标，≤ 表示不高于阈值为达标。",
        "≥: met at or above the threshold; ≤: met at or below it.",
    ),
    ("threshold", "阈值", "数值，如 500。", "A number, e.g. 500."),
)
INDICATOR_GROUPS_IN_TEMPLATE = 6
_INDICATOR_HEADER = re.compile(
    r"^(?:指标|indicator)(\d{1,2})(名称|单位|方向|阈值|name|unit|direction|threshold)$"
)
_PART_KEYS = {
    "名称": "name",
    "单位": "unit",
    "方向": "direction",
    "阈值": "threshold",
    "name": "name",
    "unit": "unit",
    "direction": "direction",
    "threshold": "threshold",
}


def indicator_header(number: int, part: str) -> str:
    """ "指标2阈值" for the threshold of the second indicator."""
    label = dict((key, zh) for key, zh, _zh, _en in INDICATOR_PARTS)[part]
    return f"指标{number}{label}"


def indicator_column(header: str) -> tuple[int, str] | None:
    """(2, "threshold") for "指标2阈值" or "indicator2threshold"; None for any other header."""
    match = _INDICATOR_HEADER.match(header_key(header))
    if match is None:
        return None
    return int(match.group(1)), _PART_KEYS[match.group(2)]


POLICY_COLUMNS = [
    Column(
        "id",
        "保单编号*",
        "每张保单一个编号，不可重复。",
        "One id per policy, each different.",
        width=16,
        required=True,
    ),
    Column(
        "equipment",
        "装备*",
        "同一台(套)装备的连续保单填写相同的名称或编号，以便按连续投保年度计算。",
        "The same name or serial number for every policy of one unit, so years are counted.",
        width=24,
        required=True,
    ),
    Column(
        "start",
        "起保日期*",
        "如 2025-03-01。",
        "e.g. 2025-03-01.",
        width=13,
        required=True,
    ),
    Column(
        "end",
        "终止日期*",
        "如 2026-02-28。",
        "e.g. 2026-02-28.",
        width=13,
        required=True,
    ),
    Column(
        "sum_insured",
        "保险金额(元)*",
        "以元为单位。",
        "In yuan.",
        width=16,
        required=True,
    ),
    Column(
        "premium",
        "保费(元)*",
        "实际缴纳的保费，以元为单位。",
        "The premium actually paid, in yuan.",
        width=14,
        required=True,
    ),
]
