"""Criteria → SQL (issue 3, item 4(b)): one set-based query per policy over the enterprises.

:func:`criteria_q` compiles a :class:`rulebook.criteria.Criteria` tree into a Django filter with
the same meaning as ``explain(...).status == "met"``:

- three-valued logic: a missing fact is SQL ``NULL``; ``and``/``or``/``!`` are SQL's (Kleene)
  ``AND``/``OR``/``NOT``, which agree with explain's; a comparison chain, ``min``/``max`` and
  ``if`` are wrapped in ``CASE`` so that one ``NULL`` operand makes the whole node ``NULL``
  exactly as explain does; a row matches only when the tree is ``TRUE``;
- exact arithmetic: a number is a pair (SQL integer expression, positive Python integer
  scale), value = expression / scale. Money is compared in integer fen (``ROUND(x*100)``),
  ``rnd_ratio`` in integer hundredths of a percentage point (rounded half-even with integer
  ``DIV``/``MOD``, as ``Decimal.quantize``), literals p/q keep their denominator, and a
  comparison a/s ⋚ b/t is done cross-multiplied (a·t ⋚ b·s). PostgreSQL computes in
  ``NUMERIC`` (exact, unbounded); SQLite in 64-bit integers (exact while intermediates stay
  below 2^63 — see docs/policies.md). No ``REAL`` is ever compared;
- constant sub-trees are folded in Python with explain's own evaluator.

What is not compiled raises :class:`NotCompilable` (a division by a non-constant); the caller
(:mod:`.matching`) then falls back to the numpy batch over ``facts_frame``.

Yearly facts come from the latest ``YearlyFact`` before the year of ``as_of``: enterprises that
have such a row are matched over that row (one join, no repeated subqueries), the others with
every yearly fact ``NULL``; the two parts are OR-ed in one query.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import BooleanField, DateField, Exists, F, Field, OuterRef, Q, QuerySet
from django.db.models.expressions import Expression
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from gaoxin.enterprises.models import Enterprise, Qualification, YearlyFact
from rulebook.criteria import Criteria
from rulebook.criteria.explain import _Context, evaluate
from rulebook.criteria.logic import ORDERINGS, Node

from .catalog import YEARLY_FIELDS

MONEY = ("revenue", "rnd_expense", "output_value", "tax_paid", "export_value")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


class NotCompilable(Exception):
    """The criteria use a construct that has no exact SQL form here."""


class Sql(Expression):
    """A SQL fragment: ``fmt`` with ``{i}`` placeholders for ``args`` (expressions), or a dict
    vendor → fmt (key ``"default"`` for the rest)."""

    def __init__(self, fmt: str | dict[str, str], *args: Any, output_field: Field | None = None):
        super().__init__(output_field=output_field or Field())
        self.fmt = fmt
        self.args = list(args)

    def get_source_expressions(self):
        return self.args

    def set_source_expressions(self, exprs):
        self.args = list(exprs)

    def as_sql(self, compiler, connection):
        fmt = self.fmt
        if isinstance(fmt, dict):
            fmt = fmt.get(connection.vendor, fmt["default"])
        compiled = [compiler.compile(arg) for arg in self.args]
        params: list[Any] = []
        for match in _PLACEHOLDER.finditer(fmt):
            params.extend(compiled[int(match.group(1))][1])
        sql = _PLACEHOLDER.sub(lambda m: compiled[int(m.group(1))][0], fmt)
        return sql, params


def _bool(fmt, *args) -> Sql:
    return Sql(fmt, *args, output_field=BooleanField())


TRUE, FALSE, NULL_BOOL = "(1 = 1)", "(1 = 0)", "(1 = NULL)"


def _int_literal(n: int) -> Sql:
    # NUMERIC on PostgreSQL: int4 literals multiplied together would overflow there
    return Sql({"postgresql": f"CAST({int(n)} AS NUMERIC)", "default": f"({int(n)})"})


class _Param(Expression):
    def __init__(self, value: Any):
        super().__init__(output_field=Field())
        self.value = value

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


@dataclass
class Num:
    expr: Expression
    scale: int


def _mul(num: Num, factor: int) -> Expression:
    return num.expr if factor == 1 else Sql("({0} * " + str(int(factor)) + ")", num.expr)


def _rescale(nums: list[Num]) -> tuple[list[Expression], int]:
    common = math.lcm(*(n.scale for n in nums))
    return [_mul(n, common // n.scale) for n in nums], common


NUMERIC = {"postgresql": "CAST({0} AS NUMERIC)", "default": "{0}"}
CENTS = {"postgresql": "ROUND({0} * 100)", "default": "CAST(ROUND({0} * 100) AS INTEGER)"}


@dataclass
class Sources:
    """Where each fact lives for the base queryset being filtered."""

    as_of: datetime.date
    enterprise: str  # "" when the base is Enterprise, "enterprise__" when it is YearlyFact
    yearly: bool  # the base row is the latest yearly fact (else yearly facts are NULL)

    def outer_pk(self) -> OuterRef:
        return OuterRef("enterprise_id" if self.enterprise else "pk")

    def column(self, name: str) -> Expression:
        """A column of the enterprise (``founded_on``, ``park__name`` …)."""
        return F(self.enterprise + name)

    def yearly_column(self, name: str) -> Expression:
        """A column of the latest yearly fact."""
        return F(name)

    def code(self, key: str) -> Expression:
        if key == "park":
            return self.column("park__name")
        return Sql("NULLIF({0}, '')", self.column(key))

    def number(self, key: str) -> Num | None:
        if key in YEARLY_FIELDS:
            if not self.yearly:
                return None
            if key in MONEY:
                return Num(Sql(CENTS, self.yearly_column(key)), 100)
            return Num(Sql(NUMERIC, self.yearly_column(key)), 1)
        if key == "rnd_ratio":
            return self._rnd_ratio() if self.yearly else None
        if key == "years_since_founding":
            return self._years_since_founding()
        raise NotCompilable(f"fact {key!r} has no SQL source")

    def _rnd_ratio(self) -> Num:
        """R&D expense / revenue in hundredths of a percentage point, rounded half-even with
        integer ``DIV``/``MOD`` (as ``Decimal.quantize``)."""
        r = Sql(CENTS, self.yearly_column("rnd_expense"))
        v = Sql(CENTS, self.yearly_column("revenue"))
        n = Sql("(ABS({0}) * 10000)", r)
        d = Sql("ABS({0})", v)
        q = Sql({"postgresql": "DIV({0}, {1})", "default": "({0} / {1})"}, n, d)
        rem = Sql({"postgresql": "MOD({0}, {1})", "default": "({0} %% {1})"}, n, d)
        odd = Sql({"postgresql": "MOD({0}, 2)", "default": "({0} %% 2)"}, q)
        expr = Sql(
            "(CASE WHEN {0} IS NULL OR {1} IS NULL OR {1} = 0 THEN NULL ELSE "
            "(CASE WHEN ({0} < 0) <> ({1} < 0) THEN -1 ELSE 1 END) * ({2} + CASE WHEN "
            "2 * {3} > {4} OR (2 * {3} = {4} AND {5} = 1) THEN 1 ELSE 0 END) END)",
            r,
            v,
            q,
            rem,
            d,
            odd,
        )
        return Num(expr, 100)

    def _years_since_founding(self) -> Num:
        """Whole years from the founding date to ``as_of`` (``NULL`` when founded after it)."""
        f = self.column("founded_on")
        a = self.as_of
        expr = Sql(
            "(CASE WHEN {0} IS NULL OR {0} > %s THEN NULL ELSE "
            f"{a.year} - {{1}} - CASE WHEN {{2}} > {a.month} OR "
            f"({{2}} = {a.month} AND {{3}} > {a.day}) THEN 1 ELSE 0 END END)".replace("%s", "{4}"),
            f,
            ExtractYear(f),
            ExtractMonth(f),
            ExtractDay(f),
            _Param(a),
        )
        return Num(Sql(NUMERIC, expr), 1)

    def qualified(self, kind: str | None) -> Expression:
        qs = Qualification.objects.filter(
            enterprise_id=self.outer_pk(), valid_from__lte=self.as_of
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.as_of))
        if kind is not None:
            qs = qs.filter(kind=kind)
        return Exists(qs)


class _Compiler:
    def __init__(self, sources: Sources):
        self.s = sources

    # -- constants ------------------------------------------------------------------------------

    def _const(self, node: Node) -> Any:
        return evaluate(node, _Context({}))

    def boolean(self, node: Node) -> Expression:
        if node.constant:
            value = self._const(node)
            return _bool(NULL_BOOL if value is None else TRUE if value else FALSE)
        op, args = node.op, node.args
        if op in ("and", "or"):
            parts = [self.boolean(a) for a in args]
            joiner = " AND " if op == "and" else " OR "
            return _bool("(" + joiner.join(f"{{{i}}}" for i in range(len(parts))) + ")", *parts)
        if op == "!":
            (arg,) = args
            if arg.kind == "bool":
                return _bool("(NOT {0})", self.boolean(arg))
            if arg.kind == "num":
                num = self.number(arg)
                return _bool(NULL_BOOL) if num is None else _bool("({0} = 0)", num.expr)
            if arg.kind == "set":
                return _bool("(NOT {0})", self.s.qualified(None))
            return _bool("(LENGTH({0}) = 0)", self.code(arg))
        if op in ("==", "!=") or op in ORDERINGS:
            return self.compare(node)
        if op == "in":
            return self.member(node)
        if op == "if":
            return self.case(node, self.boolean)
        if op == "var":  # no boolean facts in the catalog, kept for completeness
            raise NotCompilable(f"boolean fact {node.value!r}")
        raise NotCompilable(f"operator {op!r} as a test")

    def compare(self, node: Node) -> Expression:
        op = node.op
        sql_op = {"==": "=", "!=": "<>"}.get(op, op)
        kind = node.args[0].kind
        if kind == "num":
            nums = [self.number(a) for a in node.args]
            if any(n is None for n in nums):
                return _bool(NULL_BOOL)
            exprs = [n.expr for n in nums]
            pairs = []
            for i in range(len(nums) - 1):
                a, b = nums[i], nums[i + 1]
                pairs.append(_bool(f"({{0}} {sql_op} {{1}})", _mul(a, b.scale), _mul(b, a.scale)))
            if len(pairs) == 1:
                return pairs[0]
            nulls = " OR ".join(f"{{{i}}} IS NULL" for i in range(len(exprs)))
            k = len(exprs)
            both = " AND ".join(f"{{{k + i}}}" for i in range(len(pairs)))
            return _bool(f"(CASE WHEN {nulls} THEN NULL ELSE ({both}) END)", *exprs, *pairs)
        if kind == "bool":
            a, b = (self.boolean(x) for x in node.args)
        elif kind == "code":
            a, b = (self.code(x) for x in node.args)
        else:
            raise NotCompilable(f"comparison of {kind}s")
        return _bool(f"({{0}} {sql_op} {{1}})", a, b)

    def member(self, node: Node) -> Expression:
        needle, haystack = node.args
        if node.mode == "set":
            if haystack.op != "var":
                raise NotCompilable("a set that is not the qualifications fact")
            return self.s.qualified(self._const(needle))
        if node.mode == "substr":
            h = self.code(haystack)
            fmt = {"postgresql": "STRPOS({0}, {1}) > 0", "default": "INSTR({0}, {1}) > 0"}
            inner = Sql(fmt, h, _Param(self._const(needle)))
            return _bool("(CASE WHEN {0} IS NULL THEN NULL ELSE ({1}) END)", h, inner)
        items = haystack.value
        if needle.kind == "num":
            num = self.number(needle)
            if num is None:
                return _bool(NULL_BOOL)
            expr = num.expr
            tests = [
                _bool(f"({{0}} = ({v.numerator * num.scale}))", _mul(num, v.denominator))
                for v in items
            ]
        else:
            expr = self.code(needle)
            tests = [_bool("({0} = {1})", expr, _Param(v)) for v in items]
        if not tests:
            return _bool(f"(CASE WHEN {{0}} IS NULL THEN NULL ELSE {FALSE} END)", expr)
        return _bool("(" + " OR ".join(f"{{{i}}}" for i in range(len(tests))) + ")", *tests)

    def case(self, node: Node, value_of) -> Expression:
        args = node.args
        conditions = [self.boolean(args[i]) for i in range(0, len(args) - 1, 2)]
        values = [value_of(args[i]) for i in range(1, len(args) - 1, 2)] + [value_of(args[-1])]
        parts, exprs = [], []
        for i, condition in enumerate(conditions):
            c, v = len(exprs), len(exprs) + 1
            exprs += [condition, values[i]]
            parts.append(f"WHEN {{{c}}} IS NULL THEN NULL WHEN {{{c}}} THEN {{{v}}}")
        exprs.append(values[-1])
        out = BooleanField() if node.kind == "bool" else Field()
        return Sql(
            f"(CASE {' '.join(parts)} ELSE {{{len(exprs) - 1}}} END)", *exprs, output_field=out
        )

    # -- values ---------------------------------------------------------------------------------

    def code(self, node: Node) -> Expression:
        if node.constant:
            value = self._const(node)
            return Sql("NULL") if value is None else _Param(value)
        if node.op == "var":
            expr = self.s.code(node.value)
            if node.default is not None:
                return Sql("COALESCE({0}, {1})", expr, _Param(node.default.value))
            return expr
        if node.op == "if":
            return self.case(node, self.code)
        raise NotCompilable(f"code expression {node.op!r}")

    def number(self, node: Node) -> Num | None:
        """The node as (integer expression, scale), or None for an always-NULL value."""
        if node.constant:
            value = self._const(node)
            if value is None:
                return None
            value = Fraction(value)
            return Num(_int_literal(value.numerator), value.denominator)
        op, args = node.op, node.args
        if op == "var":
            return self._fact(node)
        if op == "if":
            return self._number_case(node)
        nums = [self.number(a) for a in args]
        if any(n is None for n in nums):
            return None
        if op in ("+", "-") and len(nums) >= 1:
            return self._sum(op, nums)
        if op == "*":
            return self._product(nums)
        if op == "/":
            return self._quotient(node, nums[0])
        if op in ("min", "max"):
            return self._extremum(op, nums)
        raise NotCompilable(f"numeric operator {op!r}")

    def _fact(self, node: Node) -> Num | None:
        """A numeric fact, with its default (``COALESCE``) when it has one."""
        num = self.s.number(node.value)
        if node.default is None:
            return num
        d = Fraction(node.default.value)
        if num is None:
            return Num(_int_literal(d.numerator), d.denominator)
        return Num(
            Sql(f"COALESCE({{0}}, ({d.numerator * num.scale}))", _mul(num, d.denominator)),
            num.scale * d.denominator,
        )

    def _number_case(self, node: Node) -> Num:
        """A numeric ``if``: every branch brought to one common scale."""
        args = node.args
        values = [self.number(a) for a in (*args[1:-1:2], args[-1])]
        real = [v for v in values if v is not None] or [Num(_int_literal(0), 1)]
        scale = math.lcm(*(v.scale for v in real))
        by_node = {
            id(a): (Sql("NULL") if v is None else _mul(v, scale // v.scale))
            for a, v in zip((*args[1:-1:2], args[-1]), values, strict=True)
        }
        return Num(self.case(node, lambda a: by_node[id(a)]), scale)

    def _sum(self, op: str, nums: list[Num]) -> Num:
        if op == "-" and len(nums) == 1:
            return Num(Sql("(-{0})", nums[0].expr), nums[0].scale)
        exprs, scale = _rescale(nums)
        joiner = " + " if op == "+" else " - "
        return Num(
            Sql("(" + joiner.join(f"{{{i}}}" for i in range(len(exprs))) + ")", *exprs), scale
        )

    def _product(self, nums: list[Num]) -> Num:
        scale = math.prod(n.scale for n in nums)
        return Num(
            Sql(
                "(" + " * ".join(f"{{{i}}}" for i in range(len(nums))) + ")",
                *(n.expr for n in nums),
            ),
            scale,
        )

    def _quotient(self, node: Node, a: Num) -> Num | None:
        """``a`` divided by the node's constant divisor (``None`` when it is 0)."""
        divisor = node.args[1]
        if not divisor.constant:
            raise NotCompilable(f"{node.path}: division by a non-constant")
        value = Fraction(self._const(divisor))
        if value == 0:
            return None
        sign = -1 if value < 0 else 1
        p, q = abs(value.numerator), value.denominator
        return Num(Sql(f"({{0}} * {sign * q})", a.expr), a.scale * p)

    def _extremum(self, op: str, nums: list[Num]) -> Num:
        exprs, scale = _rescale(nums)
        pick = "<=" if op == "min" else ">="
        result, rest = exprs[0], exprs[1:]
        for other in rest:  # CASE without ELSE: NULL as soon as one operand is NULL
            result = Sql(
                f"(CASE WHEN {{0}} {pick} {{1}} THEN {{0}} WHEN {{1}} {pick} {{0}} THEN {{1}} END)",
                result,
                other,
            )
        return Num(result, scale)


