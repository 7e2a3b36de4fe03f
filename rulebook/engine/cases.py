"""YAML cases: reading them and comparing a result with what they expect (no pytest here;
``rulebook/conftest.py`` turns each case into a pytest item, in the manner of openfisca-core's
YAML test runner).

A case file ``rulebook/<program>/cases/*.yaml`` holds a list of cases::

    - name: Worked example 2 — CN legacy, rate above the cap
      source: reference §3, example 2                # optional
      description: ...                               # optional
      regime: cn_legacy                              # expected regime (unless `error`)
      input: {jurisdiction: CN, policies: [...]}     # the calculation contract's input
      output:                                        # expected; only what is listed is checked
        total: "1200000.00"
        cap_remaining: "..."                         # CN 2024 cases
        policies:                                    # every policy of the input, by id
          p1: {year: 1, eligible: "1500000.00", subsidy: "1200000.00", reason: ok,
               trace_steps: [counted_premium, subsidy]}   # optional: steps that must appear
    - name: A malformed case
      input: {...}
      error: {field: "policies[1].end", message_contains: "before start"}

Money is written as quoted strings; dates may be plain YAML dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rulebook.engine.yaml_io import load_yaml_file

CASE_KEYS = ("name", "source", "description", "regime", "input", "output", "error")
POLICY_KEYS = ("year", "eligible", "subsidy", "reason", "trace_steps")
OUTPUT_KEYS = ("total", "cap_remaining", "policies")


class CaseFileError(Exception):
    """A case file is malformed (not the calculation: the file itself)."""


@dataclass(frozen=True)
class YamlCase:
    name: str
    spec: Mapping[str, Any]
    path: Path


def read_case_file(path: Path) -> list[YamlCase]:
    """The cases of one file, checked for shape; names must be unique in the file."""
    raw = load_yaml_file(path)
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise CaseFileError(f"{path}: a case file holds a non-empty list of cases")
    cases: list[YamlCase] = []
    for index, spec in enumerate(raw):
        cases.append(YamlCase(_check_case(spec, path, index), spec, path))
    names = [case.name for case in cases]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise CaseFileError(f"{path}: case names used twice: {', '.join(sorted(duplicated))}")
    return cases


def _check_case(spec: Any, path: Path, index: int) -> str:
    where = f"{path}: case {index}"
    if not isinstance(spec, Mapping):
        raise CaseFileError(f"{where}: must be a mapping")
    unknown = [key for key in spec if key not in CASE_KEYS]
    if unknown:
        raise CaseFileError(f"{where}: unknown keys {unknown}; allowed: {', '.join(CASE_KEYS)}")
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip() or "::" in name:
        raise CaseFileError(f"{where}: needs a `name` (text without '::')")
    if "input" not in spec or ("output" in spec) == ("error" in spec):
        raise CaseFileError(f"{where} ({name}): needs `input` and exactly one of output, error")
    if "output" in spec and "regime" not in spec:
        raise CaseFileError(f"{where} ({name}): a case with an output names its `regime`")
    return name


def compare_result(spec: Mapping[str, Any], result: Mapping[str, Any]) -> list[str]:
    """The differences between a case's expectations and a calculation's result."""
    problems: list[str] = []
    if result.get("regime") != spec["regime"]:
        problems.append(f"regime: expected {spec['regime']!r}, got {result.get('regime')!r}")
    expected = spec["output"]
    for key in expected:
        if key not in OUTPUT_KEYS:
            problems.append(f"output.{key}: unknown expectation; allowed: {', '.join(OUTPUT_KEYS)}")
        elif key != "policies" and str(expected[key]) != str(result.get(key)):
            problems.append(f"{key}: expected {expected[key]!r}, got {result.get(key)!r}")
    if "policies" in expected:
        problems.extend(_compare_policies(expected["policies"], result["policies"]))
    return problems


def _compare_policies(expected: Mapping[Any, Any], actual: list[Mapping[str, Any]]) -> list[str]:
    problems: list[str] = []
    by_id = {str(policy["id"]): policy for policy in actual}
    wanted = {str(key): value for key, value in expected.items()}
    for missing in sorted(set(by_id) - set(wanted)):
        problems.append(f"policies.{missing}: the case does not state what this policy gets")
    for policy_id, fields in wanted.items():
        if policy_id not in by_id:
            problems.append(f"policies.{policy_id}: no such policy in the result")
            continue
        problems.extend(_compare_policy(policy_id, fields, by_id[policy_id]))
    return problems


def _compare_policy(policy_id: str, fields: Any, actual: Mapping[str, Any]) -> list[str]:
    if not isinstance(fields, Mapping):
        return [f"policies.{policy_id}: expectations must be a mapping"]
    problems: list[str] = []
    for key, value in fields.items():
        where = f"policies.{policy_id}.{key}"
        if key not in POLICY_KEYS:
            problems.append(f"{where}: unknown expectation; allowed: {', '.join(POLICY_KEYS)}")
        elif key == "trace_steps":
            steps = [step["step"] for step in actual["trace"]]
            problems.extend(
                f"{where}: step {step!r} missing from the trace {steps}"
                for step in value
                if step not in steps
            )
        elif str(value) != str(actual[key]):
            problems.append(f"{where}: expected {value!r}, got {actual[key]!r}")
    return problems


def compare_error(spec: Mapping[str, Any], error: Any) -> list[str]:
    """The differences between an expected :class:`CaseError` and the one raised."""
    expected = spec["error"]
    problems: list[str] = []
    if expected.get("field") != error.field:
        problems.append(f"error field: expected {expected.get('field')!r}, got {error.field!r}")
    contains = expected.get("message_contains")
    if contains and contains not in error.message_en and contains not in error.message_zh:
        problems.append(f"error message: {contains!r} not in {error.message_en!r}")
    return problems
