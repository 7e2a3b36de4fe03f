"""Pieces shared by the regimes: a policy's result, the scheme-period check, the counted
premium and the year limit. Each function records its step in the policy's trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rulebook.engine.money import money_str, percent_str, round_fen
from rulebook.engine.parameters import ParameterSet, ParameterValue
from rulebook.engine.trace import Trace
from rulebook.firstset.case import Policy
from rulebook.firstset.reasons import OK, REASONS
from rulebook.firstset.rules.chains import ChainLink

ZERO = Decimal(0)


@dataclass
class PolicyResult:
    """What one policy gets, and why."""

    policy: Policy
    year: int
    trace: Trace = field(default_factory=Trace)
    eligible: Decimal = ZERO
    subsidy: Decimal = ZERO
    reason: str = OK

    def finish(self, reason: str, subsidy: Decimal = ZERO) -> None:
        """Record the outcome and close the trace with a result step carrying the reason."""
        self.reason = reason
        self.subsidy = subsidy
        reason_zh, reason_en = REASONS[reason]
        self.trace.add(
            "result",
            zh=f"结果：保单 {self.policy.id} 补偿 {money_str(subsidy)} 元（{reason_zh}）。",
            en=f"Result: policy {self.policy.id} receives {money_str(subsidy)} yuan ({reason_en}).",
            amounts={"subsidy": round_fen(subsidy)},
            reason=reason,
        )


def scheme_applies(
    policy: Policy, params: ParameterSet, name: str, result: PolicyResult, label: tuple[str, str]
) -> bool:
    """True when the boolean parameter ``name`` says the scheme covers a policy starting on
    ``policy.start``; before the parameter's first date the scheme does not exist yet."""
    in_force = params[name].at_or_none(policy.start)
    applies = in_force is not None and in_force.value is True
    start, (label_zh, label_en) = policy.start.isoformat(), label
    if applies:
        zh = f"起保日 {start} 适用{label_zh}。"
        en = f"The {label_en} applies to a policy starting {start}."
    else:
        zh = f"起保日 {start} 不在{label_zh}的适用期间内。"
        en = f"The {label_en} does not apply to a policy starting {start}."
    result.trace.add(
        "scheme_in_force",
        zh=zh,
        en=en,
        parameters=[in_force] if in_force is not None else [],
    )
    return applies


def counted_premium(policy: Policy, rate_cap: ParameterValue, result: PolicyResult) -> Decimal:
    """``min(premium, rate cap × sum insured)``, or the whole premium when the cap is ``None``
    (no rate cap); rounded to the fen."""
    premium, sum_insured = policy.premium, policy.sum_insured
    if rate_cap.value is None:
        eligible = round_fen(premium)
        result.trace.add(
            "counted_premium",
            zh=f"不设费率上限，计入保费 = 实际保费 {money_str(premium)} 元。",
            en=f"No rate cap: the premium counted is the premium paid, {money_str(premium)} yuan.",
            parameters=[rate_cap],
            amounts={"premium": premium, "eligible": eligible},
        )
        return eligible
    ceiling = rate_cap.value * sum_insured
    eligible = round_fen(min(premium, ceiling))
    rate = percent_str(rate_cap.value)
    result.trace.add(
        "counted_premium",
        zh=(
            f"计入保费 = min(实际保费 {money_str(premium)}, {rate} × 保险金额 "
            f"{money_str(sum_insured)} = {money_str(ceiling)}) = {money_str(eligible)} 元。"
        ),
        en=(
            f"Premium counted = min(premium {money_str(premium)}, {rate} × sum insured "
            f"{money_str(sum_insured)} = {money_str(ceiling)}) = {money_str(eligible)} yuan."
        ),
        parameters=[rate_cap],
        amounts={
            "premium": premium,
            "sum_insured": sum_insured,
            "rate_ceiling": ceiling,
            "eligible": eligible,
        },
    )
    return eligible


def within_year_limit(link: ChainLink, max_years: ParameterValue, result: PolicyResult) -> bool:
    """True when the policy's year in its chain does not exceed ``max_years``."""
    year, limit = link.year, max_years.value
    within = year <= limit
    if within:
        zh = f"第 {year} 个补偿年度，未超过最多 {limit} 年。"
        en = f"Year {year} of the chain, within the limit of {limit} years."
    else:
        zh = f"第 {year} 个年度：该装备连续投保已补偿满 {limit} 年，不再补偿。"
        en = f"Year {year} of the chain: {limit} years already compensated, nothing more."
    result.trace.add("year_limit", zh=zh, en=en, parameters=[max_years], amounts={"year": year})
    return within