def _latest_yearly(as_of: datetime.date) -> QuerySet[YearlyFact]:
    """The latest yearly fact of each enterprise before the year of ``as_of``."""
    later = YearlyFact.objects.filter(
        enterprise_id=OuterRef("enterprise_id"), year__gt=OuterRef("year"), year__lt=as_of.year
    )
    return YearlyFact.objects.filter(year__lt=as_of.year).filter(~Exists(later))


def criteria_q(criteria: Criteria, as_of: datetime.date) -> Q:
    """A filter on ``Enterprise`` true exactly for the enterprises whose criteria are met."""
    without = _Compiler(Sources(as_of, "", yearly=False)).boolean(criteria.root)
    yearly_keys = set(YEARLY_FIELDS) | {"rnd_ratio"}
    if not criteria.facts & yearly_keys:
        return Q(without)
    with_row = _Compiler(Sources(as_of, "enterprise__", yearly=True)).boolean(criteria.root)
    matched_rows = _latest_yearly(as_of).filter(with_row).values("enterprise_id")
    has_row = Exists(YearlyFact.objects.filter(enterprise_id=OuterRef("pk"), year__lt=as_of.year))
    return Q(pk__in=matched_rows) | (~Q(has_row) & Q(without))


def match_sql(
    criteria: Criteria, as_of: datetime.date, queryset: QuerySet[Enterprise] | None = None
) -> QuerySet[Enterprise]:
    """The enterprises of ``queryset`` (default: all) meeting ``criteria`` on ``as_of``."""
    base = Enterprise.objects.all() if queryset is None else queryset
    return base.filter(criteria_q(criteria, as_of))


