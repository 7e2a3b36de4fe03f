"""Command-line entry points (Django-free): ``calc`` and ``check``.

    python -m rulebook.firstset.cli calc CASE.json      # or "-" to read standard input
    python -m rulebook.firstset.cli check CHECK.json

The project wires :func:`calc_main` and :func:`check_main` into ``gaoxin firstset-calc`` and
``gaoxin firstset-check``. Exit status: 0 with the result as JSON on standard output; 2 with a
message naming the field on standard error for a malformed case or an unreadable file; 1 when
the rulebook's own parameter files are broken.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from rulebook.engine.errors import CaseError, RulebookError
from rulebook.firstset.calc import calculate
from rulebook.firstset.indicators import check

EXIT_OK = 0
EXIT_RULEBOOK = 1
EXIT_USAGE = 2


def calc_main(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """``firstset-calc CASE.json``: print the calculation of a case as JSON."""
    return _run("firstset-calc", "CASE.json", calculate, argv, stdin, stdout, stderr)


def check_main(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """``firstset-check CHECK.json``: check declared values against core indicators."""
    return _run("firstset-check", "CHECK.json", check, argv, stdin, stdout, stderr)


def _run(
    command: str,
    argument: str,
    function: Callable[[Any], dict[str, Any]],
    argv: Sequence[str],
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    usage = f"usage: {command} {argument}   (use - to read standard input)\n"
    if len(argv) == 1 and argv[0] in ("-h", "--help"):
        stdout.write(usage)
        return EXIT_OK
    if len(argv) != 1:
        stderr.write(usage)
        return EXIT_USAGE
    try:
        payload = _read_json(argv[0], stdin)
        result = function(payload)
    except _InputError as error:
        stderr.write(f"{command}: {error}\n")
        return EXIT_USAGE
    except CaseError as error:
        stderr.write(f"{command}: {error}\n")
        stderr.write(f"{command}: 输入有误 {error.field}: {error.message_zh}\n")
        return EXIT_USAGE
    except RulebookError as error:
        stderr.write(f"{command}: the rulebook's parameters are broken: {error}\n")
        return EXIT_RULEBOOK
    json.dump(result, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return EXIT_OK


class _InputError(Exception):
    """The input file cannot be read or is not JSON."""


def _read_json(source: str, stdin: TextIO) -> Any:
    """Read JSON from a file or ``-`` (stdin); numbers with a fraction become ``Decimal``."""
    name = "standard input" if source == "-" else source
    try:
        text = stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError(f"cannot read {name}: {exc}") from exc
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _InputError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc


COMMANDS = {"calc": calc_main, "check": check_main}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m rulebook.firstset.cli {calc,check} FILE``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in COMMANDS:
        sys.stderr.write("usage: python -m rulebook.firstset.cli {calc,check} FILE.json|-\n")
        return EXIT_USAGE
    return COMMANDS[args[0]](args[1:], sys.stdin, sys.stdout, sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
