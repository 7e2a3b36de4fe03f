"""The calculation contract of the first-set insurance compensation (Django-free).

``calculate(case) -> dict``. Input (money as decimal strings or integers, dates ISO)::

    {"jurisdiction": "CN" | "ZJ",
     "tier": "international" | "national" | "provincial",           # ZJ only, required there
     "qualification": {"cap", "valid_from", "valid_to", "granted_before"},  # CN 2024 only
     "policies": [{"id", "equipment", "start", "end", "sum_insured", "premium"}]}

A CN case without a qualification is the legacy regime, with one the 2024 regime; any other
jurisdiction with a parameter folder is a provincial regime. Output::

    {"regime": "cn_legacy" | "cn_2024" | "zj",
     "policies": [{"id", "eligible", "year", "subsidy", "reason", "trace"}],   # input order
     "total", "cap_remaining" (cn_2024 only), "parameters_version"}

Money comes out as decimal strings with two places; ``reason`` is a stable code (see
:mod:`rulebook.firstset.reasons`); ``trace`` is the list of steps explaining the result in
Chinese and English; ``parameters_version`` identifies the parameter files used, so that a
stored result can be replayed. A malformed case raises :class:`CaseError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from rulebook.engine.errors import CaseError, ParameterFileError
from rulebook.engine.loader import cached_parameter_sets
from rulebook.engine.money import money_str
from rulebook.engine.parameters import ParameterSet
from rulebook.firstset import NATIONAL, PARAMETERS_ROOT
from rulebook.firstset.case import parse_case
from rulebook.firstset.rules import (
    CN_2024,
    CN_LEGACY,
    REQUIRED_PARAMETERS,
    PolicyResult,
    calculate_cn_2024,
    calculate_cn_legacy,
    calculate_provincial,
)
from rulebook.firstset.rules.provincial import FIRST_YEAR_RATIO

__all__ = ["CaseError", "calculate", "parameter_sets"]


def parameter_sets(parameters_root: Path | str | None = None) -> Mapping[str, ParameterSet]:
    """The jurisdictions' parameter sets below ``parameters_root`` (default: the shipped ones)."""
    root = PARAMETERS_ROOT if parameters_root is None else Path(parameters_root)
    sets = cached_parameter_sets(root)
    if NATIONAL not in sets:
        raise ParameterFileError(root, None, f"the national folder {NATIONAL} is missing")
    return sets


def calculate(case: Any, parameters_root: Path | str | None = None) -> dict[str, Any]:
    """Calculate every policy's subsidy of ``case``; see the module docstring for the contract.

    ``parameters_root`` is a folder of jurisdiction folders (``CN``, ``ZJ``...) to use instead
    of the shipped parameters, e.g. a modified copy when testing a change of the law.
    """
    sets = parameter_sets(parameters_root)
    parsed = parse_case(case, _tiers(sets), NATIONAL)
    params = sets[parsed.jurisdiction]
    if parsed.jurisdiction != NATIONAL:
        regime = parsed.jurisdiction.lower()
        return _render(regime, calculate_provincial(parsed, params), None, params)
    if parsed.qualification is None:
        return _render(CN_LEGACY, calculate_cn_legacy(parsed, params), None, params)
    results, remaining = calculate_cn_2024(parsed, params)
    return _render(CN_2024, results, remaining, params)


def _tiers(sets: Mapping[str, ParameterSet]) -> dict[str, tuple[str, ...]]:
    """The tiers each jurisdiction accepts: none for the national set, the keys of
    ``first_year_ratio`` for a provincial one (which must hold every required parameter)."""
    tiers: dict[str, tuple[str, ...]] = {}
    for code, params in sets.items():
        if code == NATIONAL:
            tiers[code] = ()
            continue
        missing = params.missing(REQUIRED_PARAMETERS)
        if missing:
            files = ", ".join(f"{name}.yaml" for name in missing)
            raise ParameterFileError(params.folder, None, f"provincial set lacks {files}")
        tiers[code] = params[FIRST_YEAR_RATIO].keys
    return tiers


def _render(
    regime: str, results: list[PolicyResult], remaining: Decimal | None, params: ParameterSet
) -> dict[str, Any]:
    total = sum((result.subsidy for result in results), Decimal(0))
    output: dict[str, Any] = {
        "regime": regime,
        "policies": [_render_policy(result) for result in results],
        "total": money_str(total),
    }
    if remaining is not None:
        output["cap_remaining"] = money_str(remaining)
    output["parameters_version"] = params.version
    return output


def _render_policy(result: PolicyResult) -> dict[str, Any]:
    return {
        "id": result.policy.id,
        "eligible": money_str(result.eligible),
        "year": result.year,
        "subsidy": money_str(result.subsidy),
        "reason": result.reason,
        "trace": result.trace.as_list(),
    }