# -- the facts table: every enterprise's facts computed once per re-match ----------------------

FACTS_TABLE = "gaoxin_match_facts"
# The zone an enterprise is a candidate in: its zone when it belongs to it, none (-1) for a
# partner outside the zone, so that no policy's zone condition ever takes it in.
ZONE_MEMBER = "CASE WHEN e.membership = 'zone' THEN e.zone_id ELSE -1 END"


class _Raw(Sql):
    """A column reference by name (``alias.column``) with a declared output field."""

    def __init__(self, ref: str, output_field: Field | None = None):
        super().__init__(ref, output_field=output_field)


class _BuildSources(Sources):
    """Sources for building the facts table: ``e`` is the enterprise, ``y`` its latest yearly
    fact before the year of ``as_of`` (LEFT JOINed: all ``NULL`` when there is none)."""

    def column(self, name: str) -> Expression:
        if name == "founded_on":
            return _Raw("e.founded_on", DateField())
        if name == "park__name":
            return _Raw("p.name")
        return _Raw(f"e.{name}")

    def yearly_column(self, name: str) -> Expression:
        return _Raw(f"y.{name}")


class TableSources(Sources):
    """Sources reading the facts table (alias ``f``), where every fact is already in its SQL
    form: money in fen, ``rnd_ratio`` in hundredths, codes ``NULL`` when empty, and the
    qualification kinds valid on ``as_of`` as one string ``,kind1,kind2,`` (``,`` for none)."""

    def __init__(self, as_of: datetime.date):
        super().__init__(as_of, "", yearly=True)

    def code(self, key: str) -> Expression:
        return _Raw(f"f.{key}")

    def number(self, key: str) -> Num | None:
        if key in MONEY or key == "rnd_ratio":
            return Num(_Raw(f"f.{key}"), 100)
        if key in YEARLY_FIELDS or key == "years_since_founding":
            return Num(_Raw(f"f.{key}"), 1)
        raise NotCompilable(f"fact {key!r} has no SQL source")

    def qualified(self, kind: Any) -> Expression:
        if kind is None:
            return _bool("(f.quals <> ',')")
        if not isinstance(kind, str) or "," in kind:
            # not representable in the kinds string: ask the qualifications table itself
            return _bool(
                f"EXISTS (SELECT 1 FROM {Qualification._meta.db_table} q "  # noqa: S608
                "WHERE q.enterprise_id = f.id AND q.kind = {0} AND q.valid_from <= {1} "
                "AND (q.valid_to IS NULL OR q.valid_to >= {1}))",
                _Param(None if kind is None else str(kind)),
                _Param(self.as_of.isoformat()),
            )
        fmt = {"postgresql": "(STRPOS(f.quals, {0}) > 0)", "default": "(INSTR(f.quals, {0}) > 0)"}
        return _bool(fmt, _Param(f",{kind},"))


