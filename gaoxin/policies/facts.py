"""The facts catalog: every fact a policy's criteria may use, declared once, and where its value
comes from in the enterprise registry.

- yearly figures (revenue … export_value) are the last complete year's ``YearlyFact``: the
  latest year on file before the year of ``as_of`` (filings lag, so the year before may not
  be on file yet);
- ``rnd_ratio`` is derived: R&D expense / revenue of that year, in percentage points, 2 places;
- ``years_since_founding`` counts whole years from the founding date to ``as_of``;
- ``stage``, ``park`` (the park's name), ``industry_code`` come from the profile;
- ``qualifications`` is the set of qualification kinds valid on ``as_of``.

A missing value is ``None`` (the criteria engine reads it as *unknown*).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from gaoxin.enterprises.models import Enterprise, Qualification, YearlyFact
from rulebook.criteria import FactCatalog, Frame

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


def fact_label(key: str, chinese: bool) -> str:
    if key not in CATALOG:
        return key
    fact = CATALOG[key]
    return fact.label_zh if chinese else fact.label_en


def _years_between(start: datetime.date | None, end: datetime.date) -> int | None:
    if start is None or start > end:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _yearly(row: dict[str, Any] | None) -> dict[str, Any]:
    values = {name: (row or {}).get(name) for name in YEARLY_FIELDS}
    revenue, rnd = values["revenue"], values["rnd_expense"]
    ratio = None
    if revenue and rnd is not None:
        ratio = (Decimal(rnd) * 100 / Decimal(revenue)).quantize(Decimal("0.01"))
    values["rnd_ratio"] = ratio
    return values


def _valid_on(as_of: datetime.date) -> Q:
    return Q(valid_from__lte=as_of) & (Q(valid_to__isnull=True) | Q(valid_to__gte=as_of))


def enterprise_facts(enterprise: Enterprise, as_of: datetime.date) -> dict[str, Any]:
    """The facts of one enterprise on ``as_of`` (yearly figures of the year before)."""
    row = (
        YearlyFact.objects.filter(enterprise=enterprise, year__lt=as_of.year)
        .order_by("-year")
        .values(*YEARLY_FIELDS)
        .first()
    )
    kinds = set(
        Qualification.objects.filter(_valid_on(as_of), enterprise=enterprise).values_list(
            "kind", flat=True
        )
    )
    return {
        **_yearly(row),
        "years_since_founding": _years_between(enterprise.founded_on, as_of),
        "stage": enterprise.stage or None,
        "park": enterprise.park.name if enterprise.park_id else None,
        "industry_code": enterprise.industry_code or None,
        "qualifications": kinds,
    }


def facts_frame(queryset: QuerySet[Enterprise], as_of: datetime.date) -> tuple[list[int], Frame]:
    """The facts of every enterprise of ``queryset`` as columns: ids in row order (ascending)
    and the :class:`Frame` for ``match_batch`` — read by :func:`.columnar.load_facts` (a few
    queries, integer arrays, no Python loop over the enterprises on PostgreSQL)."""
    from .columnar import load_facts

    columns = load_facts(as_of, queryset)
    return columns.ids.tolist(), columns.frame
