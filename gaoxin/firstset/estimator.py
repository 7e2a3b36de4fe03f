"""The subsidy estimator: from what a person typed (or uploaded) to the rulebook's case, and
from the rulebook's result to what the page shows.

The estimator is a calculation: it reads no database and saves nothing. The rules are the
rulebook's (:func:`rulebook.firstset.calc.calculate`); this module only builds the case,
points each :class:`CaseError` at the field a person can correct, and decorates the result with
labels, formatted values and links to the rules explorer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rulebook.engine.errors import CaseError
from rulebook.firstset import NATIONAL
from rulebook.firstset.calc import calculate, parameter_sets
from rulebook.firstset.reasons import NOT_IN_FORCE, REASONS
from rulebook.firstset.rules import PROVINCIAL, REGISTRY
from rulebook.firstset.rules.cn_2024 import SCHEME_OPEN as QUALIFICATION_SCHEME_OPEN
from rulebook.firstset.rules.cn_legacy import SCHEME_OPEN as LEGACY_SCHEME_OPEN
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


# --- provinces and their parameter folders ---------------------------------------------------

# The 31 provincial-level divisions by the first two digits of their region codes (GB/T 2260).
PROVINCES: tuple[tuple[str, Any], ...] = (
    ("11", gettext_lazy("Beijing")), ("12", gettext_lazy("Tianjin")),
    ("13", gettext_lazy("Hebei")), ("14", gettext_lazy("Shanxi")),
    ("15", gettext_lazy("Inner Mongolia")), ("21", gettext_lazy("Liaoning")),
    ("22", gettext_lazy("Jilin")), ("23", gettext_lazy("Heilongjiang")),
    ("31", gettext_lazy("Shanghai")), ("32", gettext_lazy("Jiangsu")),
    ("33", gettext_lazy("Zhejiang")), ("34", gettext_lazy("Anhui")),
    ("35", gettext_lazy("Fujian")), ("36", gettext_lazy("Jiangxi")),
    ("37", gettext_lazy("Shandong")), ("41", gettext_lazy("Henan")),
    ("42", gettext_lazy("Hubei")), ("43", gettext_lazy("Hunan")),
    ("44", gettext_lazy("Guangdong")), ("45", gettext_lazy("Guangxi")),
    ("46", gettext_lazy("Hainan")), ("50", gettext_lazy("Chongqing")),
    ("51", gettext_lazy("Sichuan")), ("52", gettext_lazy("Guizhou")),
    ("53", gettext_lazy("Yunnan")), ("54", gettext_lazy("Tibet")),
    ("61", gettext_lazy("Shaanxi")), ("62", gettext_lazy("Gansu")),
    ("63", gettext_lazy("Qinghai")), ("64", gettext_lazy("Ningxia")),
    ("65", gettext_lazy("Xinjiang")),
)  # fmt: skip
PROVINCE_NAMES = dict(PROVINCES)

PROVINCIAL_PARAMETERS = {"33": "ZJ"}
"""Province (region code prefix) → the rulebook's parameter folder of its own scheme. Every
province not listed here (Henan among them) has no provincial set: the national rules (CN)
apply. The case keeps the rulebook's jurisdiction codes (CN, ZJ)."""


def province_choices() -> list[tuple[str, Any]]:
    """全国 (the national rules) first, then the 31 provinces."""
    return [(NATIONAL, gettext_lazy("Nationwide")), *PROVINCES]


def jurisdiction_for(province: str) -> str:
    """The parameter folder a province's policies are calculated with."""
    code = PROVINCIAL_PARAMETERS.get(province, NATIONAL)
    return code if code in parameter_sets() else NATIONAL


def province_of_region(region_code: str | None) -> str:
    """A region code's province (its first two digits), or the national choice."""
    prefix = (region_code or "")[:2]
    return prefix if prefix in PROVINCE_NAMES else NATIONAL


def jurisdiction_note(province: str) -> str:
    """What the page says about the rules a province's policies follow."""
    if province == NATIONAL or province not in PROVINCE_NAMES:
        return ""
    name = PROVINCE_NAMES[province]
    if jurisdiction_for(province) == NATIONAL:
        return _(
            "%(province)s has no provincial insurance-compensation parameters yet: "
            "the national rules apply."
        ) % {"province": name}
    return _("%(province)s has its own scheme: its provincial parameters apply.") % {
        "province": name
    }