def _render(expression: Expression, connection) -> tuple[str, list[Any]]:
    compiler = Enterprise.objects.none().query.get_compiler(connection=connection)
    return compiler.compile(expression)


def facts_table_sql(as_of: datetime.date, connection) -> tuple[str, list[Any]]:
    """``CREATE TEMPORARY TABLE gaoxin_match_facts AS SELECT …``: one row per enterprise with
    the facts of ``as_of`` in their SQL form (see :class:`TableSources`). The expressions are
    the very ones the per-policy query uses (:class:`Sources`), read once instead of once per
    policy and per use."""
    src = _BuildSources(as_of, "", yearly=True)
    columns: list[tuple[str, Expression]] = [
        ("stage", src.code("stage")),
        ("industry_code", src.code("industry_code")),
        ("park", src.code("park")),
        ("years_since_founding", src.number("years_since_founding").expr),
        ("rnd_ratio", src.number("rnd_ratio").expr),
    ]
    columns += [(key, src.number(key).expr) for key in YEARLY_FIELDS]
    parts, params = [], []
    for name, expression in columns:
        sql, ps = _render(expression, connection)
        parts.append(f"{sql} AS {name}")
        params.extend(ps)
    pg = connection.vendor == "postgresql"
    kinds = "string_agg(DISTINCT kind, ',')" if pg else "group_concat(DISTINCT kind)"
    yearly, quals = YearlyFact._meta.db_table, Qualification._meta.db_table
    park = Enterprise._meta.get_field("park").related_model._meta.db_table
    day = as_of.isoformat()
    sql = (
        f"CREATE TEMPORARY TABLE {FACTS_TABLE} AS SELECT e.id AS id, {ZONE_MEMBER} AS zone_id, "  # noqa: S608
        f"{', '.join(parts)}, "
        "COALESCE(q.kinds, ',') AS quals "
        f"FROM {Enterprise._meta.db_table} e "
        f"LEFT JOIN {park} p ON p.id = e.park_id "
        f"LEFT JOIN (SELECT yf.* FROM {yearly} yf JOIN (SELECT enterprise_id, MAX(year) AS year "
        f"FROM {yearly} WHERE year < %s GROUP BY enterprise_id) m "
        "ON m.enterprise_id = yf.enterprise_id AND m.year = yf.year) y ON y.enterprise_id = e.id "
        f"LEFT JOIN (SELECT enterprise_id, ',' || {kinds} || ',' AS kinds FROM {quals} "
        "WHERE valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s) "
        "GROUP BY enterprise_id) q ON q.enterprise_id = e.id"
    )
    return sql, [*params, as_of.year, day, day]


def table_condition(criteria: Criteria, as_of: datetime.date, connection) -> tuple[str, list]:
    """The SQL condition over the facts table (alias ``f``) true exactly when ``criteria`` are
    met. Raises :class:`NotCompilable` like :func:`criteria_q`."""
    return _render(_Compiler(TableSources(as_of)).boolean(criteria.root), connection)
