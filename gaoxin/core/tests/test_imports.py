"""Core imports no app: apps plug into core (gaoxin.core.registry), never the reverse.

A static check over the source, so that an import hidden in a function, a management
command, a test or a dotted string handed to import_string/import_module fails too."""

from __future__ import annotations

import ast
from pathlib import Path

from .ast_imports import imported_names, module_name

CORE = Path(__file__).resolve().parents[1]
PACKAGE = "gaoxin.core"


def _reaches_an_app(target: str) -> bool:
    return target.startswith("gaoxin.") and not (
        target == PACKAGE or target.startswith(PACKAGE + ".")
    )


def violations() -> list[str]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        module = module_name(path, CORE.parent.parent)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, target in imported_names(tree, module, path.name == "__init__.py"):
            if _reaches_an_app(target):
                found.append(f"{path.relative_to(CORE.parent.parent)}:{lineno} imports {target}")
    return found


def test_core_imports_no_app():
    assert violations() == []


def test_the_check_sees_every_kind_of_import():
    source = (
        "import gaoxin.accounts.models\n"
        "from gaoxin.audit.services import record\n"
        "from gaoxin import demo\n"
        "from ....policies import models\n"
        "from ..registry import menu_item\n"
        "def f():\n"
        "    import_string('gaoxin.grants.demo.load')\n"
    )
    module = "gaoxin.core.management.commands.x"
    found = [t for _, t in imported_names(ast.parse(source), module, False) if _reaches_an_app(t)]
    assert found == [
        "gaoxin.accounts.models",
        "gaoxin.audit.services.record",
        "gaoxin.demo",
        "gaoxin.policies.models",
        "gaoxin.grants.demo.load",
    ]
