"""CN 2024 regime: the national scheme since the 2024 reform (qualify → insure → apply).

A case with a qualification under the national set. The qualification review (资格审定) grants a
premium-subsidy cap (保费补助资金额度上限) with a validity window; each policy must lie inside
the window; ``subsidy = min(80 % × premium, cap - granted before - already granted)``, the
policies drawing on the cap in start-date order.
"""

from __future__ import annotations

from decimal import Decimal

from rulebook.engine.money import money_str, percent_str, round_fen
from rulebook.engine.parameters import ParameterSet
from rulebook.firstset.case import Case, Policy, Qualification
from rulebook.firstset.reasons import (
    CAP_EXHAUSTED,
    CAP_LIMITED,
    NO_ELIGIBLE_PREMIUM,
    NOT_IN_FORCE,
    OK,
    OUTSIDE_WINDOW,
)
from rulebook.firstset.rules.chains import link_chains, trace_chain
from rulebook.firstset.rules.common import PolicyResult, counted_premium, scheme_applies
from rulebook.firstset.rules.registry import CN_2024, rule

SCHEME_OPEN = "qualification_scheme_open"
WINDOW_RULE = "policy_window_rule"
RATE_CAP = "premium_rate_cap_2024"
RATIO = "subsidy_ratio"
CAP_RULE = "subsidy_cap_rule"


@rule(regimes=(CN_2024,), reads=(SCHEME_OPEN,), title_zh="2024年起的新机制是否适用于该保单")
def qualification_scheme_applies(
    policy: Policy, params: ParameterSet, result: PolicyResult
) -> bool:
    """Does the 2024 scheme cover this policy?

    Clause (reference §1): "Since the 2024 reform (工信部联重装〔2024〕89号, signed 2024-05-24,
    published 2024-06-04 …) it is qualify → insure → apply for funds: a qualification review
    (资格审定) grants a premium-subsidy cap (保费补助资金额度上限) with a validity window."

    How the code reads it: ``qualification_scheme_open`` in force on the policy's start date
    (true from 2024-05-24) decides; before, the policy gets 0 with reason ``not_in_force``.
    """
    label = ("2024年改革后的保险补偿政策", "insurance compensation scheme of the 2024 reform")
    return scheme_applies(policy, params, SCHEME_OPEN, result, label)


@rule(regimes=(CN_2024,), reads=(WINDOW_RULE,), title_zh="保险期间须在额度上限的有效期内")
def inside_validity_window(
    policy: Policy, qualification: Qualification, params: ParameterSet, result: PolicyResult
) -> bool:
    """The policy period must lie inside the cap's validity window.

    Clause (seed, third article): 「在支持范围上,保险期间需在保费补助资金额度上限有效期内。」

    How the code reads it (``policy_window_rule`` = ``wholly_inside``, S): ``valid_from <=
    start`` and ``end <= valid_to``, both ends included; a policy ending on ``valid_to`` is
    inside, one ending a day later is not (reason ``outside_window``). The alternative value
    ``starts_inside`` only requires the start to be inside.
    """
    window_rule = params.at(WINDOW_RULE, policy.start)
    low, high = qualification.valid_from, qualification.valid_to
    starts_inside = low <= policy.start <= high
    inside = starts_inside and (window_rule.value == "starts_inside" or policy.end <= high)
    verdict_zh, verdict_en = ("在", "inside") if inside else ("不在", "not inside")
    result.trace.add(
        "validity_window",
        zh=f"保险期间 {policy.start} 至 {policy.end} {verdict_zh}额度有效期 {low} 至 {high} 内。",
        en=f"Policy period {policy.start} to {policy.end} is {verdict_en} the validity window "
        f"{low} to {high}.",
        parameters=[window_rule],
    )
    return inside


@rule(
    regimes=(CN_2024,),
    reads=(RATE_CAP,),
    title_zh="2024年起保险费率自主协商,按实际缴纳的全部保费计算",
)
def premium_counted_2024(policy: Policy, params: ParameterSet, result: PolicyResult) -> Decimal:
    """Since 2024 the premium rate is negotiated freely; the whole premium paid counts.

    Clause (seed): 「鼓励制造企业与承保机构根据装备风险特征自主协商保险费率和险种,
    以提高财政资金使用效能。」

    How the code reads it: ``premium_rate_cap_2024`` is ``null`` (no cap; our reading, I), so
    the premium counted is the premium actually paid. Were a cap ever set, the counted premium
    would be ``min(premium, cap × sum_insured)``.
    """
    return counted_premium(policy, params.at(RATE_CAP, policy.start), result)


