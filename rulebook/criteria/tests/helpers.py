"""A small facts catalog and helpers for the criteria tests."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rulebook.criteria import FactCatalog, compile_criteria, compile_formula

CATALOG = FactCatalog.from_list(
    [
        {
            "key": "rnd_ratio",
            "label_zh": "研发投入占比",
            "label_en": "R&D intensity",
            "type": "percent",
            "unit": "%",
        },
        {
            "key": "rnd_expense",
            "label_zh": "研发费用",
            "label_en": "R&D expense",
            "type": "money",
            "unit": "元",
            "unit_en": "yuan",
        },
        {
            "key": "revenue",
            "label_zh": "营业收入",
            "label_en": "revenue",
            "type": "money",
            "unit": "元",
            "unit_en": "yuan",
        },
        {
            "key": "employees",
            "label_zh": "职工人数",
            "label_en": "employees",
            "type": "number",
            "unit": "人",
            "unit_en": "people",
        },
        {"key": "hnte", "label_zh": "高新技术企业", "label_en": "HNTE", "type": "boolean"},
        {"key": "founded", "label_zh": "成立日期", "label_en": "founded", "type": "date"},
        {"key": "industry", "label_zh": "行业", "label_en": "industry", "type": "code"},
        {"key": "tags", "label_zh": "标签", "label_en": "tags", "type": "set"},
    ]
)


def parse(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


def crit(data: Any):
    return compile_criteria(parse(data) if isinstance(data, str) else data, CATALOG)


def formula(data: Any):
    return compile_formula(parse(data) if isinstance(data, str) else data, CATALOG)
