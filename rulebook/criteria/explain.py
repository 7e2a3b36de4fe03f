"""Per-record evaluation: explain a criteria definition for one record, compute a benefit amount.

Values are exact: numbers are ``fractions.Fraction`` built from the record's ``Decimal``\\ s, so
``/`` is exact and the batch evaluator can agree bit for bit. A missing fact is *unknown*
(three-valued logic, see ``docs/criteria.md``); amounts are rounded once, by ``round_fen``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from rulebook.criteria.facts import check_value
from rulebook.criteria.logic import ORDERINGS, Criteria, Formula, Node
from rulebook.engine.money import round_fen

DEFAULT_TOLERANCE = Decimal("0.3")
DEFAULT_MAX_FAILING = 1
_DEFAULT_NEAR = Fraction(DEFAULT_TOLERANCE)
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}


@dataclass
class ClauseResult:
    """One clause (a leaf test) of a definition, evaluated for one record.

    ``result`` is ``True``, ``False`` or ``None`` (unknown). For an ordering comparison
    (``< <= > >=`` between two numbers) ``value``, ``threshold`` and ``gap`` are set (the gap is
    ``|value - threshold|``), ``op`` reads with the value first, and ``text_zh`` / ``text_en``
    say it in words (computed when read).
    """

    path: str
    result: bool | None
    article: str = ""
    label: str = ""
    missing: list[str] = field(default_factory=list)
    op: str = ""
    near: bool = False
    exact: tuple[Fraction, Fraction] | None = field(default=None, repr=False)
    names: tuple[str, ...] = field(default=(), repr=False)
    _words: list[str | None] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def value(self) -> Decimal | None:
        return None if self.exact is None else _dec(self.exact[0])

    @property
    def threshold(self) -> Decimal | None:
        return None if self.exact is None else _dec(self.exact[1])

    @property
    def gap(self) -> Decimal | None:
        return None if self.exact is None else _dec(abs(self.exact[0] - self.exact[1]))

    @property
    def text_zh(self) -> str:
        return self.text_in(True)

    @property
    def text_en(self) -> str:
        return self.text_in(False)

    def text_in(self, chinese: bool) -> str:
        """The sentence in one language (``text_zh`` or ``text_en``), worded when first read:
        a page shows one language, so the other is never worded for it."""
        words = self._words
        if words is None:  # a plain attribute, no lock: a race words a sentence twice
            words = self._words = [None, None]
        index = 0 if chinese else 1
        sentence = words[index]
        if sentence is None:
            sentence = words[index] = self._sentence(chinese)
        return sentence

    def _sentence(self, chinese: bool) -> str:
        if self.exact is None:
            return ""
        name_zh, name_en, unit_zh, unit_en, gap_zh, gap_en = self.names
        name, unit, gap_unit = (name_zh, unit_zh, gap_zh) if chinese else (name_en, unit_en, gap_en)
        value, threshold = self.exact
        # in integers (value = vn / vd, threshold = tn / td): no Fraction arithmetic per clause
        vn, vd, tn, td = (
            value.numerator,
            value.denominator,
            threshold.numerator,
            threshold.denominator,
        )
        symbol = _SYMBOL[self.op]
        v, t = _show_ratio(vn, vd), _show_ratio(tn, td)
        needs = "需" if chinese else "needs"
        head = f"{name} {v}{unit}, {needs} {symbol} {t}{unit}"
        if self.result:
            return head + (", 满足" if chinese else ": met")
        if vn * td == tn * vd:  # a strict comparison failing exactly on its limit
            return head + (", 恰在界限上" if chinese else ": exactly at the limit")
        g = _show_ratio(abs(vn * td - tn * vd), vd * td)  # |value - threshold|
        return head + (f", 差 {g}{gap_unit}" if chinese else f", short by {g}{gap_unit}")


@dataclass
class Explanation:
    """The outcome of a definition for one record.

    ``status``: ``met``, ``nearly_met`` (``failing`` are the near clauses which, had they held,
    would meet the criteria), ``not_met`` (``failing`` are all clauses that fail), or ``unknown``
    (``missing`` names the facts to ask for; ``undefined`` the paths that divided by zero).
    """

    status: str
    clauses: list[ClauseResult]
    failing: list[ClauseResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    undefined: list[str] = field(default_factory=list)


class _Context:
    def __init__(
        self,
        record: Mapping[str, Any],
        overrides: Mapping[str, bool] | None = None,
        catalog: Any = None,
    ):
        self.record = record
        self.overrides = overrides or {}
        self.catalog = catalog
        self.undefined: set[str] = set()


class CheckedFacts(dict):
    """A record (the facts as given) that remembers each fact's checked and converted value, so
    that explaining many definitions over one record (the calculator: every policy for one
    enterprise) checks and converts each fact once. Read as the plain dict it is elsewhere;
    the facts must not change once it is explained."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        super().__init__(facts)
        self.checked: dict[tuple[int, str], Any] = {}


