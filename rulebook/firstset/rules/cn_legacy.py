"""CN legacy regime: the national pilot scheme 2015-2023 (insure → apply → subsidy).

A case without a qualification under the national set. Per policy year:
``subsidy = 80 % × min(premium, 3 % × sum insured)``; at most three compensated years per
equipment while cover is continuous; the first-year (新保) policies of an application must add up
to 200 000 yuan of premium. Every number is a parameter of ``parameters/CN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rulebook.engine.money import money_str, percent_str, round_fen
from rulebook.engine.parameters import ParameterSet
from rulebook.firstset.case import Case, Policy
from rulebook.firstset.reasons import (
    BELOW_THRESHOLD,
    FOURTH_YEAR,
    NO_ELIGIBLE_PREMIUM,
    NOT_IN_FORCE,
    OK,
)
from rulebook.firstset.rules.chains import ChainLink, link_chains, trace_chain
from rulebook.firstset.rules.common import (
    PolicyResult,
    counted_premium,
    scheme_applies,
    within_year_limit,
)
from rulebook.firstset.rules.registry import CN_LEGACY, rule

SCHEME_OPEN = "legacy_scheme_open"
YEARS_MAX = "compensated_years_max"
RATE_CAP = "premium_rate_cap"
THRESHOLD = "new_application_premium_threshold"
RATIO = "subsidy_ratio"


@dataclass(frozen=True)
class FirstYearPolicies:
    """The application's first-year (新保) policies that the scheme covers."""

    ids: tuple[str | int, ...]
    premium_total: Decimal


@rule(regimes=(CN_LEGACY,), reads=(SCHEME_OPEN,), title_zh="2015–2023年的机制是否适用于该保单")
def legacy_scheme_applies(policy: Policy, params: ParameterSet, result: PolicyResult) -> bool:
    """Does the 2015-2023 scheme cover this policy?

    Clause (reference §1): "Until 2023 the order was insure → apply → subsidy. Since the 2024
    reform (工信部联重装〔2024〕89号 …) it is qualify → insure → apply for funds."

    How the code reads it: the boolean parameter ``legacy_scheme_open`` in force on the policy's
    start date decides (true from 2015-01-01, false from 2024-01-01, the boundary being our
    reading, I). A policy outside gets 0 with reason ``not_in_force``.
    """
    label = ("2015-2023年保险补偿机制", "2015-2023 insurance compensation scheme")
    return scheme_applies(policy, params, SCHEME_OPEN, result, label)


@rule(regimes=(CN_LEGACY,), reads=(YEARS_MAX,), title_zh="同一装备最多补偿三年")
def legacy_year_limit(link: ChainLink, params: ParameterSet, result: PolicyResult) -> bool:
    """At most three compensated years per equipment.

    Clause (S2019b): 「保险期间应连续不间断,保险补偿期间按保险期限据实核算,不超过3年。」

    How the code reads it: the policy's year in its chain (see ``chain_year``) must not exceed
    ``compensated_years_max`` in force on its start date; a fourth (or later) year gets 0 with
    reason ``fourth_year``.
    """
    return within_year_limit(link, params.at(YEARS_MAX, link.policy.start), result)


@rule(regimes=(CN_LEGACY,), reads=(RATE_CAP,), title_zh="计入的保费以保险金额的3%费率为上限")
def legacy_counted_premium(policy: Policy, params: ParameterSet, result: PolicyResult) -> Decimal:
    """The premium counted is capped at a rate of 3 % of the sum insured.

    Clause (S2019b): 「中央财政对符合条件的投保企业按照实际投保费率不超过3%及实际投保年度保费的80%
    给予保险补偿。」

    How the code reads it: ``counted = min(premium, premium_rate_cap × sum_insured)``, the cap
    being the value in force on the policy's start date; rounded to the fen.
    """
    return counted_premium(policy, params.at(RATE_CAP, policy.start), result)


