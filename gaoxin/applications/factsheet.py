"""The application form generated from a policy version: which facts it needs, which are
already verified in the registry (shown, not asked), which the applicant declares, and the
calculator's explanation of the result (reads only; ``services`` freezes it into a version).

The facts are those the version's criteria and formula read (``Criteria.facts()`` /
``Formula.facts()`` over the facts catalog). ``rnd_ratio`` is derived: the form asks for
revenue and R&D expense instead and derives the ratio as the registry does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gaoxin.enterprises.models import YearlyFact
from gaoxin.policies.calculator import compiled_criteria, compiled_formula, evaluate
from gaoxin.policies.matching.catalog import CATALOG, FACT_KEYS, YEARLY_FIELDS
from gaoxin.policies.matching.facts import DECISION, enterprise_facts, fact_sources
from gaoxin.policies.whatif import (
    FactValueError,
    as_input,
    as_json,
    display,
    label,
    parse_value,
    ratio_of,
    unit,
)

from .choices import FactOrigin

DERIVED = {"rnd_ratio": ("revenue", "rnd_expense")}


def needed_keys(version) -> list[str]:
    """The facts the version's criteria and formula read, in catalog order."""
    keys = set(compiled_criteria(version.criteria).facts)
    if version.formula is not None:
        keys |= set(compiled_formula(version.formula).facts)
    return [k for k in FACT_KEYS if k in keys]


def input_keys(version) -> list[str]:
    """The facts the form holds: the needed ones, a derived one replaced by its sources."""
    keys: list[str] = []
    for key in needed_keys(version):
        for k in DERIVED.get(key, (key,)):
            if k not in keys:
                keys.append(k)
    return [k for k in FACT_KEYS if k in keys]


def facts_year(enterprise, as_of: datetime.date) -> int:
    """The year whose figures the facts use: the latest on file before ``as_of``'s year."""
    latest = (
        YearlyFact.objects.filter(enterprise=enterprise, year__lt=as_of.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or as_of.year - 1


@dataclass
class FactRow:
    key: str
    label: str
    unit: str
    type: str
    origin: str
    value: Any = None  # parsed
    text: str = ""  # as typed, or the verified value as an input text
    shown: str = ""  # for reading
    sources: list = field(default_factory=list)
    error: str = ""


@dataclass
class Sheet:
    rows: list[FactRow]
    facts: dict[str, Any]  # every catalog fact, for evaluation
    errors: dict[str, str]
    year: int

    @property
    def asked(self) -> list[FactRow]:
        return [r for r in self.rows if r.origin == FactOrigin.DECLARED]

    @property
    def verified(self) -> list[FactRow]:
        return [r for r in self.rows if r.origin == FactOrigin.VERIFIED]


def _row(key: str, origin: str, value: Any, text: str, sources=None, error="") -> FactRow:
    fact = CATALOG[key]
    return FactRow(
        key=key,
        label=label(fact),
        unit=unit(fact),
        type=fact.type,
        origin=origin,
        value=value,
        text=text,
        shown=display(fact, value) if value is not None else "",
        sources=sources or [],
        error=error,
    )


def build_sheet(version, enterprise, typed: dict[str, Any], as_of: datetime.date) -> Sheet:
    """The form's rows: verified values from the registry (decision mode), the others parsed
    from ``typed`` (errors named by fact), and the catalog facts for evaluation."""
    verified = enterprise_facts(enterprise, as_of, DECISION)
    keys = input_keys(version)
    sources = fact_sources([enterprise.pk], keys, as_of).get(enterprise.pk, {})
    facts = dict(verified)
    rows, errors = [], {}
    for key in keys:
        current = verified.get(key)
        if current is not None and current != set():
            fact = CATALOG[key]
            rows.append(
                _row(key, FactOrigin.VERIFIED, current, as_input(fact, current), sources.get(key))
            )
            continue
        raw = typed.get(key)
        try:
            value = parse_value(CATALOG[key], raw)
        except FactValueError as exc:
            value, errors[key] = None, exc.message
        facts[key] = value if value is not None else (set() if CATALOG[key].type == "set" else None)
        text = raw if isinstance(raw, str) else ("" if raw is None else ",".join(sorted(raw)))
        rows.append(_row(key, FactOrigin.DECLARED, value, text, error=errors.get(key, "")))
    for derived, (a, b) in DERIVED.items():
        if facts.get(derived) is None:
            facts[derived] = ratio_of(facts.get(a), facts.get(b))
    return Sheet(rows=rows, facts=facts, errors=errors, year=facts_year(enterprise, as_of))


def explain(version, facts: dict[str, Any]) -> tuple[dict[str, Any], Decimal | None]:
    """The calculator's explanation as JSON (status, clauses, missing, amount), and the amount."""
    explanation, amount = evaluate(
        {"criteria": version.criteria, "formula": version.formula}, facts
    )
    clauses = [
        {
            "article": c.article,
            "label": c.label,
            "result": c.result,
            "text_zh": c.text_zh,
            "text_en": c.text_en,
        }
        for c in explanation.clauses
    ]
    trace = {
        "policy_version": version.pk,
        "version_number": version.number,
        "status": explanation.status,
        "clauses": clauses,
        "failing": [c.path for c in explanation.failing],
        "missing": list(explanation.missing),
        "amount": None if amount is None else str(amount),
    }
    return trace, amount


def frozen_facts(sheet: Sheet) -> dict[str, dict[str, Any]]:
    """The sheet's facts as a version stores them: value (JSON), origin, sources."""
    return {
        row.key: {
            "value": as_json(CATALOG[row.key], row.value),
            "origin": str(row.origin),
            "sources": row.sources,
        }
        for row in sheet.rows
    }


def thawed_facts(frozen: dict[str, dict[str, Any]], base: dict[str, Any]) -> dict[str, Any]:
    """A version's stored facts parsed back over ``base`` (the catalog's keys), derived ones
    recomputed: what a replay evaluates."""
    facts = {key: None for key in FACT_KEYS}
    facts.update(base)
    for key, item in frozen.items():
        facts[key] = parse_value(CATALOG[key], item["value"])
    for derived, (a, b) in DERIVED.items():
        if derived not in frozen and (a in frozen or b in frozen):
            facts[derived] = ratio_of(facts.get(a), facts.get(b))
    return facts


YEARLY = frozenset(YEARLY_FIELDS)
