"""The policy calculator (政策计算器): every published policy explained for one enterprise.

For each policy, the version in force on the date: met / nearly met (with the gap) / not met /
unknown (which facts to ask for), the estimated amount, and the article behind each clause.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gaoxin.firstset.display import localized
from rulebook.criteria import compile_criteria, compile_formula, evaluate_amount, explain

from .facts import CATALOG
from .models import Policy, PolicyVersion

ORDER = {"met": 0, "nearly_met": 1, "unknown": 2, "not_met": 3}


@dataclass
class ClauseView:
    article: str
    label: str
    result: bool | None
    text: str


@dataclass
class PolicyResult:
    policy: Policy
    version: PolicyVersion
    status: str
    amount: Decimal | None
    clauses: list[ClauseView] = field(default_factory=list)
    failing: list[ClauseView] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Calculation:
    as_of: datetime.date
    facts: dict[str, Any]
    results: list[PolicyResult]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.results if r.status == "met" and r.amount), Decimal(0))

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def _view(clause) -> ClauseView:
    return ClauseView(
        article=clause.article,
        label=clause.label,
        result=clause.result,
        text=localized(clause.text_zh, clause.text_en),
    )


def evaluate(definition: dict[str, Any], facts: dict[str, Any]) -> tuple[Any, Decimal | None]:
    """Explain ``definition`` ({"criteria", "formula"}) for ``facts``: (Explanation, amount)."""
    criteria = compile_criteria(definition["criteria"], CATALOG)
    explanation = explain(criteria, facts)
    amount = None
    if definition.get("formula") is not None and explanation.status in ("met", "nearly_met"):
        amount = evaluate_amount(compile_formula(definition["formula"], CATALOG), facts)
    return explanation, amount


def calculate(
    pairs: list[tuple[Policy, PolicyVersion]], facts: dict[str, Any], as_of: datetime.date
) -> Calculation:
    results = []
    for policy, version in pairs:
        explanation, amount = evaluate(
            {"criteria": version.criteria, "formula": version.formula}, facts
        )
        results.append(
            PolicyResult(
                policy=policy,
                version=version,
                status=explanation.status,
                amount=amount,
                clauses=[_view(c) for c in explanation.clauses],
                failing=[_view(c) for c in explanation.failing],
                missing=list(explanation.missing),
            )
        )
    results.sort(key=lambda r: (ORDER.get(r.status, 9), -(r.amount or 0), r.policy.title))
    return Calculation(as_of=as_of, facts=facts, results=results)
