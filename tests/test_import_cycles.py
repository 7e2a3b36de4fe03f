"""No import cycle between the modules of gaoxin.

A static check over the source (as gaoxin/core/tests/test_imports.py): every import of one gaoxin
module by another is an edge — at module level or inside a function, absolute or relative, and
the dotted strings handed to import_string / import_module — and the graph must have no cycle.
An import hidden in a function is how a cycle is usually papered over: it still means the two
modules cannot be understood (or moved) one without the other, so it counts.

An import of ``package.module`` is an edge to that module only: Python runs the package's
``__init__`` first, but a module inside the package is imported while its package is already
loaded, so that is no cycle. ``from package import name`` is an edge to ``package.name`` when
that is a module, else to the package.

An allowed cycle would be listed in ``KNOWN`` with why it is still there (none is); the test
fails as soon as it is gone (or changes), so the entry goes with the fix.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from gaoxin.core.tests.ast_imports import imported_names, module_name

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gaoxin"

# The modules of each allowed cycle → why it is allowed (for now).
KNOWN: dict[frozenset[str], str] = {}


def _known(target: str, modules: set[str]) -> str | None:
    """The longest prefix of a dotted name that is a gaoxin module (``a.b.name`` → ``a.b``)."""
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in modules:
            return name
    return None


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, dict[str, str]]:
    """module → {imported module: "path:line"} for ``sources`` (module → (source, is_package))."""
    modules = set(sources)
    graph: dict[str, dict[str, str]] = {}
    for module, (source, is_package) in sources.items():
        edges = graph.setdefault(module, {})
        for lineno, target in imported_names(ast.parse(source), module, is_package):
            imported = _known(target, modules)
            if imported and imported != module:
                edges.setdefault(imported, f"{module}:{lineno}")
    return graph


def components(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted: every
    module of one imports, directly or not, every other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(start: str) -> None:
        # iterative, so that a long chain does not reach the recursion limit
        work = [(start, iter(sorted(graph.get(start, {}))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, {})))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(components)


def cycles(graph: dict[str, dict[str, str]], *, known=frozenset()) -> list[list[str]]:
    """One cycle through the first module of each component not in ``known``: [a, b, …, a]."""
    return [
        _cycle_through(graph, component)
        for component in components(graph)
        if frozenset(component) not in known
    ]


def _cycle_through(graph: dict[str, dict[str, str]], component: list[str]) -> list[str]:
    """A shortest path from the component's first module back to itself, inside the component."""
    members, start = set(component), component[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for successor in sorted(graph[node]):
                if successor == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), start]
                if successor in members and successor not in came_from:
                    came_from[successor] = node
                    following.append(successor)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def describe(graph: dict[str, dict[str, str]], cycle: list[str]) -> str:
    steps = [f"{a} → {b} ({graph[a][b]})" for a, b in itertools.pairwise(cycle)]
    return "import cycle:\n  " + "\n  ".join(steps)


def gaoxin_sources() -> dict[str, tuple[str, bool]]:
    return {
        module_name(path, ROOT): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_gaoxin_has_no_import_cycle():
    graph = import_graph(gaoxin_sources())
    found = [describe(graph, cycle) for cycle in cycles(graph, known=KNOWN)]
    assert not found, "\n".join(found)


def test_every_allowed_cycle_is_still_there():
    """An allowed cycle that was broken (or changed) leaves KNOWN with it."""
    present = {frozenset(component) for component in components(import_graph(gaoxin_sources()))}
    assert [sorted(cycle) for cycle in KNOWN if cycle not in present] == []


def test_the_check_finds_a_cycle_hidden_in_a_function():
    sources = {
        "gaoxin.app": ("", True),
        "gaoxin.app.facts": ("def f():\n    from .columnar import load\n", False),
        "gaoxin.app.columnar": ("from .catalog import CATALOG\nfrom . import facts\n", False),
        "gaoxin.app.catalog": ("import gaoxin.other.models\n", False),
        "gaoxin.other": ("", True),
        "gaoxin.other.models": ("from gaoxin.app.catalog import X\n", False),
        "gaoxin.other.tasks": ("def t():\n    import_string('gaoxin.other.views.run')\n", False),
        "gaoxin.other.views": ("from gaoxin.other import tasks\n", False),
    }
    graph = import_graph(sources)
    assert graph["gaoxin.app.facts"] == {"gaoxin.app.columnar": "gaoxin.app.facts:2"}
    assert cycles(graph) == [
        ["gaoxin.app.catalog", "gaoxin.other.models", "gaoxin.app.catalog"],
        ["gaoxin.app.columnar", "gaoxin.app.facts", "gaoxin.app.columnar"],
        ["gaoxin.other.tasks", "gaoxin.other.views", "gaoxin.other.tasks"],
    ]
    assert describe(graph, cycles(graph)[1]) == (
        "import cycle:\n"
        "  gaoxin.app.columnar → gaoxin.app.facts (gaoxin.app.columnar:2)\n"
        "  gaoxin.app.facts → gaoxin.app.columnar (gaoxin.app.facts:2)"
    )


def test_a_module_of_a_package_importing_its_sibling_is_no_cycle():
    sources = {
        "gaoxin.app": ("", True),
        "gaoxin.app.services": ("from .a import f\nfrom .b import g\n", True),
        "gaoxin.app.services.a": ("from .b import g\n", False),
        "gaoxin.app.services.b": ("", False),
    }
    assert cycles(import_graph(sources)) == []
