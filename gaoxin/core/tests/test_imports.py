"""Core imports no app: apps plug into core (gaoxin.core.registry), never the reverse.

A static check over the source, so that an import hidden in a function, a management
command, a test or a dotted string handed to import_string/import_module fails too."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
PACKAGE = "gaoxin.core"
DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__", "autodiscover_modules"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imported(tree: ast.AST, module: str, is_package: bool):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, module, is_package)
            yield node.lineno, target
            if target == "gaoxin":
                for alias in node.names:
                    yield node.lineno, "gaoxin." + alias.name
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in DYNAMIC_IMPORTS:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield node.lineno, arg.value


def _reaches_an_app(target: str) -> bool:
    return target.startswith("gaoxin.") and not (
        target == PACKAGE or target.startswith(PACKAGE + ".")
    )


def violations() -> list[str]:
    found = []
    for path in sorted(CORE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, target in _imported(tree, module, path.name == "__init__.py"):
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
    found = [t for _, t in _imported(ast.parse(source), module, False) if _reaches_an_app(t)]
    assert found == [
        "gaoxin.accounts.models",
        "gaoxin.audit.services",
        "gaoxin.demo",
        "gaoxin.policies",
        "gaoxin.grants.demo.load",
    ]
