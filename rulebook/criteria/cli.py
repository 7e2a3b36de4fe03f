"""``gaoxin policy-match``: match enterprises in a CSV against criteria, without any database.

    gaoxin policy-match --criteria C.json --enterprises E.csv [--formula F.json] [--facts F.json]

Prints ``{"matched": [ids in input order], "amounts": {id: "decimal string"}}`` (``amounts`` only
with ``--formula``, for matched ids; ``null`` when the formula needs a missing fact). Exits 2 with
a message on bad input. Matching uses the batch evaluator.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from rulebook.criteria.batch import Frame, match_mask
from rulebook.criteria.errors import CriteriaError
from rulebook.criteria.explain import evaluate_amount
from rulebook.criteria.facts import FactCatalog
from rulebook.criteria.logic import compile_criteria, compile_formula
from rulebook.engine.money import money_str

EXIT_OK = 0
EXIT_USAGE = 2
SET_SEPARATOR = "|"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InputError(Exception):
    """Bad input to the command: the message says what and where."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message}\n{self.format_usage().strip()}")


def match_main(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``policy-match``; return the exit code (0, or 2 on bad input)."""
    parser = _Parser(prog="gaoxin policy-match", add_help=False)
    parser.add_argument("--criteria", required=True)
    parser.add_argument("--enterprises", required=True)
    parser.add_argument("--formula")
    parser.add_argument("--facts")
    parser.add_argument("-h", "--help", action="store_true")
    try:
        if list(argv) in (["-h"], ["--help"]):
            stdout.write(__doc__.split("\n\n")[1].strip() + "\n")
            return EXIT_OK
        args = parser.parse_args(list(argv))
        result = run(args.criteria, args.enterprises, args.formula, args.facts)
    except InputError as error:
        stderr.write(f"policy-match: {error}\n")
        return EXIT_USAGE
    except CriteriaError as error:
        stderr.write(f"policy-match: invalid input at {error}\n")
        stderr.write(f"policy-match: 输入有误 {error.path}: {error.message_zh}\n")
        return EXIT_USAGE
    json.dump(result, stdout, ensure_ascii=False)
    stdout.write("\n")
    return EXIT_OK


def run(
    criteria_path: str, csv_path: str, formula_path: str | None, facts_path: str | None
) -> dict[str, Any]:
    """The command's result as a JSON-ready dict (raises InputError / CriteriaError)."""
    criteria_data = _read_json(criteria_path, "criteria")
    formula_data = _read_json(formula_path, "formula") if formula_path else None
    header, rows = _read_csv(csv_path)
    catalog, types = _catalog(csv_path, header, rows, facts_path)
    criteria = compile_criteria(criteria_data, catalog)
    formula = compile_formula(formula_data, catalog) if formula_data is not None else None
    ids = [row[0] for row in rows]
    columns = {
        name: [
            _parse(csv_path, line + 2, name, types[name], row[i]) for line, row in enumerate(rows)
        ]
        for i, name in enumerate(header)
        if i > 0
    }
    mask = match_mask(criteria, Frame(catalog, columns))
    matched = [ids[i] for i in range(len(ids)) if mask[i]]
    result: dict[str, Any] = {"matched": matched}
    if formula is not None:
        result["amounts"] = _amounts(formula, mask, ids, columns)
    return result


def _catalog(
    csv_path: str, header: list[str], rows: list[list[str]], facts_path: str | None
) -> tuple[FactCatalog, dict[str, str]]:
    """The facts catalog and each column's type: from the catalog file, which must know every
    column, or inferred from the column's values."""
    if facts_path:
        facts = _read_json(facts_path, "facts")
        if isinstance(facts, dict) and "facts" in facts:
            facts = facts["facts"]
        if not isinstance(facts, list):
            raise InputError(f"{facts_path}: the facts catalog must be a JSON list of facts")
        catalog = FactCatalog.from_list(facts)
        for name in header[1:]:
            if name not in catalog:
                raise InputError(f"{csv_path}: column {name!r} is not in the facts catalog")
        return catalog, {name: catalog[name].type for name in header[1:]}
    types = {
        name: _infer(csv_path, name, [row[i] for row in rows])
        for i, name in enumerate(header)
        if i > 0
    }
    catalog = FactCatalog.from_list([{"key": name, "type": kind} for name, kind in types.items()])
    return catalog, types


def _amounts(formula, mask, ids: list[str], columns: dict[str, list]) -> dict[str, str | None]:
    """Id → amount (as money text, None when unknown) of each matched row."""
    amounts = {}
    for i in mask.nonzero()[0].tolist():
        amount = evaluate_amount(formula, {name: columns[name][i] for name in columns})
        amounts[ids[i]] = None if amount is None else money_str(amount)
    return amounts


def _read_json(path: str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the {what} file {path}: {error}") from None
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON: {error}") from None


def _read_csv(path: str) -> tuple[list[str], list[list[str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read the enterprises file {path}: {error}") from None
    if not lines:
        raise InputError(f"{path}: empty file, expected a header row")
    header = [name.strip() for name in lines[0]]
    if not header or header[0] != "id":
        raise InputError(f"{path}: the first column of the header must be 'id'")
    if len(set(header)) != len(header) or any(not name for name in header):
        raise InputError(f"{path}: the header has an empty or a repeated column name")
    rows = []
    seen: dict[str, int] = {}
    for number, row in enumerate(lines[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise InputError(f"{path}:{number}: {len(row)} cells, the header has {len(header)}")
        row_id = row[0].strip()
        if not row_id:
            raise InputError(f"{path}:{number}: empty id")
        if row_id in seen:
            raise InputError(
                f"{path}:{number}: duplicate id {row_id!r} (first on line {seen[row_id]})"
            )
        seen[row_id] = number
        rows.append([row_id, *(cell.strip() for cell in row[1:])])
    return header, rows


def _infer(path: str, name: str, cells: list[str]) -> str:
    """A column's type from its first non-empty cell: boolean, date, number, else code."""
    first = next((cell for cell in cells if cell), "")
    if first.lower() in ("true", "false"):
        return "boolean"
    if _DATE.match(first):
        return "date"
    if _NUMBER.match(first):
        return "number"
    return "code"


def _parse(path: str, line: int, name: str, kind: str, cell: str) -> Any:
    if cell == "":
        return None
    where = f"{path}:{line}: column {name!r}: {cell!r}"
    if kind in ("number", "money", "percent"):
        if _NUMBER.match(cell):
            try:
                return Decimal(cell)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                pass
        raise InputError(f"{where} is not a number")
    if kind == "boolean":
        if cell.lower() in ("true", "false"):
            return cell.lower() == "true"
        raise InputError(f"{where} is not true or false")
    if kind == "date":
        try:
            if _DATE.match(cell):
                return datetime.date.fromisoformat(cell)
        except ValueError:
            pass
        raise InputError(f"{where} is not an ISO date (YYYY-MM-DD)")
    if kind == "set":
        return frozenset(part.strip() for part in cell.split(SET_SEPARATOR) if part.strip())
    return cell
