"""The facts catalog: every fact a policy's criteria may use, declared once — its key, labels,
type and unit. Everything that reads or checks facts (the three matching paths, the builder,
the calculator, the forms) starts from here; this module depends on nothing of the app, so the
modules reading facts (:mod:`.facts`, :mod:`.columnar`, :mod:`.sql`) depend on it one way.

Where each value comes from in the enterprise registry is :mod:`.facts`.
"""

from __future__ import annotations

from rulebook.criteria import FactCatalog

YEARLY_FIELDS = (
    "revenue",
    "rnd_expense",
    "output_value",
    "employees",
    "tax_paid",
    "patents_granted",
    "export_value",
)

FACTS: list[dict[str, str]] = [
    {"key": "revenue", "label_zh": "营业收入", "label_en": "revenue", "type": "money",
     "unit": "元", "unit_en": " yuan"},
    {"key": "rnd_expense", "label_zh": "研发费用", "label_en": "R&D expense", "type": "money",
     "unit": "元", "unit_en": " yuan"},
    {"key": "output_value", "label_zh": "产值", "label_en": "output value", "type": "money",
     "unit": "元", "unit_en": " yuan"},
    {"key": "employees", "label_zh": "从业人数", "label_en": "employees", "type": "number",
     "unit": "人", "unit_en": ""},
    {"key": "tax_paid", "label_zh": "纳税额", "label_en": "tax paid", "type": "money",
     "unit": "元", "unit_en": " yuan"},
    {"key": "patents_granted", "label_zh": "授权专利数", "label_en": "patents granted",
     "type": "number", "unit": "件", "unit_en": ""},
    {"key": "export_value", "label_zh": "出口额", "label_en": "export value", "type": "money",
     "unit": "元", "unit_en": " yuan"},
    {"key": "rnd_ratio", "label_zh": "研发投入占比", "label_en": "R&D intensity",
     "type": "percent"},
    {"key": "years_since_founding", "label_zh": "成立年限", "label_en": "years since founding",
     "type": "number", "unit": "年", "unit_en": " years"},
    {"key": "stage", "label_zh": "发展阶段", "label_en": "stage", "type": "code"},
    {"key": "park", "label_zh": "所在园区", "label_en": "park", "type": "code"},
    {"key": "industry_code", "label_zh": "行业代码", "label_en": "industry code", "type": "code"},
    {"key": "qualifications", "label_zh": "有效资质", "label_en": "valid qualifications",
     "type": "set"},
]  # fmt: skip

CATALOG = FactCatalog.from_list(FACTS)
FACT_KEYS = tuple(fact["key"] for fact in FACTS)


def fact_label(key: str, chinese: bool) -> str:
    if key not in CATALOG:
        return key
    fact = CATALOG[key]
    return fact.label_zh if chinese else fact.label_en
