"""The policy calculator (政策计算器): every published policy explained for one enterprise.

For each policy, the version in force on the date: met / nearly met (with the gap) / not met /
unknown (which facts to ask for), the estimated amount, and the article behind each clause.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gaoxin.firstset.display import is_chinese
from rulebook.criteria import compile_criteria, compile_formula, evaluate_amount, explain
from rulebook.criteria.explain import CheckedFacts

from .matching.catalog import CATALOG
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
    # The status or amount differs from the one on verified facts alone: it rests on a pending
    # declaration (含未核验数据) and counts for nothing until that is verified.
    unverified: bool = False


@dataclass
class Calculation:
    as_of: datetime.date
    facts: dict[str, Any]
    results: list[PolicyResult]
    # The fact keys whose value comes from a pending declaration (estimate mode).
    unverified: frozenset[str] = frozenset()

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.results if r.status == "met" and r.amount), Decimal(0))

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def has_unverified(self) -> bool:
        return any(r.unverified for r in self.results)


def mark_unverified(
    estimate: Calculation, verified: Calculation, unverified_facts: frozenset[str]
) -> Calculation:
    """Mark each result of ``estimate`` (on facts with pending declarations in place) whose
    status or amount differs from ``verified`` (on verified facts alone)."""
    decided = {r.version.pk: (r.status, r.amount) for r in verified.results}
    for result in estimate.results:
        result.unverified = decided.get(result.version.pk) != (result.status, result.amount)
    estimate.unverified = unverified_facts
    return estimate


def _view(clause, chinese: bool | None = None) -> ClauseView:
    """The clause as a page shows it: its sentence in the language shown (both languages are
    empty or both worded, so this is ``localized()``'s choice, wording only one of them)."""
    text = clause.text_in(is_chinese() if chinese is None else chinese)
    return ClauseView(article=clause.article, label=clause.label, result=clause.result, text=text)


# Compiled definitions, keyed by their repr: equal reprs (dicts, lists, str, int, Decimal, bool,
# None) are equal definitions, so a hit is always the same tree; a new version is a new key.
# Compiling is pure and a compiled tree is only read afterwards, so sharing it is safe.
_COMPILED: dict[tuple[str, str], Any] = {}
_COMPILED_MAX = 4096


def _compiled(kind: str, definition: Any) -> Any:
    key = (kind, repr(definition))
    hit = _COMPILED.get(key)
    if hit is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        compile_ = compile_criteria if kind == "criteria" else compile_formula
        hit = _COMPILED[key] = compile_(definition, CATALOG)
    return hit


def compiled_criteria(definition: Any):
    """``compile_criteria(definition, CATALOG)``, compiled once per process and definition."""
    return _compiled("criteria", definition)


# A published version never changes (PolicyVersion.save refuses it), so its compiled criteria
# and formula are found by (pk, published_at) without the repr of its definitions (~10 µs each,
# a tenth of the calculator's time over 200 policies). The hit is taken only when the stored
# definitions are equal to the version's: a pk reused after a rolled-back test transaction, or
# a version changed behind save(), compiles again instead of answering for another definition.
_BY_VERSION: dict[tuple[int, Any], tuple[Any, Any, Any, Any]] = {}


def compiled_version(version: PolicyVersion) -> tuple[Any, Any]:
    """(compiled criteria, compiled formula or None) of ``version``."""
    if version.pk is None or version.published_at is None:  # a draft: keyed by its content
        return _compiled_pair(version.criteria, version.formula)
    key = (version.pk, version.published_at)
    hit = _BY_VERSION.get(key)
    if hit is not None and hit[0] == version.criteria and hit[1] == version.formula:
        return hit[2], hit[3]
    if len(_BY_VERSION) >= _COMPILED_MAX:
        _BY_VERSION.clear()
    pair = _compiled_pair(version.criteria, version.formula)
    _BY_VERSION[key] = (version.criteria, version.formula, *pair)
    return pair


def _compiled_pair(criteria: Any, formula: Any) -> tuple[Any, Any]:
    return compiled_criteria(criteria), None if formula is None else compiled_formula(formula)


def compiled_formula(definition: Any):
    """``compile_formula(definition, CATALOG)``, compiled once per process and definition."""
    return _compiled("formula", definition)


def evaluate(definition: dict[str, Any], facts: dict[str, Any]) -> tuple[Any, Decimal | None]:
    """Explain ``definition`` ({"criteria", "formula"}) for ``facts``: (Explanation, amount)."""
    return _explained(*_compiled_pair(definition["criteria"], definition.get("formula")), facts)


def _explained(criteria: Any, formula: Any, facts: dict[str, Any]) -> tuple[Any, Decimal | None]:
    """The compiled ``criteria`` explained for ``facts``, and the ``formula``'s amount when they
    are met or nearly met."""
    explanation = explain(criteria, facts)
    amount = None
    if formula is not None and explanation.status in ("met", "nearly_met"):
        amount = evaluate_amount(formula, facts)
    return explanation, amount


def calculate(
    pairs: list[tuple[Policy, PolicyVersion]], facts: dict[str, Any], as_of: datetime.date
) -> Calculation:
    results = []
    chinese = is_chinese()
    record = CheckedFacts(facts)  # each fact checked and converted once for every policy
    for policy, version in pairs:
        explanation, amount = _explained(*compiled_version(version), record)
        views = {id(c): _view(c, chinese) for c in explanation.clauses}
        results.append(
            PolicyResult(
                policy=policy,
                version=version,
                status=explanation.status,
                amount=amount,
                clauses=list(views.values()),
                failing=[views.get(id(c)) or _view(c, chinese) for c in explanation.failing],
                missing=list(explanation.missing),
            )
        )
    results.sort(key=lambda r: (ORDER.get(r.status, 9), -(r.amount or 0), r.policy.title))
    return Calculation(as_of=as_of, facts=facts, results=results)
