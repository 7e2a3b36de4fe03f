"""Does a declared model meet the Catalog entry's core technical indicators? (Django-free)

Seed: 「同一申报企业中已通过资格审定的,所有符合或超过申报装备对应《目录》核心技术指标要求的装备
以及其改进型号装备,均享受政策支持。」 (parameter P9, ``covered_equipment``)

How the code reads it: a unit is covered when every core indicator is met or beaten. An indicator
has a direction: ``>=`` when higher is better (payload), ``<=`` when lower is better
(repeatability). Meeting the threshold exactly counts as met; a missing value is not met.

Input::

    {"indicators": [{"name", "unit", "direction": ">=" | "<=", "threshold"}],
     "declared": {name: value}}

Output::

    {"covered": bool,
     "indicators": [{"name", "unit", "direction", "value", "threshold", "met", "margin"}]}

``margin`` is ``value - threshold`` for ``>=`` and ``threshold - value`` for ``<=`` (positive is
better); values, thresholds and margins are decimal strings, ``null`` when the value is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rulebook.engine.errors import CaseError
from rulebook.engine.inputs import (
    field_path,
    parse_decimal,
    parse_text,
    reject_unknown,
    require_key,
    require_list,
    require_mapping,
)
from rulebook.engine.money import decimal_str

__all__ = ["CaseError", "Indicator", "check"]

DIRECTIONS = {">=": ">=", "<=": "<=", "≥": ">=", "≤": "<="}
"""Accepted spellings of a direction, mapped to the canonical one."""


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    direction: str
    threshold: Decimal

    def margin(self, value: Decimal) -> Decimal:
        """How far ``value`` beats the threshold (negative when it falls short)."""
        return value - self.threshold if self.direction == ">=" else self.threshold - value


def check(payload: Any) -> dict[str, Any]:
    """Check declared values against core indicators; see the module docstring."""
    payload = require_mapping(payload, "")
    reject_unknown(payload, None, ("indicators", "declared"))
    indicators = _parse_indicators(require_key(payload, "indicators", None))
    declared = _parse_declared(require_key(payload, "declared", None), indicators)
    rows = [_row(indicator, declared.get(indicator.name)) for indicator in indicators]
    return {"covered": all(row["met"] for row in rows), "indicators": rows}


def _row(indicator: Indicator, value: Decimal | None) -> dict[str, Any]:
    margin = None if value is None else indicator.margin(value)
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "value": None if value is None else decimal_str(value),
        "threshold": decimal_str(indicator.threshold),
        "met": margin is not None and margin >= 0,
        "margin": None if margin is None else decimal_str(margin),
    }


def _parse_indicators(raw: Any) -> list[Indicator]:
    items = require_list(raw, "indicators")
    if not items:
        raise CaseError(
            "indicators", "至少需要一项核心技术指标", "at least one indicator is needed"
        )
    indicators = [_parse_indicator(item, index) for index, item in enumerate(items)]
    names = [indicator.name for indicator in indicators]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise CaseError(
                f"indicators[{index}].name",
                f"指标名称 {name!r} 重复",
                f"indicator name {name!r} is used twice",
            )
    return indicators


def _parse_indicator(raw: Any, index: int) -> Indicator:
    path = field_path("indicators", index)
    raw = require_mapping(raw, path)
    reject_unknown(raw, path, ("name", "unit", "direction", "threshold"))
    unit = require_key(raw, "unit", path)
    if not isinstance(unit, str):
        raise CaseError(f"{path}.unit", "单位必须是文本", "unit must be a string")
    direction = require_key(raw, "direction", path)
    if not isinstance(direction, str) or direction not in DIRECTIONS:
        raise CaseError(
            f"{path}.direction", "方向必须是 >= 或 <=", 'direction must be ">=" or "<="'
        )
    return Indicator(
        name=parse_text(require_key(raw, "name", path), f"{path}.name"),
        unit=unit.strip(),
        direction=DIRECTIONS[direction],
        threshold=parse_decimal(require_key(raw, "threshold", path), f"{path}.threshold"),
    )


def _parse_declared(raw: Any, indicators: list[Indicator]) -> dict[str, Decimal]:
    """Declared values by indicator name; a null value counts as missing. Names that match no
    indicator are ignored (they cannot make a unit covered)."""
    raw = require_mapping(raw, "declared")
    wanted = {indicator.name for indicator in indicators}
    values: dict[str, Decimal] = {}
    for name, value in _items(raw):
        if name in wanted and value is not None:
            values[name] = parse_decimal(value, f"declared.{name}")
    return values


def _items(raw: Mapping[Any, Any]) -> list[tuple[str, Any]]:
    return [(str(name), value) for name, value in raw.items()]
