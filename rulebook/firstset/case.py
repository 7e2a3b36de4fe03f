"""The input case of the calculation contract, parsed and checked.

A case::

    {"jurisdiction": "CN" | "ZJ" | <another provincial folder>,
     "tier": "international" | "national" | "provincial",        # provincial sets only
     "qualification": {"cap", "valid_from", "valid_to", "granted_before"},  # CN 2024 only
     "policies": [{"id", "equipment", "start", "end", "sum_insured", "premium"}]}

Money is a decimal string (or an integer), dates are ISO. Anything malformed raises
:class:`~rulebook.engine.errors.CaseError` naming the field, e.g.
``policies[1].end: end date 2024-01-01 is before start 2024-06-01``.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rulebook.engine.errors import CaseError
from rulebook.engine.inputs import (
    field_path,
    parse_choice,
    parse_date,
    parse_money,
    parse_text,
    reject_unknown,
    require_key,
    require_list,
    require_mapping,
)

CASE_FIELDS = ("jurisdiction", "tier", "qualification", "policies")
QUALIFICATION_FIELDS = ("cap", "valid_from", "valid_to", "granted_before")
POLICY_FIELDS = ("id", "equipment", "start", "end", "sum_insured", "premium")


@dataclass(frozen=True)
class Policy:
    """One insurance policy (one policy year of one equipment)."""

    index: int
    id: str | int
    equipment: str
    start: datetime.date
    end: datetime.date
    sum_insured: Decimal
    premium: Decimal

    @property
    def path(self) -> str:
        return f"policies[{self.index}]"


@dataclass(frozen=True)
class Qualification:
    """The result of the 2024 qualification review: a cap and its validity window."""

    cap: Decimal
    valid_from: datetime.date
    valid_to: datetime.date
    granted_before: Decimal


@dataclass(frozen=True)
class Case:
    jurisdiction: str
    tier: str | None
    qualification: Qualification | None
    policies: tuple[Policy, ...]

    def in_start_order(self) -> list[Policy]:
        """Policies by start date; equal starts keep their input order."""
        return sorted(self.policies, key=lambda policy: (policy.start, policy.index))


def parse_case(raw: Any, tiers: Mapping[str, Sequence[str]], national: str) -> Case:
    """Parse and check a case.

    ``tiers`` maps each known jurisdiction to its tiers (empty for the national set, which
    takes no tier); ``national`` is the national jurisdiction's code.
    """
    raw = require_mapping(raw, "")
    reject_unknown(raw, None, CASE_FIELDS)
    jurisdiction = parse_choice(require_key(raw, "jurisdiction", None), "jurisdiction", tiers)
    tier = _parse_tier(raw, jurisdiction, tiers[jurisdiction])
    qualification = None
    if raw.get("qualification") is not None:
        if jurisdiction != national:
            raise CaseError(
                "qualification",
                f"资格审定额度只适用于国家政策({national})",
                f"a qualification applies to the national scheme ({national}) only",
            )
        qualification = _parse_qualification(raw["qualification"])
    policies = _parse_policies(require_key(raw, "policies", None))
    return Case(jurisdiction, tier, qualification, policies)


def _parse_tier(raw: Mapping[str, Any], jurisdiction: str, tiers: Sequence[str]) -> str | None:
    if not tiers:
        if raw.get("tier") is not None:
            raise CaseError(
                "tier", f"{jurisdiction} 不区分首台(套)级别", f"{jurisdiction} takes no tier"
            )
        return None
    if raw.get("tier") is None:
        names = ", ".join(tiers)
        raise CaseError(
            "tier",
            f"{jurisdiction} 须填写首台(套)级别：{names}",
            f"{jurisdiction} needs the tier of the first set: {names}",
        )
    return parse_choice(raw["tier"], "tier", tiers)


def _parse_qualification(raw: Any) -> Qualification:
    raw = require_mapping(raw, "qualification")
    reject_unknown(raw, "qualification", QUALIFICATION_FIELDS)
    cap = parse_money(require_key(raw, "cap", "qualification"), "qualification.cap")
    valid_from = parse_date(
        require_key(raw, "valid_from", "qualification"), "qualification.valid_from"
    )
    valid_to = parse_date(require_key(raw, "valid_to", "qualification"), "qualification.valid_to")
    granted = raw.get("granted_before")
    granted_before = (
        Decimal(0) if granted is None else parse_money(granted, "qualification.granted_before")
    )
    if valid_to < valid_from:
        raise CaseError(
            "qualification.valid_to",
            f"有效期止 {valid_to} 早于有效期起 {valid_from}",
            f"valid_to {valid_to} is before valid_from {valid_from}",
        )
    if granted_before > cap:
        raise CaseError(
            "qualification.granted_before",
            f"已获补助 {granted_before} 超过额度上限 {cap}",
            f"granted_before {granted_before} exceeds the cap {cap}",
        )
    return Qualification(cap, valid_from, valid_to, granted_before)


def _parse_policies(raw: Any) -> tuple[Policy, ...]:
    items = require_list(raw, "policies")
    if not items:
        raise CaseError("policies", "至少需要一张保单", "at least one policy is needed")
    policies = tuple(_parse_policy(item, index) for index, item in enumerate(items))
    _check_unique_ids(policies)
    _check_no_overlap(policies)
    return policies


def _parse_policy(raw: Any, index: int) -> Policy:
    path = field_path("policies", index)
    raw = require_mapping(raw, path)
    reject_unknown(raw, path, POLICY_FIELDS)
    start = parse_date(require_key(raw, "start", path), f"{path}.start")
    end = parse_date(require_key(raw, "end", path), f"{path}.end")
    if end < start:
        raise CaseError(
            f"{path}.end",
            f"止期 {end} 早于起期 {start}",
            f"end date {end} is before start {start}",
        )
    return Policy(
        index=index,
        id=_parse_id(require_key(raw, "id", path), f"{path}.id"),
        equipment=parse_text(require_key(raw, "equipment", path), f"{path}.equipment"),
        start=start,
        end=end,
        sum_insured=parse_money(require_key(raw, "sum_insured", path), f"{path}.sum_insured"),
        premium=parse_money(require_key(raw, "premium", path), f"{path}.premium"),
    )


def _parse_id(raw: Any, path: str) -> str | int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    return parse_text(raw, path)


def _check_unique_ids(policies: Sequence[Policy]) -> None:
    seen: dict[str | int, Policy] = {}
    for policy in policies:
        if policy.id in seen:
            raise CaseError(
                f"{policy.path}.id",
                f"保单编号 {policy.id!r} 重复(另见 {seen[policy.id].path})",
                f"policy id {policy.id!r} is used twice (see also {seen[policy.id].path})",
            )
        seen[policy.id] = policy


def _check_no_overlap(policies: Sequence[Policy]) -> None:
    """Two policies of the same equipment may not cover the same day."""
    ordered = sorted(policies, key=lambda policy: (policy.equipment, policy.start, policy.index))
    for earlier, later in itertools.pairwise(ordered):
        if earlier.equipment == later.equipment and later.start <= earlier.end:
            raise CaseError(
                f"{later.path}.start",
                f"起期 {later.start} 与同一装备的保单 {earlier.id!r} (止期 {earlier.end}) 重叠",
                f"start {later.start} overlaps policy {earlier.id!r} of the same equipment "
                f"(ends {earlier.end})",
            )
