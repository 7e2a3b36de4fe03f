"""The facts catalog: the facts criteria may use, each declared once with its type and unit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rulebook.criteria.errors import CriteriaError

FACT_TYPES = ("number", "money", "percent", "boolean", "date", "code", "set")
NUMERIC_TYPES = ("number", "money", "percent")


@dataclass(frozen=True)
class Fact:
    """A fact criteria may use.

    ``type`` is one of :data:`FACT_TYPES`. A ``percent`` is held in percentage points (``2.1`` is
    2.1 %), a ``money`` in yuan. ``unit`` (``unit_en``) is shown after values in explanations.
    """

    key: str
    label_zh: str
    label_en: str
    type: str
    unit: str = ""
    unit_en: str = ""

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES


class FactCatalog:
    """The declared facts, by key."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts: dict[str, Fact] = {}
        for fact in facts:
            if fact.key in self.facts:
                raise CriteriaError(
                    f"facts.{fact.key}", "事实重复声明", f"fact {fact.key!r} declared twice"
                )
            self.facts[fact.key] = fact

    @classmethod
    def from_list(cls, items: Iterable[Mapping[str, Any]]) -> FactCatalog:
        """Load a catalog from dicts ``{"key", "label_zh", "label_en", "type", "unit"?, ...}``."""
        facts = []
        for index, item in enumerate(items):
            path = f"facts[{index}]"
            if not isinstance(item, Mapping):
                raise CriteriaError(path, "应为对象", "must be an object")
            for name in ("key", "type"):
                if not isinstance(item.get(name), str) or not item[name]:
                    raise CriteriaError(
                        f"{path}.{name}", "缺失或不是字符串", "missing or not a string"
                    )
            if item["type"] not in FACT_TYPES:
                raise CriteriaError(
                    f"{path}.type",
                    f"类型须为 {', '.join(FACT_TYPES)} 之一",
                    f"must be one of {', '.join(FACT_TYPES)}",
                )
            unknown = set(item) - {"key", "label_zh", "label_en", "type", "unit", "unit_en"}
            if unknown:
                raise CriteriaError(
                    path, f"未知字段 {sorted(unknown)}", f"unknown fields {sorted(unknown)}"
                )
            facts.append(
                Fact(
                    key=item["key"],
                    label_zh=str(item.get("label_zh") or item["key"]),
                    label_en=str(item.get("label_en") or item["key"]),
                    type=item["type"],
                    unit=str(item.get("unit", "")),
                    unit_en=str(item.get("unit_en", item.get("unit", ""))),
                )
            )
        return cls(facts)

    def __contains__(self, key: object) -> bool:
        return key in self.facts

    def __getitem__(self, key: str) -> Fact:
        return self.facts[key]

    def __iter__(self):
        return iter(self.facts.values())


def to_fraction(value: Any, path: str) -> Fraction:
    """A record's number (``Decimal`` or ``int``, never ``float`` or ``bool``), exactly."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise CriteriaError(
            path,
            f"数值须为 Decimal 或整数, 得到 {type(value).__name__}",
            f"a number must be a Decimal or an int, got {type(value).__name__}",
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise CriteriaError(path, "数值须为有限数", "a number must be finite")
    return Fraction(value)


def check_value(fact: Fact, value: Any) -> Any:
    """A record's value of ``fact`` in the evaluator's form; ``None`` stays ``None`` (missing)."""
    if value is None:
        return None
    path = f"facts.{fact.key}"
    if fact.numeric:
        return to_fraction(value, path)
    if fact.type == "boolean":
        if isinstance(value, bool):
            return value
    elif fact.type == "date":
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
    elif fact.type == "code":
        if isinstance(value, str):
            return value
    elif (
        fact.type == "set"
        and isinstance(value, (set, frozenset, list, tuple))
        and all(isinstance(member, str) for member in value)
    ):
        return frozenset(value)
    raise CriteriaError(
        path,
        f"值 {value!r} 不是 {fact.type} 类型",
        f"value {value!r} is not of type {fact.type}",
    )
