"""Provincial regime: one set of rules, one folder of parameters per province.

Zhejiang (``parameters/ZJ``) is the model: ``eligible = min(premium, 2 % × sum insured)``; the
first-year ratio depends on the tier (international 90 %, national 80 %, provincial 70 %) and
steps down 10 points for each earlier year of the chain; ``subsidy = min(ratio × eligible,
5 000 000)``; at most three years. A new province adds a folder holding the parameters listed
in :data:`REQUIRED_PARAMETERS`, no code.
"""

from __future__ import annotations

from decimal import Decimal

from rulebook.engine.money import money_str, percent_str, round_fen
from rulebook.engine.parameters import ParameterSet
from rulebook.firstset.case import Case, Policy
from rulebook.firstset.reasons import (
    CEILING_LIMITED,
    FOURTH_YEAR,
    NO_ELIGIBLE_PREMIUM,
    NO_RATIO_LEFT,
    NOT_IN_FORCE,
    OK,
)
from rulebook.firstset.rules.chains import BREAK_RULE, ChainLink, link_chains, trace_chain
from rulebook.firstset.rules.common import (
    PolicyResult,
    counted_premium,
    scheme_applies,
    within_year_limit,
)
from rulebook.firstset.rules.registry import PROVINCIAL, rule

SCHEME_OPEN = "scheme_open"
YEARS_MAX = "compensated_years_max"
RATE_CAP = "premium_rate_cap"
FIRST_YEAR_RATIO = "first_year_ratio"
STEP_DOWN = "step_down_points"
STEP_DOWN_MODE = "step_down_mode"
YEARLY_CEILING = "yearly_ceiling"

REQUIRED_PARAMETERS = (
    SCHEME_OPEN,
    BREAK_RULE,
    YEARS_MAX,
    RATE_CAP,
    FIRST_YEAR_RATIO,
    STEP_DOWN,
    STEP_DOWN_MODE,
    YEARLY_CEILING,
)
"""The files a provincial folder must hold for the provincial rules to run."""

TIER_ZH = {
    "international": "国际首台(套)",
    "national": "国内首台(套)",
    "provincial": "省内首台(套)",
}
"""Chinese names of the tiers (a province with other tier keys shows the key itself)."""


@rule(regimes=(PROVINCIAL,), reads=(SCHEME_OPEN,), title_zh="省级政策是否适用于该保单")
def provincial_scheme_applies(policy: Policy, params: ParameterSet, result: PolicyResult) -> bool:
    """Does the province's scheme cover this policy?

    Clause (S-ZJ24, 三(一)): 「起保时间在2023年9月1日(本通知所列的时间均含本数,下同)至
    2024年8月31日期间……」

    How the code reads it: the province's ``scheme_open`` in force on the policy's start date
    decides (Zhejiang: from 2023-01-01, that first date being our reading, I; no end known).
    Outside, the policy gets 0 with reason ``not_in_force``.
    """
    code = params.jurisdiction
    label = (f"省级首台(套)保险补偿({code})", f"provincial insurance compensation ({code})")
    return scheme_applies(policy, params, SCHEME_OPEN, result, label)


@rule(regimes=(PROVINCIAL,), reads=(YEARS_MAX,), title_zh="最多补偿三年")
def provincial_year_limit(link: ChainLink, params: ParameterSet, result: PolicyResult) -> bool:
    """At most three years.

    Clause (S-ZJ23): 「……最多可以支持3年。」

    How the code reads it: the policy's year in its chain must not exceed
    ``compensated_years_max`` in force on its start; later years get 0 (``fourth_year``).
    """
    return within_year_limit(link, params.at(YEARS_MAX, link.policy.start), result)


@rule(regimes=(PROVINCIAL,), reads=(RATE_CAP,), title_zh="计入的保费以保险金额的2%费率为上限")
def provincial_counted_premium(
    policy: Policy, params: ParameterSet, result: PolicyResult
) -> Decimal:
    """The premium counted is capped at a rate of 2 % of the sum insured.

    Clause (S-ZJ23): 「首台(套)装备的保险补偿按照实际投保费率最高不超过2%。」

    How the code reads it: ``eligible = min(premium, premium_rate_cap × sum_insured)``, the
    cap in force on the policy's start date, rounded to the fen.
    """
    return counted_premium(policy, params.at(RATE_CAP, policy.start), result)


