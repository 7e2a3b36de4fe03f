"""A registry of rule functions, so that the rules explorer can list every rule of a programme
with the clause its docstring quotes and the parameters it reads."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RuleInfo:
    """What the explorer shows of one rule."""

    name: str
    regimes: tuple[str, ...]
    reads: tuple[str, ...]
    doc: str
    module: str
    title_zh: str = ""
    """What the rule does in Chinese; the English title is the docstring's first line."""

    @property
    def title_en(self) -> str:
        return self.doc.splitlines()[0]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "regimes": list(self.regimes),
            "reads": list(self.reads),
            "doc": self.doc,
            "module": self.module,
        }


class RuleRegistry:
    """The rules of one programme, in the order they were declared."""

    def __init__(self, program: str) -> None:
        self.program = program
        self._rules: list[RuleInfo] = []

    def rule(
        self, *, regimes: tuple[str, ...], reads: tuple[str, ...] = (), title_zh: str = ""
    ) -> Callable[[F], F]:
        """Register a rule function. It must have a docstring quoting its clause; its first
        line is the rule's English title, ``title_zh`` its Chinese one."""

        def register(function: F) -> F:
            doc = inspect.getdoc(function)
            if not doc:
                raise TypeError(
                    f"rule {function.__qualname__} needs a docstring quoting its clause"
                )
            self._rules.append(
                RuleInfo(
                    name=function.__name__,
                    regimes=regimes,
                    reads=reads,
                    doc=doc,
                    module=function.__module__,
                    title_zh=title_zh,
                )
            )
            return function

        return register

    def all(self) -> list[RuleInfo]:
        return list(self._rules)

    def for_regime(self, regime: str) -> list[RuleInfo]:
        return [info for info in self._rules if regime in info.regimes]
