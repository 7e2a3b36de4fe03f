"""The subsidy estimator: from what a person typed (or uploaded) to the rulebook's case, and
from the rulebook's result to what the page shows.

The estimator is a calculation: it reads no database and saves nothing. The rules are the
rulebook's (:func:`rulebook.firstset.calc.calculate`); this module only builds the case,
points each :class:`CaseError` at the field a person can correct, and decorates the result with
labels, formatted values and links to the rules explorer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rulebook.engine.errors import CaseError
from rulebook.firstset import NATIONAL
from rulebook.firstset.calc import calculate, parameter_sets
from rulebook.firstset.reasons import REASONS
from rulebook.firstset.rules import PROVINCIAL, REGISTRY
from rulebook.firstset.rules.provincial import FIRST_YEAR_RATIO

from .display import (
    CONFIDENCE_HELP,
    CONFIDENCE_STYLE,
    jurisdiction_label,
    localized,
    money,
    parameter_anchor,
    parameter_value,
    regime_label,
    tier_label,
)

MAX_POLICIES = 100
"""Policies in one estimate (typed or uploaded)."""

POLICY_KEYS = ("id", "equipment", "start", "end", "sum_insured", "premium")
QUALIFICATION_KEYS = ("cap", "valid_from", "valid_to", "granted_before")
_POLICY_FIELD = re.compile(r"^policies\[(\d+)\](?:\.(\w+))?$")


# --- choices -------------------------------------------------------------------------------


def jurisdiction_choices() -> list[tuple[str, str]]:
    """Every jurisdiction with a parameter folder, the national one first."""
    codes = sorted(parameter_sets(), key=lambda code: (code != NATIONAL, code))
    return [(code, jurisdiction_label(code)) for code in codes]


def tier_choices() -> list[tuple[str, str]]:
    """The tiers any provincial set accepts, in the order its parameter file lists them."""
    tiers: list[str] = []
    for code, params in parameter_sets().items():
        if code != NATIONAL and FIRST_YEAR_RATIO in params:
            tiers += [tier for tier in params[FIRST_YEAR_RATIO].keys if tier not in tiers]
    return [(tier, tier_label(tier)) for tier in tiers]


# --- the case ------------------------------------------------------------------------------


@dataclass
class EstimateInput:
    """What the form collected: the jurisdiction, maybe a qualification, and the policies.

    ``policies`` holds (row, policy) pairs: ``row`` is the place of the policy on the page (the
    formset's form index, or the Excel row), so an error can be shown where it was typed.
    """

    jurisdiction: str
    tier: str | None = None
    qualification: dict[str, Any] | None = None
    policies: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def case(self) -> dict[str, Any]:
        case: dict[str, Any] = {"jurisdiction": self.jurisdiction}
        if self.jurisdiction != NATIONAL:
            case["tier"] = self.tier or None
        if self.qualification is not None:
            case["qualification"] = {
                key: _plain(value)
                for key, value in self.qualification.items()
                if value not in (None, "")
            }
        case["policies"] = [
            {key: _plain(policy.get(key)) for key in POLICY_KEYS} for _row, policy in self.policies
        ]
        return case


def _plain(value: Any) -> Any:
    """Dates as ISO text and amounts as decimal strings, as the contract takes them."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ErrorTarget:
    """Where a :class:`CaseError` belongs on the page."""

    kind: str  # "form" (a field of the main form or None), "policy" (a row), "policies"
    field: str | None = None
    row: int | None = None


def error_target(error: CaseError, estimate: EstimateInput) -> ErrorTarget:
    """``policies[1].end`` → the field ``end`` of the row the second policy came from."""
    match = _POLICY_FIELD.match(error.field)
    if match:
        index = int(match.group(1))
        row = estimate.policies[index][0] if index < len(estimate.policies) else None
        return ErrorTarget("policy", match.group(2), row)
    if error.field == "policies":
        return ErrorTarget("policies")
    head, _dot, tail = error.field.partition(".")
    if head == "qualification":
        return ErrorTarget("form", tail if tail in QUALIFICATION_KEYS else "has_qualification")
    if head in ("jurisdiction", "tier"):
        return ErrorTarget("form", head)
    return ErrorTarget("form", None)


def error_message(error: CaseError) -> str:
    return localized(error.message_zh, error.message_en)


# --- the result ----------------------------------------------------------------------------


@dataclass
class ParameterView:
    name: str
    label: str
    table_id: str | None
    value: str
    effective: str
    document: str
    article: str | None
    url: str | None
    source: str | None
    confidence: str
    confidence_help: str
    confidence_style: str
    note: str | None
    anchor: str
    rules: list[str]


@dataclass
class StepView:
    code: str
    text: str
    reason: str | None
    interpretive: bool
    parameters: list[ParameterView]


@dataclass
class PolicyView:
    row: int
    id: str
    equipment: str
    start: str
    end: str
    sum_insured: str
    premium: str
    year: int | None
    eligible: str
    subsidy: str
    reason: str
    reason_text: str
    steps: list[StepView]

    @property
    def paid(self) -> bool:
        return Decimal(self.subsidy) > 0


@dataclass
class EstimateView:
    """The result as the page (and the Excel download) shows it."""

    regime: str
    regime_label: str
    jurisdiction: str
    jurisdiction_label: str
    tier: str | None
    policies: list[PolicyView]
    total: str
    cap_remaining: str | None
    parameters_version: str
    raw: dict[str, Any]

    @property
    def total_display(self) -> str:
        return money(self.total)

    @property
    def cap_remaining_display(self) -> str:
        return money(self.cap_remaining) if self.cap_remaining is not None else ""


def estimate(data: EstimateInput) -> EstimateView:
    """Calculate; raises :class:`CaseError` for a malformed case."""
    result = calculate(data.case())
    return present(data, result)


def present(data: EstimateInput, result: Mapping[str, Any]) -> EstimateView:
    params = parameter_sets()[data.jurisdiction]
    regime = result["regime"]
    rules_key = regime if data.jurisdiction == NATIONAL else PROVINCIAL
    readers = _rule_readers(rules_key)
    policies = []
    for (row, policy), outcome in zip(data.policies, result["policies"], strict=True):
        policies.append(_policy_view(row, policy, outcome, data.jurisdiction, params, readers))
    return EstimateView(
        regime=regime,
        regime_label=regime_label(regime),
        jurisdiction=data.jurisdiction,
        jurisdiction_label=jurisdiction_label(data.jurisdiction),
        tier=tier_label(data.tier) if data.tier and data.jurisdiction != NATIONAL else None,
        policies=policies,
        total=result["total"],
        cap_remaining=result.get("cap_remaining"),
        parameters_version=result.get("parameters_version", ""),
        raw=dict(result),
    )


def _rule_readers(regime: str) -> dict[str, list[str]]:
    """For each parameter, the rules of ``regime`` that read it."""
    readers: dict[str, list[str]] = {}
    for info in REGISTRY.for_regime(regime):
        for name in info.reads:
            readers.setdefault(name, []).append(info.name)
    return readers


def _policy_view(row, policy, outcome, code, params, readers) -> PolicyView:
    reason = outcome["reason"]
    zh, en = REASONS.get(reason, (reason, reason))
    return PolicyView(
        row=row,
        id=str(outcome["id"]),
        equipment=str(policy.get("equipment") or ""),
        start=_plain(policy.get("start")) or "",
        end=_plain(policy.get("end")) or "",
        sum_insured=money(_plain(policy.get("sum_insured"))),
        premium=money(_plain(policy.get("premium"))),
        year=outcome.get("year"),
        eligible=outcome["eligible"],
        subsidy=outcome["subsidy"],
        reason=reason,
        reason_text=localized(zh, en),
        steps=[_step_view(step, code, params, readers) for step in outcome["trace"]],
    )


def _step_view(step: Mapping[str, Any], code, params, readers) -> StepView:
    return StepView(
        code=step["step"],
        text=localized(step.get("zh"), step.get("en")),
        reason=step.get("reason"),
        interpretive=bool(step.get("interpretive")),
        parameters=[_parameter_view(item, code, params, readers) for item in step["parameters"]],
    )


def _parameter_view(item: Mapping[str, Any], code, params, readers) -> ParameterView:
    name = item["name"]
    definition = params.parameters.get(name)
    kind = definition.type if definition is not None else None
    reference = item.get("reference") or {}
    confidence = item.get("confidence") or ""
    return ParameterView(
        name=name,
        label=localized(item.get("description_zh"), item.get("label_en")),
        table_id=item.get("table_id"),
        value=parameter_value(item.get("value"), kind),
        effective=item.get("effective") or "",
        document=reference.get("document") or "",
        article=reference.get("article"),
        url=reference.get("url"),
        source=reference.get("source"),
        confidence=confidence,
        confidence_help=str(CONFIDENCE_HELP.get(confidence, "")),
        confidence_style=CONFIDENCE_STYLE.get(confidence, "text-bg-secondary"),
        note=localized(item.get("note_zh"), item.get("note_en")),
        anchor=parameter_anchor(code, name),
        rules=readers.get(name, []),
    )
