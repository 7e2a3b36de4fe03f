"""Chains of policies: the policies of one equipment, in start order, and each one's year.

A chain is continuous when each policy starts the day after the previous one ends. The year of a
policy is its place in the chain (1, 2, 3...); what a break in cover does is a parameter
(``break_in_cover_rule``: ``restart`` at year 1, or ``continue`` counting).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from rulebook.engine.parameters import ParameterSet, ParameterValue
from rulebook.engine.trace import Trace
from rulebook.firstset.case import Policy
from rulebook.firstset.rules.registry import ALL_REGIMES, rule

BREAK_RULE = "break_in_cover_rule"
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ChainLink:
    """A policy's place in the chain of its equipment."""

    policy: Policy
    year: int
    previous: Policy | None = None
    continuous: bool = False
    break_rule: ParameterValue | None = None

    @property
    def new(self) -> bool:
        """True when the policy starts a run of continuous cover (新保): it has no predecessor
        or follows a break. This is the V part of P5 and holds whatever the year count does."""
        return not self.continuous


@rule(regimes=ALL_REGIMES, reads=(BREAK_RULE,), title_zh="保单在同一装备投保链中所处的年度")
def chain_year(policy: Policy, previous: ChainLink | None, params: ParameterSet) -> ChainLink:
    """The year of a policy in the chain of its equipment.

    Clause (S2019b, the 2019 notice as reported by 经济参考报):
        「保险期间应连续不间断,保险补偿期间按保险期限据实核算,不超过3年。」
    Clause (S2019d, 2019 pre-notice, 二):
        「已获得保险补偿且连续投保,但补偿未满3年的装备,由装备制造企业提出续保保险补偿申请。」
    Clause (S-ZJ24, Zhejiang 2024, 三(一)):
        「续保项目应保持连续投保并已获得省财政补贴,如不连续的则按新投保项目提交相关材料。」

    How the code reads it: policies of the same ``equipment`` are taken in start order; a policy
    that starts the day after the previous one ends continues the chain (year + 1). After a break
    the parameter ``break_in_cover_rule`` in force on the new policy's start decides: ``restart``
    (the policy is new, 新保, year 1; reference P5, the restart being our reading, I) or
    ``continue``. One policy counts as one policy year.
    """
    if previous is None:
        return ChainLink(policy=policy, year=1)
    continuous = policy.start == previous.policy.end + ONE_DAY
    if continuous:
        return ChainLink(policy, previous.year + 1, previous.policy, continuous=True)
    break_rule = params[BREAK_RULE].at_or_none(policy.start)
    restart = break_rule is None or break_rule.value == "restart"
    year = 1 if restart else previous.year + 1
    return ChainLink(policy, year, previous.policy, continuous=False, break_rule=break_rule)


def link_chains(policies: Iterable[Policy], params: ParameterSet) -> dict[int, ChainLink]:
    """Each policy's :class:`ChainLink`, keyed by the policy's input index."""
    links: dict[int, ChainLink] = {}
    last: dict[str, ChainLink] = {}
    for policy in sorted(policies, key=lambda item: (item.start, item.index)):
        link = chain_year(policy, last.get(policy.equipment), params)
        links[policy.index] = link
        last[policy.equipment] = link
    return links


def trace_chain(link: ChainLink, trace: Trace, *, informative_only: bool = False) -> None:
    """Explain the policy's year; ``informative_only`` when the regime does not limit years."""
    zh, en = _chain_text(link)
    if informative_only:
        zh += "（2024年政策不限补偿年数，年度仅供参考。）"
        en += " (The 2024 scheme does not limit years; the year is for information.)"
    parameters = [link.break_rule] if link.break_rule is not None else []
    trace.add("chain", zh=zh, en=en, parameters=parameters, amounts={"year": link.year})


def _chain_text(link: ChainLink) -> tuple[str, str]:
    equipment, year, previous = link.policy.equipment, link.year, link.previous
    if previous is None:
        return (
            f"装备「{equipment}」的第 1 个保险年度：此前无同一装备的保单（新保）。",
            f"Year 1 of equipment '{equipment}': no earlier policy of this equipment (new, 新保).",
        )
    if link.continuous:
        return (
            f"装备「{equipment}」的第 {year} 个保险年度：起保日 {link.policy.start} 紧接上一张"
            f"保单 {previous.id} 的止期 {previous.end}，保险连续（续保）。",
            f"Year {year} of equipment '{equipment}': it starts {link.policy.start}, the day "
            f"after policy {previous.id} ended ({previous.end}); cover is continuous (renewal).",
        )
    outcome_zh = "按新保处理，从第 1 年重新计算" if year == 1 else f"年度继续计算为第 {year} 年"
    outcome_en = (
        "it is new (新保) and the count restarts at year 1"
        if year == 1
        else (f"the count continues at year {year}")
    )
    return (
        f"保险中断：同一装备「{equipment}」的上一张保单 {previous.id} 止于 {previous.end}，"
        f"本保单起保于 {link.policy.start}，不连续；{outcome_zh}。",
        f"Break in cover: the previous policy {previous.id} of equipment '{equipment}' ended "
        f"{previous.end} and this one starts {link.policy.start}; {outcome_en}.",
    )
