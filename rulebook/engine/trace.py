"""Traces: the explanation that travels with every result.

A :class:`Trace` is an ordered list of :class:`TraceStep`. Each step says what was decided, in
Chinese and English, lists the parameters it used (name, value, effective date, reference,
confidence) and the intermediate amounts, and, when the step decides a zero or a limit, the stable
reason code. A step that used a value of confidence ``I`` (our reading) is flagged
``interpretive`` so that a reader knows where the sources are silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rulebook.engine.money import decimal_str
from rulebook.engine.parameters import ParameterValue, to_jsonable


@dataclass(frozen=True)
class TraceStep:
    """One step of a calculation."""

    code: str
    zh: str
    en: str
    parameters: tuple[ParameterValue, ...] = ()
    amounts: Mapping[str, Decimal | int | str] = field(default_factory=dict)
    reason: str | None = None

    @property
    def interpretive(self) -> bool:
        """True when a parameter used here is our reading (confidence ``I``)."""
        return any(parameter.interpretive for parameter in self.parameters)

    def as_dict(self) -> dict[str, Any]:
        """The step as a JSON-ready mapping; amounts are decimal strings."""
        step: dict[str, Any] = {
            "step": self.code,
            "zh": self.zh,
            "en": self.en,
            "parameters": [parameter.as_dict() for parameter in self.parameters],
            "amounts": {name: _amount(value) for name, value in self.amounts.items()},
            "interpretive": self.interpretive,
        }
        if self.reason is not None:
            step["reason"] = self.reason
        return step


def _amount(value: Decimal | int | str) -> Any:
    if isinstance(value, Decimal):
        return decimal_str(value)
    return to_jsonable(value)


class Trace:
    """The ordered steps of one record's calculation."""

    def __init__(self) -> None:
        self.steps: list[TraceStep] = []

    def add(
        self,
        code: str,
        *,
        zh: str,
        en: str,
        parameters: Iterable[ParameterValue] = (),
        amounts: Mapping[str, Decimal | int | str] | None = None,
        reason: str | None = None,
    ) -> TraceStep:
        """Append a step and return it."""
        step = TraceStep(
            code=code,
            zh=zh,
            en=en,
            parameters=tuple(parameters),
            amounts=dict(amounts or {}),
            reason=reason,
        )
        self.steps.append(step)
        return step

    @property
    def parameters_used(self) -> list[ParameterValue]:
        """Every parameter value used, in order of first use."""
        seen: dict[tuple[str, Any], ParameterValue] = {}
        for step in self.steps:
            for parameter in step.parameters:
                seen.setdefault((parameter.name, parameter.effective), parameter)
        return list(seen.values())

    def as_list(self) -> list[dict[str, Any]]:
        """The trace as a JSON-ready list of steps."""
        return [step.as_dict() for step in self.steps]

    def __len__(self) -> int:
        return len(self.steps)
