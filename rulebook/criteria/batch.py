"""Set-based evaluation of a criteria definition over columns of many records (numpy).

No Python loop over records at evaluation: each node of the compiled tree becomes whole-column
numpy operations. Numbers are exact rationals ``n / d`` with integer numerators (``int64``,
switching to Python-int ``object`` arrays when a bound check says ``int64`` could overflow) and
positive denominators (a scalar power of ten for a fact column, an array after ``/`` by a fact),
so every comparison agrees exactly with :func:`rulebook.criteria.explain.explain`. Unknown
(missing fact, division by zero) is a ``known`` mask; three-valued logic as in explain. A record
matches only when its criteria are known and true (the per-record status ``met``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from rulebook.criteria.errors import CriteriaError
from rulebook.criteria.facts import Fact, FactCatalog, check_value
from rulebook.criteria.logic import Criteria, Node

_SAFE = 2**62  # |values| stay below this in int64 arrays, so a sum of two cannot overflow


@dataclass(frozen=True)
class NumericColumn:
    """A numeric fact column given as integers: the value of row i is ``values[i] / 10**scale``.

    ``missing`` (optional boolean array) marks rows without a value. The loader for big data.
    """

    values: np.ndarray
    scale: int = 0
    missing: np.ndarray | None = None


@dataclass(frozen=True)
class CodeColumn:
    """A code fact column given encoded: row i holds ``labels[ids[i]]``, or is missing when
    ``ids[i] < 0``. The loader for big data (no Python pass over the rows)."""

    ids: np.ndarray
    labels: Sequence[str]


@dataclass(frozen=True)
class SetColumn:
    """A set fact column given as one boolean array per member: row i holds ``member`` when
    ``members[member][i]``. ``missing`` (optional boolean array) marks rows without a value."""

    members: Mapping[str, np.ndarray]
    missing: np.ndarray | None = None


@dataclass
class _Num:
    n: Any  # int or array of int64/object
    d: Any  # positive int or array
    k: np.ndarray  # known


@dataclass
class _Val:
    v: Any  # bool/int64 array (bool, date ordinal, code id) or a scalar
    k: np.ndarray


def _bound(x: Any) -> int:
    if isinstance(x, np.ndarray):
        if x.size == 0:
            return 0
        return int(np.max(np.abs(x)))
    return abs(int(x))


def _wide(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x.astype(object) if x.dtype != object else x
    return x  # a Python int is exact at any size


def _np(x: Any) -> np.ndarray:
    """An operand as an array: int64 when it fits the safe range, else Python-int objects."""
    if isinstance(x, np.ndarray):
        return x
    return np.asarray(x, dtype=object if abs(x) >= _SAFE else np.int64)


def _mul(a: Any, b: Any) -> Any:
    if not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray):
        return a * b
    if _bound(a) < _SAFE and _bound(b) < _SAFE and _bound(a) * _bound(b) < _SAFE:
        return a * b
    return _wide(a) * _wide(b)


def _add(a: Any, b: Any) -> Any:
    if not isinstance(a, np.ndarray) and not isinstance(b, np.ndarray):
        return a + b
    if _bound(a) + _bound(b) < _SAFE:
        return a + b
    return _wide(a) + _wide(b)


def _where(c: np.ndarray, x: Any, y: Any) -> Any:
    def fit(z: Any) -> Any:
        if isinstance(z, np.ndarray):
            return z
        return z if abs(z) < _SAFE else np.asarray(z, dtype=object)

    x, y = fit(x), fit(y)
    if any(isinstance(z, np.ndarray) and z.dtype == object for z in (x, y)):
        x, y = np.asarray(x, dtype=object), np.asarray(y, dtype=object)
    return np.where(c, x, y)


def _cmp(a: _Num, b: _Num) -> tuple[Any, Any]:
    """Cross-multiplied sides: ``a ? b`` iff ``left ? right`` (denominators are positive)."""
    if not isinstance(a.d, np.ndarray) and not isinstance(b.d, np.ndarray) and a.d == b.d:
        return a.n, b.n
    return _mul(a.n, b.d), _mul(b.n, a.d)


class Frame:
    """Columns of many records, loaded once and encoded for :func:`match_batch`.

    ``columns`` maps a fact key to a sequence of values (``None`` missing; the same Python types
    as :func:`explain`), or to an already encoded column: :class:`NumericColumn` for a number,
    :class:`CodeColumn` for a code, :class:`SetColumn` for a set. A fact without a column is
    missing in every row. Loading a list is a pass over its values (a conversion); evaluation is
    whole-column.
    """

    def __init__(self, catalog: FactCatalog, columns: Mapping[str, Any]) -> None:
        self.catalog = catalog
        self.columns = columns
        lengths = {key: _length(col) for key, col in columns.items()}
        lengths = {key: n for key, n in lengths.items() if n is not None}
        if len(set(lengths.values())) > 1:
            raise CriteriaError(
                "columns", f"各列长度不一: {lengths}", f"columns differ in length: {lengths}"
            )
        self.size = next(iter(lengths.values()), 0)
        self.vocab: dict[str, int] = {}
        self._cache: dict[str, Any] = {}

    def record(self, row: int) -> dict[str, Any]:
        """Row ``row`` as a record for :func:`explain`: every given column's value in its Python
        form (a number as ``int`` or ``Decimal``, a code as text, a set as a set, ``None``)."""
        return {key: _cell(column, row) for key, column in self.columns.items()}

    def code_id(self, text: str) -> int:
        return self.vocab.setdefault(text, len(self.vocab))

    def column(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = self._load(self.catalog[key], self.columns.get(key))
        return self._cache[key]

    def _load(self, fact: Fact, column: Any) -> Any:
        size = self.size
        if column is None:
            return self._load_absent(fact)
        if isinstance(column, NumericColumn):
            return self._load_numeric(fact, column)
        if isinstance(column, CodeColumn):
            return self._load_codes(fact, column)
        if isinstance(column, SetColumn):
            return self._load_set(fact, column)
        if fact.type == "boolean" and isinstance(column, np.ndarray) and column.dtype == bool:
            return _Val(column, np.ones(size, dtype=bool))  # a boolean array has no missing
        return self._load_values(fact, column)

    def _load_absent(self, fact: Fact) -> Any:
        """A fact the frame has no column for: unknown in every row."""
        size = self.size
        known = np.zeros(size, dtype=bool)
        if fact.numeric:
            return _Num(np.zeros(size, dtype=np.int64), 1, known)
        if fact.type == "set":
            return ({}, np.zeros(size, dtype=bool), known)
        return _Val(np.zeros(size, dtype=np.int64), known)

    def _load_numeric(self, fact: Fact, column: NumericColumn) -> _Num:
        size = self.size
        if not fact.numeric:
            raise CriteriaError(
                f"columns.{fact.key}", "此事实不是数值", f"fact {fact.key!r} is not numeric"
            )
        values = np.asarray(column.values)
        big = values.dtype == object and all(type(v) is int for v in values.tolist())
        if values.dtype.kind not in "iu" and not big:  # big: Python ints beyond int64
            raise CriteriaError(
                f"columns.{fact.key}",
                "NumericColumn 须为整数数组",
                "a NumericColumn holds integers (never floats)",
            )
        known = (
            np.ones(size, dtype=bool)
            if column.missing is None
            else ~np.asarray(column.missing, dtype=bool)
        )
        values = np.where(known, values, 0)
        if _bound(values) >= _SAFE:
            values = values.astype(object)
        return _Num(values.astype(np.int64) if values.dtype != object else values,
                    10**column.scale, known)  # fmt: skip

    def _load_values(self, fact: Fact, column: Any) -> Any:
        """A column of plain values, each checked against the fact's type."""
        size = self.size
        values = [check_value(fact, value) for value in column]
        known = np.fromiter((value is not None for value in values), dtype=bool, count=size)
        if fact.numeric:
            scale = 1
            for value in {value.denominator for value in values if value is not None}:
                scale = math.lcm(scale, value)
            ints = [0 if v is None else v.numerator * (scale // v.denominator) for v in values]
            if max(map(abs, ints), default=0) < _SAFE:
                return _Num(np.array(ints, dtype=np.int64), scale, known)
            return _Num(np.array(ints, dtype=object), scale, known)
        if fact.type == "boolean":
            return _Val(np.array([bool(v) for v in values], dtype=bool), known)
        if fact.type == "date":
            ordinals = [0 if v is None else v.toordinal() for v in values]
            return _Val(np.array(ordinals, dtype=np.int64), known)
        if fact.type == "code":
            ids = [-1 if v is None else self.code_id(v) for v in values]
            return _Val(np.array(ids, dtype=np.int64), known)
        members: dict[str, np.ndarray] = {}
        nonempty = np.zeros(size, dtype=bool)
        for row, value in enumerate(values):
            if value:
                nonempty[row] = True
                for member in value:
                    members.setdefault(member, np.zeros(size, dtype=bool))[row] = True
        return (members, nonempty, known)

    def _load_codes(self, fact: Fact, column: CodeColumn) -> _Val:
        if fact.type != "code":
            raise CriteriaError(
                f"columns.{fact.key}", "此事实不是代码", f"fact {fact.key!r} is not a code"
            )
        for label in column.labels:
            check_value(fact, label)
        ids = np.asarray(column.ids, dtype=np.int64)
        # the frame's own id of each label; the last entry stands for "missing"
        lookup = np.array([self.code_id(label) for label in column.labels] + [-1], dtype=np.int64)
        known = ids >= 0
        return _Val(lookup[np.where(known, ids, len(column.labels))], known)

    def _load_set(self, fact: Fact, column: SetColumn) -> tuple:
        if fact.type != "set":
            raise CriteriaError(
                f"columns.{fact.key}", "此事实不是集合", f"fact {fact.key!r} is not a set"
            )
        known = (
            np.ones(self.size, dtype=bool)
            if column.missing is None
            else ~np.asarray(column.missing, dtype=bool)
        )
        members = {}
        nonempty = np.zeros(self.size, dtype=bool)
        for member, rows in column.members.items():
            check_value(fact, [member])
            rows = np.asarray(rows, dtype=bool) & known
            members[member] = rows
            nonempty |= rows
        return (members, nonempty, known)


def _cell(column: Any, row: int) -> Any:
    if isinstance(column, NumericColumn):
        if column.missing is not None and column.missing[row]:
            return None
        value = int(column.values[row])
        return value if column.scale == 0 else Decimal(value).scaleb(-column.scale)
    if isinstance(column, CodeColumn):
        index = int(column.ids[row])
        return column.labels[index] if index >= 0 else None
    if isinstance(column, SetColumn):
        if column.missing is not None and column.missing[row]:
            return None
        return {member for member, rows in column.members.items() if rows[row]}
    return column[row]


def _length(column: Any) -> int | None:
    if isinstance(column, NumericColumn):
        return len(column.values)
    if isinstance(column, CodeColumn):
        return len(column.ids)
    if isinstance(column, SetColumn):
        if column.missing is not None:
            return len(column.missing)
        first = next(iter(column.members.values()), None)
        return None if first is None else len(first)  # no member: any length
    return len(column)


def match_batch(
    criteria: Criteria, columns: Mapping[str, Sequence[Any] | np.ndarray] | Frame
) -> list[bool]:
    """For each row, does it meet ``criteria`` (known and true: explain's status ``met``)?"""
    return match_mask(criteria, columns).tolist()


def match_mask(criteria: Criteria, columns: Mapping[str, Any] | Frame) -> np.ndarray:
    """:func:`match_batch` as a boolean numpy array."""
    frame = columns if isinstance(columns, Frame) else Frame(criteria.catalog, columns)
    result = _Evaluator(frame).eval(criteria.root)
    return np.asarray(result.v, dtype=bool) & result.k


class _Evaluator:
    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.all = np.ones(frame.size, dtype=bool)

    def eval(self, node: Node) -> Any:
        method = getattr(self, "_" + _NAMES.get(node.op, "arith"))
        return method(node)

    def _full(self, value: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(value), (self.frame.size,))

    def _lit(self, node: Node) -> Any:
        value = node.value
        if node.kind == "num":
            return _Num(value.numerator, value.denominator, self.all)
        if node.kind == "bool":
            return _Val(self._full(bool(value)), self.all)
        if node.kind == "date":
            return _Val(value.toordinal(), self.all)
        return _Val(self.frame.code_id(value), self.all)

    def _var(self, node: Node) -> Any:
        column = self.frame.column(node.value)
        if node.default is None:
            return column
        default = self._lit(node.default)
        known = column.k
        if node.kind == "num":
            scale = math.lcm(column.d, default.d)
            n = _where(known, _mul(column.n, scale // column.d), default.n * (scale // default.d))
            return _Num(n, scale, self.all)
        return _Val(_where(known, column.v, default.v), self.all)

    def _logic(self, node: Node) -> _Val:
        values = [self.eval(arg) for arg in node.args]
        decisive = node.op == "or"
        hit = np.zeros(self.frame.size, dtype=bool)
        unknown = None  # None: every argument known everywhere
        scratch = np.empty(self.frame.size, dtype=bool)  # in place: no temporary per argument
        for value in values:
            truth = np.asarray(value.v, dtype=bool)
            if decisive:
                np.logical_and(value.k, truth, out=scratch)
            else:
                np.logical_not(truth, out=scratch)
                scratch &= value.k
            hit |= scratch
            if value.k is not self.all:
                np.logical_not(value.k, out=scratch)
                if unknown is None:
                    unknown = scratch.copy()
                else:
                    unknown |= scratch
        known = self.all if unknown is None else hit | ~unknown
        return _Val(hit if decisive else ~hit & known, known)

    def _not(self, node: Node) -> _Val:
        (arg,) = node.args
        value = self.eval(arg)
        if arg.kind == "bool":
            truth = np.asarray(value.v, dtype=bool)
        elif arg.kind == "num":
            truth = self._full(_np(value.n) != 0)
        elif arg.kind == "code":
            truth = self._full(np.asarray(value.v) != self.frame.code_id(""))
        else:  # set
            _members, nonempty, known = value
            return _Val(~nonempty & known, known)
        return _Val(~truth & value.k, value.k)

    def _compare(self, node: Node) -> _Val:
        values = [self.eval(arg) for arg in node.args]
        op = node.op
        truth = self.all
        known = self.all
        for a, b in itertools.pairwise(values):
            for k in (a.k, b.k):  # a constant is known everywhere: nothing to combine
                if k is not self.all:
                    known = k if known is self.all else known & k
            test = _against_constant(op, a, b) if isinstance(a, _Num) else None
            if test is None:
                if isinstance(a, _Num):
                    left, right = _cmp(a, b)
                else:
                    left, right = a.v, b.v
                test = _OPS[op](_np(left), _np(right))
            truth = self._full(test) if truth is self.all else truth & self._full(test)
        return _Val(truth & known, known)

    def _in(self, node: Node) -> _Val:
        needle_node, hay_node = node.args
        if node.mode == "list":
            needle = self.eval(needle_node)
            hit = np.zeros(self.frame.size, dtype=bool)
            for item in hay_node.value:
                if needle_node.kind == "num":
                    left, right = _cmp(needle, _Num(item.numerator, item.denominator, self.all))
                else:
                    left, right = needle.v, self.frame.code_id(item)
                hit |= self._full(_np(left) == _np(right))
            return _Val(hit & needle.k, needle.k)
        text = _constant(needle_node)
        if node.mode == "set":
            members, _nonempty, known = self.eval(hay_node)
            hit = members.get(text, np.zeros(self.frame.size, dtype=bool))
            return _Val(hit & known, known)
        hay = self.eval(hay_node)
        vocab = list(self.frame.vocab)
        table = np.array([text in word for word in vocab] + [False], dtype=bool)
        ids = np.asarray(hay.v)
        hit = self._full(table[np.where(ids < 0, len(vocab), ids)])
        return _Val(hit & hay.k, hay.k)

    def _if(self, node: Node) -> Any:
        args = node.args
        result = self.eval(args[-1])
        for i in range(len(args) - 3, -1, -2):
            condition, value = self.eval(args[i]), self.eval(args[i + 1])
            pick = np.asarray(condition.v, dtype=bool) & condition.k
            known = condition.k & np.where(pick, value.k, result.k)
            if node.kind == "num":
                result = _Num(
                    _where(pick, value.n, result.n), _where(pick, value.d, result.d), known
                )
            else:
                result = _Val(_where(pick, self._full(value.v), self._full(result.v)), known)
        return result

    def _arith(self, node: Node) -> _Num:
        values = [self.eval(arg) for arg in node.args]
        op = node.op
        if op == "-" and len(values) == 1:
            (a,) = values
            return _Num(-a.n if not isinstance(a.n, np.ndarray) else _mul(a.n, -1), a.d, a.k)
        if op == "/":
            return self._divide(*values)
        result = values[0]
        for b in values[1:]:
            a = result
            known = a.k & b.k
            if op in ("+", "-"):
                sign_b = b.n if op == "+" else _mul(b.n, -1)
                if not isinstance(a.d, np.ndarray) and not isinstance(b.d, np.ndarray):
                    scale = math.lcm(a.d, b.d)
                    n = _add(_mul(a.n, scale // a.d), _mul(sign_b, scale // b.d))
                    result = _Num(n, scale, known)
                else:
                    n = _add(_mul(a.n, b.d), _mul(sign_b, a.d))
                    result = _Num(n, _mul(a.d, b.d), known)
            elif op == "*":
                result = _Num(_mul(a.n, b.n), _mul(a.d, b.d), known)
            else:  # min / max
                left, right = _cmp(a, b)
                pick = self._full(_np(left) <= _np(right))
                if op == "max":
                    pick = ~pick
                result = _Num(_where(pick, a.n, b.n), _where(pick, a.d, b.d), known)
        return result

    def _divide(self, a: _Num, b: _Num) -> _Num:
        n = _mul(a.n, b.d)
        d = _mul(a.d, b.n)
        if not isinstance(d, np.ndarray):
            if d == 0:
                return _Num(0, 1, np.zeros(self.frame.size, dtype=bool))
            return _Num(n if d > 0 else _mul(n, -1), abs(d), a.k & b.k)
        zero = d == 0
        negative = d < 0
        n = _where(negative, _mul(n, -1), n)
        d = _where(zero, 1, np.abs(d))
        n = _where(zero, 0, n)
        return _Num(n, d, a.k & b.k & ~zero)


def _against_constant(op: str, a: _Num, b: _Num) -> Any:
    """``a op b`` where one side is an ``int64`` column over a scalar denominator and the other
    a constant (the usual clause: a fact against a threshold), without touching the column
    but to compare it: ``n / d op c`` holds iff ``n op' k`` for the integer ``k`` next to
    ``c * d`` on the proper side (n is an integer). ``None`` when it does not apply."""
    if isinstance(b.n, np.ndarray) and not isinstance(a.n, np.ndarray):
        a, b, op = b, a, _MIRROR.get(op, op)  # the column first (== and != are symmetric)
    column, d = a.n, a.d
    if (
        not isinstance(column, np.ndarray)
        or column.dtype != np.int64
        or isinstance(d, np.ndarray)
        or isinstance(b.n, np.ndarray)
        or isinstance(b.d, np.ndarray)
    ):
        return None
    floor, rest = divmod(int(b.n) * int(d), int(b.d))  # c * d = floor + rest / b.d, b.d > 0
    ceil = floor + (rest != 0)
    if not (floor > -_SAFE and ceil < _SAFE):
        return None  # beyond int64: the exact path
    if op == ">=":
        return column >= ceil
    if op == ">":
        return column > floor
    if op == "<=":
        return column <= floor
    if op == "<":
        return column < ceil
    if op == "==":
        return column == floor if not rest else np.zeros(len(column), dtype=bool)
    if op == "!=":
        return column != floor if not rest else np.ones(len(column), dtype=bool)
    return None


_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _constant(node: Node) -> Any:
    if node.op != "lit":
        raise CriteriaError(node.path, "须为常量", "must be a constant")  # pragma: no cover
    return node.value


_NAMES = {"lit": "lit", "var": "var", "and": "logic", "or": "logic", "!": "not", "in": "in",
          "if": "if", "==": "compare", "!=": "compare", "<": "compare", "<=": "compare",
          ">": "compare", ">=": "compare"}  # fmt: skip
_OPS = {
    "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
    ">": np.greater, ">=": np.greater_equal,
}  # fmt: skip