def prepare(definition: Criteria | Formula, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The record's values of the facts ``definition`` reads, checked and converted."""
    catalog = definition.catalog
    if not isinstance(facts, CheckedFacts):
        return {key: check_value(catalog[key], facts.get(key)) for key in definition.facts}
    record, memo, scope = {}, facts.checked, id(catalog)
    for key in definition.facts:
        value = memo.get((scope, key), _UNCHECKED)
        if value is _UNCHECKED:
            value = memo[scope, key] = check_value(catalog[key], facts.get(key))
        record[key] = value
    return record


_UNCHECKED = object()


def evaluate(node: Node, ctx: _Context) -> Any:
    """The value of ``node`` for a record: a Fraction, bool, date, str, frozenset, or None."""
    if node.path in ctx.overrides and node.kind == "bool" and is_leaf(node):
        return ctx.overrides[node.path]
    op = node.op
    if op == "lit":
        return node.value
    if op == "var":
        value = ctx.record.get(node.value)
        if value is None and node.default is not None:
            return node.default.value
        return value
    if op in ("and", "or"):
        return _connective(node, ctx)
    if op == "if":
        return _conditional(node, ctx)
    values = [evaluate(arg, ctx) for arg in node.args]
    if op == "in" and node.mode == "list":
        return None if values[0] is None else values[0] in values[1]
    if any(value is None for value in values):
        return None
    return _operate(node, values, ctx)


def _connective(node: Node, ctx: _Context) -> bool | None:
    """``and`` / ``or`` over three values: one decisive argument decides, else unknown wins."""
    values = [evaluate(arg, ctx) for arg in node.args]
    decisive = node.op == "or"  # the value that decides: True for or, False for and
    if decisive in values:
        return decisive
    return None if None in values else not decisive


def _conditional(node: Node, ctx: _Context) -> Any:
    """``if``: the branch of the first true condition; unknown at the first unknown one."""
    args = node.args
    for i in range(0, len(args) - 1, 2):
        condition = evaluate(args[i], ctx)
        if condition is None:
            return None
        if condition:
            return evaluate(args[i + 1], ctx)
    return evaluate(args[-1], ctx)


def _operate(node: Node, values: list[Any], ctx: _Context) -> Any:
    """A strict operator over its arguments' values, all known."""
    op = node.op
    if op == "!":
        (value,) = values
        return (not value) if node.args[0].kind == "bool" else not truthy(value)
    if op == "in":
        return values[0] in values[1]
    if op == "==":
        return values[0] == values[1]
    if op == "!=":
        return values[0] != values[1]
    if op in ORDERINGS:
        return all(_ORDER[op](a, b) for a, b in itertools.pairwise(values))
    if op == "+":
        return sum(values, Fraction(0))
    if op == "-":
        return -values[0] if len(values) == 1 else values[0] - values[1]
    if op == "*":
        product = Fraction(1)
        for value in values:
            product *= value
        return product
    if op == "/":
        if values[1] == 0:
            ctx.undefined.add(node.path)
            return None
        return values[0] / values[1]
    if op == "min":
        return min(values)
    if op == "max":
        return max(values)
    raise AssertionError(op)  # pragma: no cover - the compiler admits no other operator


def truthy(value: Any) -> bool:
    """JSON Logic truthiness of a non-boolean value: 0, "" and the empty set are false."""
    if isinstance(value, Fraction):
        return value != 0
    return len(value) > 0


_ORDER = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def is_leaf(node: Node) -> bool:
    """A clause: a test that is not an and / or / ! over tests."""
    if node.kind != "bool" or node.op == "lit":
        return False
    if node.op in ("and", "or"):
        return False
    return not (node.op == "!" and node.args[0].kind == "bool")


def _clauses_of(root: Node) -> tuple[tuple[Node, str], ...]:
    """:func:`_leaves` of a compiled tree, found once per tree (kept on its root: the tree is
    immutable)."""
    found = root.__dict__.get("_clauses")
    if found is None:
        found = root.__dict__["_clauses"] = tuple(_leaves(root))
    return found


def _fraction(tolerance: Decimal) -> Fraction:
    """``Fraction(tolerance)``; the default's made once."""
    return _DEFAULT_NEAR if tolerance == DEFAULT_TOLERANCE else Fraction(tolerance)


def _leaves(node: Node, article: str = "") -> list[tuple[Node, str]]:
    if node.clause and node.clause.get("article"):
        article = node.clause["article"]
    if is_leaf(node):
        return [(node, article)]
    found = []
    if node.kind == "bool" and node.op in ("and", "or", "!"):
        for arg in node.args:
            found += _leaves(arg, article)
    return found


def explain(
    criteria: Criteria,
    facts: Mapping[str, Any],
    *,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    max_failing: int = DEFAULT_MAX_FAILING,
) -> Explanation:
    """Explain ``criteria`` for one record (``facts``: key → Decimal/int, bool, date, str, set).

    A missing key or ``None`` is a missing fact. ``nearly_met``: the criteria fail, and making
    at most ``max_failing`` failing ordering comparisons hold — each within ``tolerance`` of its
    threshold (gap ≤ tolerance × |threshold|) — would meet them.
    """
    record = prepare(criteria, facts)
    ctx = _Context(record, catalog=criteria.catalog)
    near_by = _fraction(tolerance)
    clauses = [
        _clause(node, article, record, ctx, near_by) for node, article in _clauses_of(criteria.root)
    ]
    # each clause is evaluated once, by _clause; the whole combines their results
    results = {clause.path: clause.result for clause in clauses}
    result = evaluate(criteria.root, _Context(record, results))
    if result is True:
        return Explanation("met", clauses)
    if result is None:
        missing = sorted(
            {key for clause in clauses if clause.result is None for key in clause.missing}
        )
        return Explanation("unknown", clauses, missing=missing, undefined=sorted(ctx.undefined))
    failing = [clause for clause in clauses if clause.result is False]
    near = [clause for clause in failing if clause.near]
    for size in range(1, max_failing + 1):
        for subset in itertools.combinations(near, size):
            overrides = {**results, **{clause.path: True for clause in subset}}
            if evaluate(criteria.root, _Context(record, overrides)) is True:
                return Explanation("nearly_met", clauses, failing=list(subset))
    return Explanation("not_met", clauses, failing=failing)


def _clause(
    node: Node, article: str, record: Mapping[str, Any], ctx: _Context, tolerance: Fraction
) -> ClauseResult:
    label = (node.clause or {}).get("label", "")
    comparison = node.op in ORDERINGS and len(node.args) == 2 and node.args[0].kind == "num"
    if comparison:
        # a two-sided ordering: evaluate each side once and compare (same value as evaluate)
        left, right = node.args
        op = node.op
        sub = _Context(record)
        a, b = evaluate(left, sub), evaluate(right, sub)
        result = None if a is None or b is None else _ORDER[op](a, b)
        if left.constant and not right.constant:
            left, right, op, a, b = right, left, _MIRROR[op], b, a
    else:
        sub = _Context(record)
        result = evaluate(node, sub)
    ctx.undefined |= sub.undefined  # a division by zero in the clause
    missing = []
    if result is None:
        missing = sorted(key for key in node.facts() if record.get(key) is None)
    clause = ClauseResult(node.path, result, article, label, missing)
    if not comparison:
        return clause
    value, threshold = a, b
    if value is None or threshold is None:
        return clause
    clause.op = op
    clause.exact = (value, threshold)
    clause.near = result is False and abs(value - threshold) <= tolerance * abs(threshold)
    clause.names = _names_of(left, ctx)
    return clause


def _names_of(node: Node, ctx: _Context) -> tuple[str, str, str, str, str, str]:
    """:func:`_names`, worded once per node and catalog (kept on the immutable node)."""
    kept = node.__dict__.get("_names")
    if kept is None or kept[0] is not ctx.catalog:
        kept = node.__dict__["_names"] = (ctx.catalog, _names(node, ctx))
    return kept[1]


def _names(node: Node, ctx: _Context) -> tuple[str, str, str, str, str, str]:
    catalog_fact = ctx.catalog[node.value] if node.op == "var" and ctx.catalog else None
    name_zh = catalog_fact.label_zh if catalog_fact else render(node)
    name_en = catalog_fact.label_en if catalog_fact else render(node)
    if node.numtype == "percent":
        return name_zh, name_en, "%", "%", " 个百分点", " percentage points"
    unit_zh = catalog_fact.unit if catalog_fact else ("元" if node.numtype == "money" else "")
    unit_en = catalog_fact.unit_en if catalog_fact else ("yuan" if node.numtype == "money" else "")
    unit_zh = f" {unit_zh}" if unit_zh else ""
    unit_en = f" {unit_en}" if unit_en else ""
    return name_zh, name_en, unit_zh, unit_en, unit_zh, unit_en


def render(node: Node) -> str:
    """A short infix rendering of a numeric expression (``rnd_expense / revenue``)."""
    if node.op == "var":
        return node.value
    if node.op == "lit":
        return _show(node.value)
    if node.op == "if":
        return "if(...)"
    inner = [render(arg) for arg in node.args]
    if node.op in ("min", "max"):
        return f"{node.op}({', '.join(inner)})"
    if node.op == "-" and len(inner) == 1:
        return f"-{inner[0]}"
    return "(" + f" {node.op} ".join(inner) + ")"


def _dec(value: Fraction) -> Decimal:
    """A fraction as a Decimal: exact when it terminates, else to 28 significant digits."""
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact if Fraction(exact) == value else +exact


def _show(value: Fraction) -> str:
    """A number for a sentence: exact when it terminates in 4 places, else to 4 places."""
    return _show_ratio(value.numerator, value.denominator)


def _show_ratio(numerator: int, denominator: int) -> str:
    """:func:`_show` of ``numerator / denominator`` (``denominator`` > 0, not necessarily in
    lowest terms), remembered by the pair: one record's values and the definitions'
    thresholds come back often, and a pair of ints hashes far faster than a Fraction."""
    key = (numerator, denominator)
    shown = _SHOWN.get(key)
    if shown is None:
        if len(_SHOWN) >= _SHOWN_MAX:
            _SHOWN.clear()
        shown = _SHOWN[key] = _show_number(numerator, denominator)
    return shown


_SHOWN: dict[tuple[int, int], str] = {}
_SHOWN_MAX = 8192


def _show_number(numerator: int, denominator: int) -> str:
    scaled, rest = divmod(numerator * 10_000, denominator)
    if not rest:  # fast path: exact in 4 places, nothing to round
        return format(Decimal(scaled).scaleb(-4).normalize(), ",f")
    decimal = _dec(Fraction(numerator, denominator))
    with localcontext() as context:
        context.prec = 60
        rounded = decimal.quantize(Decimal("0.0001"))
    if rounded != decimal:
        decimal = rounded
    return format(decimal.normalize(), ",f")  # 10,000,000: thousands separated


def evaluate_amount(formula: Formula, facts: Mapping[str, Any]) -> Decimal | None:
    """The formula's amount for one record in yuan, rounded by ``round_fen``; ``None`` if unknown.

    Computed exactly, converted to Decimal at 60 significant digits, then rounded once.
    """
    record = prepare(formula, facts)
    value = evaluate(formula.root, _Context(record))
    if value is None:
        return None
    with localcontext() as context:
        context.prec = 60
        amount = Decimal(value.numerator) / Decimal(value.denominator)
    return round_fen(amount)
