"""List the functions of gaoxin/ and rulebook/ longer than 40 lines, longest first.

docs/architecture.md: functions past ~40 lines are split. Migrations, tests and benchmarks are
left out.

    uv run python scripts/long_functions.py [--limit 40] [PATH ...]
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = ("/migrations/", "/tests/", "/bench/")


def long_functions(paths: list[Path], limit: int) -> list[tuple[int, str]]:
    found = []
    for base in paths:
        for path in sorted(base.rglob("*.py")):
            if any(part in str(path) for part in SKIP):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > limit:
                        where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                        found.append((length, where))
    return sorted(found, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    paths = [p.resolve() for p in args.paths] or [ROOT / "gaoxin", ROOT / "rulebook"]
    found = long_functions(paths, args.limit)
    for length, where in found:
        print(f"{length:4d}  {where}")
    print(f"{len(found)} functions over {args.limit} lines")


if __name__ == "__main__":
    main()