@rule(regimes=(CN_2024,), reads=(RATIO,), title_zh="补助不超过实际缴纳保费的80%")
def subsidy_before_cap(
    eligible: Decimal, policy: Policy, params: ParameterSet, result: PolicyResult
) -> Decimal:
    """At most 80 % of the premium actually paid.

    Clause (reference P1, S2025c): "≤ 80 % of premium actually paid".

    How the code reads it: ``subsidy_ratio`` (the 2024-05-24 value) × premium counted, rounded
    half-up to the fen: the upper bound, before the cap is applied.
    """
    ratio = params.at(RATIO, policy.start)
    raw = ratio.value * eligible
    amount = round_fen(raw)
    result.trace.add(
        "subsidy",
        zh=f"补助 = {percent_str(ratio.value)} × 实际保费 {money_str(eligible)} = "
        f"{money_str(amount)} 元（四舍五入到分，额度扣减前）。",
        en=f"Subsidy = {percent_str(ratio.value)} × premium {money_str(eligible)} = "
        f"{money_str(amount)} yuan (rounded half-up to the fen, before the cap).",
        parameters=[ratio],
        amounts={"raw": raw, "before_cap": amount},
    )
    return amount


@rule(regimes=(CN_2024,), reads=(CAP_RULE,), title_zh="补助合计不超过资格审定确定的额度上限")
def draw_on_cap(
    amount: Decimal,
    remaining: Decimal,
    qualification: Qualification,
    params: ParameterSet,
    result: PolicyResult,
) -> tuple[Decimal, str]:
    """The total never exceeds the qualification's cap.

    Clause (reference §4): "funds allocated (never above the remaining cap)"; P10: "total
    subsidy: never above the cap; the cap is set at qualification".

    How the code reads it (``subsidy_cap_rule``, I for the netting): the remaining cap is
    ``cap - granted_before - what earlier policies of the case received``, policies taken in
    start-date order (equal starts in input order). A policy receives ``min(amount, remaining)``:
    ``cap_limited`` when cut, ``cap_exhausted`` (0) when nothing is left.
    """
    cap_rule = params.at(CAP_RULE, result.policy.start)
    cap, before = qualification.cap, qualification.granted_before
    used = cap - before - remaining
    paid = min(amount, remaining)
    reason = OK if paid == amount else (CAP_LIMITED if paid > 0 else CAP_EXHAUSTED)
    result.trace.add(
        "cap",
        zh=f"额度上限 {money_str(cap)} 元 - 此前已获补助 {money_str(before)} 元 - 本次在先保单 "
        f"{money_str(used)} 元 = 剩余 {money_str(remaining)} 元；本保单补助 {money_str(paid)} 元，"
        f"之后剩余 {money_str(remaining - paid)} 元。",
        en=f"Cap {money_str(cap)} - granted before {money_str(before)} - earlier policies of this "
        f"case {money_str(used)} = {money_str(remaining)} yuan left; this policy receives "
        f"{money_str(paid)} yuan, leaving {money_str(remaining - paid)} yuan.",
        parameters=[cap_rule],
        amounts={
            "cap": cap,
            "granted_before": before,
            "used_by_earlier_policies": used,
            "cap_remaining_before": remaining,
            "paid": paid,
            "cap_remaining_after": remaining - paid,
        },
        reason=None if reason == OK else reason,
    )
    return paid, reason


def calculate_cn_2024(case: Case, params: ParameterSet) -> tuple[list[PolicyResult], Decimal]:
    """Every policy's result under the CN 2024 regime (input order) and the cap remaining."""
    qualification = case.qualification
    if qualification is None:
        raise ValueError("the CN 2024 regime needs a case with a qualification")
    links = link_chains(case.policies, params)
    results = {p.index: PolicyResult(p, links[p.index].year) for p in case.policies}
    remaining = qualification.cap - qualification.granted_before
    for policy in case.in_start_order():
        result = results[policy.index]
        trace_chain(links[policy.index], result.trace, informative_only=True)
        remaining -= _policy_result(policy, qualification, remaining, params, result)
    return [results[policy.index] for policy in case.policies], remaining


def _policy_result(
    policy: Policy,
    qualification: Qualification,
    remaining: Decimal,
    params: ParameterSet,
    result: PolicyResult,
) -> Decimal:
    """Decide one policy; return what it draws from the cap."""
    if not qualification_scheme_applies(policy, params, result):
        result.finish(NOT_IN_FORCE)
        return Decimal(0)
    if not inside_validity_window(policy, qualification, params, result):
        result.finish(OUTSIDE_WINDOW)
        return Decimal(0)
    result.eligible = premium_counted_2024(policy, params, result)
    if result.eligible == 0:
        result.finish(NO_ELIGIBLE_PREMIUM)
        return Decimal(0)
    amount = subsidy_before_cap(result.eligible, policy, params, result)
    paid, reason = draw_on_cap(amount, remaining, qualification, params, result)
    result.finish(reason, paid)
    return paid
