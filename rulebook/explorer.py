"""Data for the rules explorer (Django-free): every parameter of a programme with its values
over time, references, confidence and labels, and every rule with the clause it quotes.

The web page renders :func:`program_explorer`'s result as it is; the result is JSON-ready.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from rulebook.engine.errors import RulebookError
from rulebook.engine.loader import cached_parameter_sets
from rulebook.engine.parameters import Parameter, to_jsonable
from rulebook.engine.rules import RuleRegistry

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent

PROGRAMS = ("firstset",)
"""Programmes the explorer knows; each is the package ``rulebook.<name>`` with a ``rules``
sub-package exposing ``REGISTRY``."""


def program_explorer(
    program: str = "firstset", parameters_root: Path | str | None = None
) -> dict[str, Any]:
    """Everything the rules explorer shows for ``program``::

        {"program", "title_zh", "title_en",
         "jurisdictions": [{"code", "version", "parameters": [parameter...]}],
         "rules": [{"name", "regimes", "reads", "doc", "module"}]}

    Each parameter: ``name``, ``table_id``, ``label_en``, ``description_zh``, ``type``,
    ``unit_en``, ``unit_zh``, ``allowed``, ``keys``, ``file`` and ``values`` (oldest first),
    each value with ``effective``, ``value``, ``reference``, ``confidence``,
    ``description_zh``, ``label_en``, ``note_en`` and ``note_zh``.
    """
    if program not in PROGRAMS:
        raise RulebookError(f"unknown programme {program!r}; known: {', '.join(PROGRAMS)}")
    package = importlib.import_module(f"rulebook.{program}")
    registry: RuleRegistry = importlib.import_module(f"rulebook.{program}.rules").REGISTRY
    root = package.PARAMETERS_ROOT if parameters_root is None else Path(parameters_root)
    sets = cached_parameter_sets(root)
    return {
        "program": program,
        "title_zh": package.TITLE_ZH,
        "title_en": package.TITLE_EN,
        "jurisdictions": [
            {
                "code": code,
                "version": params.version,
                "parameters": [
                    parameter_entry(params.parameters[name]) for name in sorted(params.parameters)
                ],
            }
            for code, params in sets.items()
        ],
        "rules": [info.as_dict() for info in registry.all()],
    }


def parameter_entry(parameter: Parameter) -> dict[str, Any]:
    """One parameter with all its dated values, JSON-ready."""
    return {
        "name": parameter.name,
        "table_id": parameter.table_id,
        "label_en": parameter.label_en,
        "description_zh": parameter.description_zh,
        "type": parameter.type,
        "unit_en": parameter.unit_en,
        "unit_zh": parameter.unit_zh,
        "allowed": list(parameter.allowed),
        "keys": list(parameter.keys),
        "nullable": parameter.nullable,
        "file": _repository_path(parameter.path),
        "values": [
            {key: to_jsonable(item) for key, item in value.as_dict().items() if key != "name"}
            for value in parameter.values
        ],
    }


def _repository_path(path: Path) -> str:
    """The file's path from the repository root (absolute when it lies elsewhere)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(REPOSITORY_ROOT).as_posix()
    except ValueError:
        return str(resolved)