# --- which dates each national regime covers (from the parameters) -----------------------------


@dataclass(frozen=True)
class RegimePeriod:
    regime: str
    label: str
    starts: datetime.date
    ends: datetime.date | None  # None: open
    needs_qualification: bool


def regime_periods() -> list[RegimePeriod]:
    """The dates of policy start each national regime covers, read from the boolean
    parameters ``legacy_scheme_open`` and ``qualification_scheme_open`` (never literals)."""
    params = parameter_sets()[NATIONAL]
    periods = []
    for regime, name, needs in (
        ("cn_legacy", LEGACY_SCHEME_OPEN, False),
        ("cn_2024", QUALIFICATION_SCHEME_OPEN, True),
    ):
        for starts, ends in _open_spans(params[name].values):
            periods.append(RegimePeriod(regime, regime_label(regime), starts, ends, needs))
    return periods


def _open_spans(values) -> list[tuple[datetime.date, datetime.date | None]]:
    """The spans of dates over which a dated boolean is true."""
    spans = []
    for index, dated in enumerate(values):
        if dated.value is not True:
            continue
        following = values[index + 1].effective if index + 1 < len(values) else None
        ends = following - datetime.timedelta(days=1) if following else None
        spans.append((dated.effective, ends))
    return spans


def qualification_scheme_start() -> datetime.date | None:
    spans = [p.starts for p in regime_periods() if p.needs_qualification]
    return min(spans) if spans else None


# --- choices -------------------------------------------------------------------------------


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
    province: str = ""  # the province chosen (region code prefix), "" or CN: nationwide

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
    if head == "jurisdiction":
        return ErrorTarget("form", "province")
    if head == "tier":
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
class ZeroHint:
    """Why a policy got nothing and what would change it: ``action`` "qualification" (fill in
    the qualification's fields) or "untick" (the 2015–2023 rules need no qualification)."""

    policy: str
    text: str
    action: str


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
    jurisdiction_note: str = ""
    hints: list[ZeroHint] = field(default_factory=list)

    @property
    def total_display(self) -> str:
        return money(self.total)

    @property
    def cap_remaining_display(self) -> str:
        return money(self.cap_remaining) if self.cap_remaining is not None else ""


def estimate(data: EstimateInput) -> EstimateView:
    """Calculate; raises :class:`CaseError` for a malformed case."""
    result = calculate(data.case())
    view = present(data, result)
    view.jurisdiction_note = jurisdiction_note(data.province) if data.province else ""
    view.hints = zero_hints(data, result)
    return view


def zero_hints(data: EstimateInput, result: Mapping[str, Any]) -> list[ZeroHint]:
    """For each national policy the scheme does not cover on its start date, what is missing."""
    if data.jurisdiction != NATIONAL:
        return []
    reform = qualification_scheme_start()
    hints = []
    for (_row, policy), outcome in zip(data.policies, result["policies"], strict=True):
        if outcome["reason"] != NOT_IN_FORCE or reform is None:
            continue
        start = _as_date(policy.get("start"))
        if start is None:
            continue
        hint = _hint_for(str(outcome["id"]), start, reform, data.qualification is not None)
        if hint:
            hints.append(hint)
    return hints


def _hint_for(policy_id, start, reform, qualified) -> ZeroHint | None:
    if start >= reform and not qualified:
        text = _(
            "From 2024, qualify first, then insure: this policy starts after the 2024 reform, "
            "so fill in the qualification's cap and validity window."
        )
        return ZeroHint(policy_id, text, "qualification")
    legacy = [p for p in regime_periods() if not p.needs_qualification]
    if qualified and start < reform and any(_covers(p, start) for p in legacy):
        text = _(
            "This policy starts before the 2024 reform: the 2015–2023 rules apply to it, "
            "without a qualification; untick the qualification to use them."
        )
        return ZeroHint(policy_id, text, "untick")
    return None


def _covers(period: RegimePeriod, day: datetime.date) -> bool:
    return period.starts <= day and (period.ends is None or day <= period.ends)


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


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
