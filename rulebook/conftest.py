"""Collect the YAML cases ``rulebook/<program>/cases/*.yaml`` as pytest items.

In the manner of openfisca-core's YAML test runner: each file is a :class:`pytest.File`, each
case in it an :class:`pytest.Item` that runs the programme's ``calc.calculate`` on the case's
input and compares the result with the case's expectations (see ``rulebook.engine.cases``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rulebook.engine.cases import (
    CaseFileError,
    YamlCase,
    compare_error,
    compare_result,
    read_case_file,
)
from rulebook.engine.errors import CaseError

RULEBOOK_ROOT = Path(__file__).resolve().parent


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    if (
        file_path.suffix == ".yaml"
        and file_path.parent.name == "cases"
        and file_path.resolve().parent.parent.parent == RULEBOOK_ROOT
    ):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseMismatchError(Exception):
    """A case's result differs from its expectations."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        program = self.path.resolve().parent.parent.name
        for case in read_case_file(self.path):
            yield CaseItem.from_parent(self, name=case.name, case=case, program=program)


class CaseItem(pytest.Item):
    def __init__(self, *, case: YamlCase, program: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.program = program

    def runtest(self) -> None:
        calculate = importlib.import_module(f"rulebook.{self.program}.calc").calculate
        spec = self.case.spec
        try:
            result = calculate(spec["input"])
        except CaseError as error:
            if "error" not in spec:
                raise CaseMismatchError([f"unexpected CaseError: {error}"]) from error
            problems = compare_error(spec, error)
        else:
            if "error" in spec:
                problems = [f"expected a CaseError on {spec['error'].get('field')!r}, got a result"]
            else:
                problems = compare_result(spec, result)
        if problems:
            raise CaseMismatchError(problems)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseMismatchError | CaseFileError):
            lines = [f"case {self.name!r} ({self.path.name}):"]
            lines += [f"  {problem}" for problem in getattr(excinfo.value, "problems", [])]
            return "\n".join(lines) if len(lines) > 1 else f"{lines[0]} {excinfo.value}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"case: {self.name}"