@rule(regimes=(CN_LEGACY,), reads=(THRESHOLD,), title_zh="新保申请须累计保费满20万元")
def new_application_threshold(
    link: ChainLink, first_year: FirstYearPolicies, params: ParameterSet, result: PolicyResult
) -> bool:
    """A new (新保) application needs 200 000 yuan of cumulative premium.

    Clause (S2019d, 一): 「由装备制造企业在累计保费满20万元后提出新保保险补偿申请。」

    How the code reads it: the case is one application. The premiums actually paid on its
    first-year (新保) policies covered by the scheme are added up: a policy is 新保 when it has
    no predecessor of the same equipment or follows a break in cover (P5, V), i.e. year 1 under
    the default ``restart`` reading. Each 新保 policy compares that total with
    ``new_application_premium_threshold`` in force on its own start date (none before 2018,
    our reading). Meeting it exactly is enough; below it the policy gets 0 with reason
    ``below_threshold``. Renewals (续保: continuous cover, year 2, 3) are not subject to it.
    """
    policy = link.policy
    if not link.new:
        result.trace.add(
            "threshold",
            zh="续保保单，不适用新保累计保费门槛。",
            en="A renewal: the new-application premium threshold does not apply.",
        )
        return True
    threshold = params.at(THRESHOLD, policy.start)
    total, ids = first_year.premium_total, ", ".join(str(item) for item in first_year.ids)
    if threshold.value is None:
        met, zh_rule, en_rule = True, "当时未设门槛", "no threshold in force"
    else:
        met = total >= threshold.value
        relation = "≥" if met else "<"
        zh_rule = f"{relation} 门槛 {money_str(threshold.value)} 元"
        en_rule = f"{relation} threshold {money_str(threshold.value)} yuan"
    result.trace.add(
        "threshold",
        zh=f"新保保单（{ids}）保费合计 {money_str(total)} 元，{zh_rule}。",
        en=f"First-year (新保) policies ({ids}) add up to {money_str(total)} yuan, {en_rule}.",
        parameters=[threshold],
        amounts={"first_year_premium_total": total},
    )
    return met


@rule(regimes=(CN_LEGACY,), reads=(RATIO,), title_zh="补助为计入保费的80%")
def legacy_subsidy(
    eligible: Decimal, policy: Policy, params: ParameterSet, result: PolicyResult
) -> Decimal:
    """The subsidy is 80 % of the premium counted.

    Clause (S2019b): 「……及实际投保年度保费的80%给予保险补偿。」

    How the code reads it: ``subsidy = subsidy_ratio × counted premium``, the ratio in force on
    the policy's start date, rounded half-up to the fen (``round_fen``).
    """
    ratio = params.at(RATIO, policy.start)
    raw = ratio.value * eligible
    subsidy = round_fen(raw)
    result.trace.add(
        "subsidy",
        zh=f"补偿 = {percent_str(ratio.value)} × 计入保费 {money_str(eligible)} = "
        f"{money_str(subsidy)} 元（四舍五入到分）。",
        en=f"Subsidy = {percent_str(ratio.value)} × premium counted {money_str(eligible)} = "
        f"{money_str(subsidy)} yuan (rounded half-up to the fen).",
        parameters=[ratio],
        amounts={"raw": raw, "subsidy": subsidy},
    )
    return subsidy


def calculate_cn_legacy(case: Case, params: ParameterSet) -> list[PolicyResult]:
    """Every policy's result under the CN legacy regime, in input order."""
    links = link_chains(case.policies, params)
    results = {p.index: PolicyResult(p, links[p.index].year) for p in case.policies}
    covered = {}
    for policy in case.in_start_order():
        trace_chain(links[policy.index], results[policy.index].trace)
        covered[policy.index] = legacy_scheme_applies(policy, params, results[policy.index])
    first_year = _first_year_policies(case, links, covered)
    for policy in case.in_start_order():
        result = results[policy.index]
        if not covered[policy.index]:
            result.finish(NOT_IN_FORCE)
            continue
        _policy_result(links[policy.index], first_year, params, result)
    return [results[policy.index] for policy in case.policies]


def _first_year_policies(
    case: Case, links: dict[int, ChainLink], covered: dict[int, bool]
) -> FirstYearPolicies:
    chosen = [
        policy
        for policy in case.in_start_order()
        if links[policy.index].new and covered[policy.index]
    ]
    total = sum((policy.premium for policy in chosen), Decimal(0))
    return FirstYearPolicies(ids=tuple(policy.id for policy in chosen), premium_total=total)


def _policy_result(
    link: ChainLink, first_year: FirstYearPolicies, params: ParameterSet, result: PolicyResult
) -> None:
    policy = link.policy
    if not legacy_year_limit(link, params, result):
        result.finish(FOURTH_YEAR)
        return
    result.eligible = legacy_counted_premium(policy, params, result)
    if not new_application_threshold(link, first_year, params, result):
        result.finish(BELOW_THRESHOLD)
        return
    if result.eligible == 0:
        result.finish(NO_ELIGIBLE_PREMIUM)
        return
    result.finish(OK, legacy_subsidy(result.eligible, policy, params, result))