@rule(
    regimes=(PROVINCIAL,),
    reads=(FIRST_YEAR_RATIO, STEP_DOWN, STEP_DOWN_MODE),
    title_zh="按首台(套)级别确定补偿比例,并逐年递减",
)
def stepped_ratio(
    tier: str, link: ChainLink, params: ParameterSet, result: PolicyResult
) -> Decimal:
    """The ratio by tier, stepping down each year.

    Clause (S-ZJ23): 「国际、国内和省内首台(套)产品首年度实际保费的90%、80%和70%给予保险补偿,
    并且逐年递减10%。」

    How the code reads it: ``first_year_ratio[tier]`` minus ``step_down_points`` for each
    earlier year of the chain (``step_down_mode`` = ``points``: 80 %, 70 %, 60 %; reading I).
    With ``relative`` the ratio is ``first × (1 - step) ^ (year - 1)``. Never below zero.
    """
    on = link.policy.start
    first, step, mode = (
        params.at(name, on) for name in (FIRST_YEAR_RATIO, STEP_DOWN, STEP_DOWN_MODE)
    )
    base, earlier = first.value[tier], link.year - 1
    if mode.value == "relative":
        ratio = base * (1 - step.value) ** earlier
    else:
        ratio = base - step.value * earlier
    ratio = max(ratio, Decimal(0))
    step_zh, step_en = _step_wording(step.value, mode.value)
    result.trace.add(
        "ratio",
        zh=f"{TIER_ZH.get(tier, tier)}首年度比例 {percent_str(base)}，{step_zh}；此前已有 "
        f"{earlier} 个年度，本年度比例 {percent_str(ratio)}。",
        en=f"Tier {tier}: first-year ratio {percent_str(base)}, {step_en}; {earlier} earlier "
        f"year(s), so {percent_str(ratio)} this year.",
        parameters=[first, step, mode],
        amounts={"ratio": ratio},
    )
    return ratio


def _step_wording(step: Decimal, mode: str) -> tuple[str, str]:
    if mode == "relative":
        return f"逐年递减 {percent_str(step)}（相对上一年）", f"{percent_str(step)} less each year"
    points = format((step * 100).normalize(), "f")
    return f"逐年递减 {points} 个百分点", f"minus {points} points a year"


@rule(regimes=(PROVINCIAL,), reads=(YEARLY_CEILING,), title_zh="每年补助不超过500万元")
def within_yearly_ceiling(
    ratio: Decimal, eligible: Decimal, policy: Policy, params: ParameterSet, result: PolicyResult
) -> tuple[Decimal, str]:
    """At most 5 000 000 yuan a year.

    Clause (S-ZJ23): 「年度补偿金额最高不超过500万元」

    How the code reads it: ``subsidy = min(round_fen(ratio × eligible), yearly_ceiling)``, the
    ceiling in force on the policy's start, applied to each policy year (one policy = one
    policy year); reason ``ceiling_limited`` when it cuts.
    """
    ceiling = params.at(YEARLY_CEILING, policy.start)
    raw = ratio * eligible
    amount = round_fen(raw)
    paid = min(amount, ceiling.value)
    reason = OK if paid == amount else CEILING_LIMITED
    result.trace.add(
        "subsidy",
        zh=f"补偿 = min({percent_str(ratio)} × 计入保费 {money_str(eligible)} = "
        f"{money_str(amount)}, 年度上限 {money_str(ceiling.value)}) = {money_str(paid)} 元。",
        en=f"Subsidy = min({percent_str(ratio)} × premium counted {money_str(eligible)} = "
        f"{money_str(amount)}, yearly ceiling {money_str(ceiling.value)}) = "
        f"{money_str(paid)} yuan.",
        parameters=[ceiling],
        amounts={"raw": raw, "before_ceiling": amount, "subsidy": paid},
        reason=None if reason == OK else reason,
    )
    return paid, reason


def calculate_provincial(case: Case, params: ParameterSet) -> list[PolicyResult]:
    """Every policy's result under the province's parameters, in input order."""
    if case.tier is None:
        raise ValueError("a provincial case needs a tier")
    links = link_chains(case.policies, params)
    results = {p.index: PolicyResult(p, links[p.index].year) for p in case.policies}
    for policy in case.in_start_order():
        link, result = links[policy.index], results[policy.index]
        trace_chain(link, result.trace)
        _policy_result(case.tier, link, params, result)
    return [results[policy.index] for policy in case.policies]


def _policy_result(tier: str, link: ChainLink, params: ParameterSet, result: PolicyResult) -> None:
    policy = link.policy
    if not provincial_scheme_applies(policy, params, result):
        result.finish(NOT_IN_FORCE)
        return
    if not provincial_year_limit(link, params, result):
        result.finish(FOURTH_YEAR)
        return
    result.eligible = provincial_counted_premium(policy, params, result)
    if result.eligible == 0:
        result.finish(NO_ELIGIBLE_PREMIUM)
        return
    ratio = stepped_ratio(tier, link, params, result)
    if ratio == 0:
        result.finish(NO_RATIO_LEFT)
        return
    paid, reason = within_yearly_ceiling(ratio, result.eligible, policy, params, result)
    result.finish(reason, paid)
