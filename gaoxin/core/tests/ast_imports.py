"""What a module imports, read from its source (ast): the statements at module level and inside
functions, relative ones resolved, and the dotted strings given to the dynamic importers. Used by
the check that core imports no app (test_imports.py) and by the import-cycle check
(tests/test_import_cycles.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__", "autodiscover_modules"}


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at ``path``, ``root`` being the folder above the package."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name a ``from … import`` statement of ``module`` imports from."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of everything the module imports, wherever the import statement is;
    ``from a.b import c`` gives ``a.b.c`` (a module or a name of ``a.b``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            target = resolve(node, module, is_package)
            for alias in node.names:
                yield node.lineno, f"{target}.{alias.name}" if alias.name != "*" else target
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in DYNAMIC_IMPORTS:
                for arg in node.args[:1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        yield node.lineno, arg.value
