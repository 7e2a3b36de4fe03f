"""The JSON Logic subset, compiled against a facts catalog into a typed tree.

Operators: ``and or ! == != < <= > >= in var + - * / min max if``; anything else is rejected.
Compiling is validation: every error is a :class:`CriteriaError` whose path names the clause
(``and[1].>=[0]``). The tree (:class:`Node`) is what both evaluators walk; see
``docs/criteria.md`` for where our semantics are stricter than jsonlogic.com.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any

from rulebook.criteria.errors import CriteriaError
from rulebook.criteria.facts import FactCatalog

OPERATORS = (
    "and", "or", "!", "==", "!=", "<", "<=", ">", ">=", "in",
    "var", "+", "-", "*", "/", "min", "max", "if",
)  # fmt: skip
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
ORDERINGS = ("<", "<=", ">", ">=")

# Value kinds of the tree: "num" (numtype number | money | percent), "bool", "date", "code", "set".
KIND_NAMES = {"bool": ("布尔", "boolean"), "date": ("日期", "date"), "code": ("代码", "code"),
              "set": ("集合", "set")}  # fmt: skip
NUMTYPE_NAMES = {"number": ("数值", "number"), "money": ("金额", "money"),
                 "percent": ("百分比", "percent")}  # fmt: skip


@dataclass(frozen=True)
class Node:
    """One node of a compiled definition.

    ``op`` is an operator, or ``"lit"`` for a literal; ``value`` is the literal (``Fraction``,
    ``bool``, ``date``, ``str``, or a tuple for an ``in`` list) or the fact key of a ``var``.
    ``path`` is the node's JSON path; ``clause`` the article/label of a wrapper around it.
    """

    op: str
    kind: str
    path: str
    args: tuple[Node, ...] = ()
    numtype: str = ""
    value: Any = None
    default: Node | None = None
    mode: str = ""  # for "in": "list", "set" or "substr"
    clause: Mapping[str, str] | None = field(default=None, compare=False)

    @cached_property
    def constant(self) -> bool:
        """True when no fact is read below this node."""
        if self.op == "var":
            return False
        return all(arg.constant for arg in self.args)

    def facts(self) -> frozenset[str]:
        """The fact keys read below this node."""
        return self._facts

    @cached_property
    def _facts(self) -> frozenset[str]:
        keys = {self.value} if self.op == "var" else set()
        for arg in self.args:
            keys |= arg.facts()
        return frozenset(keys)

    def walk(self):
        yield self
        for arg in self.args:
            yield from arg.walk()

    @property
    def type_zh(self) -> str:
        return NUMTYPE_NAMES[self.numtype][0] if self.kind == "num" else KIND_NAMES[self.kind][0]

    @property
    def type_en(self) -> str:
        return NUMTYPE_NAMES[self.numtype][1] if self.kind == "num" else KIND_NAMES[self.kind][1]


@dataclass(frozen=True)
class Criteria:
    """A validated criteria definition: a boolean tree over ``catalog``."""

    root: Node
    catalog: FactCatalog
    source: Any

    @property
    def facts(self) -> frozenset[str]:
        return self.root.facts()


@dataclass(frozen=True)
class Formula:
    """A validated benefit formula: a numeric tree over ``catalog``, yuan."""

    root: Node
    catalog: FactCatalog
    source: Any

    @property
    def facts(self) -> frozenset[str]:
        return self.root.facts()


def compile_criteria(data: Any, catalog: FactCatalog) -> Criteria:
    """Validate criteria (parsed with ``parse_float=Decimal``) against ``catalog``."""
    root = _Compiler(catalog).compile(data, "")
    if root.kind != "bool":
        raise CriteriaError(
            "",
            f"条件须为真假判断, 得到{root.type_zh}",
            f"criteria must be a test, got a {root.type_en}",
        )
    return Criteria(root, catalog, data)


def compile_formula(data: Any, catalog: FactCatalog) -> Formula:
    """Validate a benefit formula (a number of yuan) against ``catalog``."""
    root = _Compiler(catalog).compile(data, "")
    if root.kind != "num":
        raise CriteriaError(
            "",
            f"公式须得出数值, 得到{root.type_zh}",
            f"a formula must give a number, got a {root.type_en}",
        )
    return Formula(root, catalog, data)


def child_path(path: str, op: str, index: int) -> str:
    return f"{path}.{op}[{index}]" if path else f"{op}[{index}]"


def parse_date(text: str, path: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CriteriaError(
            path,
            f"{text!r} 不是 ISO 日期 (YYYY-MM-DD)",
            f"{text!r} is not an ISO date (YYYY-MM-DD)",
        ) from None


class _Compiler:
    def __init__(self, catalog: FactCatalog) -> None:
        self.catalog = catalog

    def compile(self, data: Any, path: str) -> Node:
        if isinstance(data, Mapping):
            if set(data) == {"clause", "rule"}:
                return self._wrapper(data, path)
            if len(data) != 1:
                raise CriteriaError(
                    path,
                    "每条规则只能有一个运算符 (或 clause/rule 包装)",
                    "a rule has exactly one operator (or is a clause/rule wrapper)",
                )
            ((op, raw),) = data.items()
            if op not in OPERATORS:
                raise CriteriaError(path, f'不支持的运算符 "{op}"', f'unsupported operator "{op}"')
            args = list(raw) if isinstance(raw, list) else [raw]
            return getattr(self, "_op_" + _METHOD[op])(op, args, path)
        return self._literal(data, path)

    # -- leaves ---------------------------------------------------------------------------------

    def _literal(self, data: Any, path: str) -> Node:
        if isinstance(data, bool):
            return Node("lit", "bool", path, value=data)
        if isinstance(data, (int, Decimal)):
            if isinstance(data, Decimal) and not data.is_finite():
                raise CriteriaError(path, "数值须为有限数", "a number must be finite")
            return Node("lit", "num", path, numtype="number", value=Fraction(data))
        if isinstance(data, float):
            raise CriteriaError(
                path,
                "数值不得为浮点数 (以 parse_float=Decimal 解析 JSON)",
                "a number must not be a float (parse the JSON with parse_float=Decimal)",
            )
        if isinstance(data, str):
            return Node("lit", "code", path, value=data)
        if isinstance(data, list):
            raise CriteriaError(
                path,
                "列表只能作为 in 的第二个参数",
                'a list may only be the second argument of "in"',
            )
        raise CriteriaError(path, f"不支持的值 {data!r}", f"unsupported value {data!r}")

    def _wrapper(self, data: Mapping[str, Any], path: str) -> Node:
        clause = data["clause"]
        if (
            not isinstance(clause, Mapping)
            or not set(clause) <= {"article", "label"}
            or not all(isinstance(value, str) for value in clause.values())
        ):
            raise CriteriaError(
                path,
                "clause 须为对象, 仅含字符串字段 article 与 label",
                "clause must be an object with only the string fields article and label",
            )
        node = self.compile(data["rule"], path)
        if node.kind != "bool":
            raise CriteriaError(
                path, "clause 包装的须为真假判断", "a clause wrapper must wrap a test"
            )
        return replace(node, clause=dict(clause))

    def _op_var(self, op: str, args: list[Any], path: str) -> Node:
        if len(args) not in (1, 2) or not isinstance(args[0], str):
            raise CriteriaError(
                path,
                'var 须为 "事实" 或 ["事实", 默认值]',
                'var must be "fact" or ["fact", default]',
            )
        key = args[0]
        if key not in self.catalog:
            raise CriteriaError(path, f'未知事实 "{key}"', f'unknown fact "{key}"')
        fact = self.catalog[key]
        kind, numtype = _fact_kind(fact.type)
        default = None
        if len(args) == 2:
            dpath = child_path(path, op, 1)
            default = self.compile(args[1], dpath)
            if default.op != "lit" or fact.type == "set":
                raise CriteriaError(
                    dpath, "默认值须为字面量", "a default must be a literal (not for a set)"
                )
            if kind == "date" and default.kind == "code":
                default = replace(default, kind="date", value=parse_date(default.value, dpath))
            if default.kind != kind:
                raise CriteriaError(
                    dpath,
                    f"默认值类型 {default.type_zh} 与事实类型 {fact.type} 不符",
                    f"default of type {default.type_en} does not match fact type {fact.type}",
                )
            default = replace(default, numtype=numtype)
        return Node("var", kind, path, numtype=numtype, value=key, default=default)

    # -- logic ----------------------------------------------------------------------------------

    def _args(self, op: str, args: list[Any], path: str) -> list[Node]:
        return [self.compile(arg, child_path(path, op, i)) for i, arg in enumerate(args)]

    def _arity(self, op: str, args: list[Any], path: str, allowed: str, ok: bool) -> None:
        if not ok:
            allowed_zh = allowed.replace("at least", "至少").replace(" or ", " 或 ")
            allowed_zh = allowed_zh.replace("an odd number ≥", "奇数且至少")
            raise CriteriaError(
                path,
                f'"{op}" 需要 {allowed_zh} 个参数, 得到 {len(args)} 个',
                f'"{op}" takes {allowed} argument(s), got {len(args)}',
            )

    def _require(self, node: Node, kinds: tuple[str, ...], op: str) -> None:
        if node.kind not in kinds:
            names = {"bool": "test", "num": "number"}
            wanted_en = " or ".join(names.get(k, k) for k in kinds)
            raise CriteriaError(
                node.path,
                f'"{op}" 的参数不能是{node.type_zh}',
                f'"{op}" takes a {wanted_en}, not a {node.type_en}',
            )

    def _op_logic(self, op: str, args: list[Any], path: str) -> Node:
        self._arity(op, args, path, "at least 1", len(args) >= 1)
        nodes = self._args(op, args, path)
        for node in nodes:
            self._require(node, ("bool",), op)
        return Node(op, "bool", path, tuple(nodes))

    def _op_not(self, op: str, args: list[Any], path: str) -> Node:
        self._arity(op, args, path, "1", len(args) == 1)
        (node,) = self._args(op, args, path)
        self._require(node, ("bool", "num", "code", "set"), op)
        return Node(op, "bool", path, (node,))

    def _op_compare(self, op: str, args: list[Any], path: str) -> Node:
        if op in ("<", "<="):
            self._arity(op, args, path, "2 or 3", len(args) in (2, 3))
        else:
            self._arity(op, args, path, "2", len(args) == 2)
        nodes = self._coerce_dates(self._args(op, args, path))
        kinds = ("num", "date") if op in ORDERINGS else ("num", "date", "bool", "code")
        for node in nodes:
            self._require(node, kinds, op)
        self._same_type(op, nodes, path)
        return Node(op, "bool", path, tuple(nodes))

    def _op_in(self, op: str, args: list[Any], path: str) -> Node:
        self._arity(op, args, path, "2", len(args) == 2)
        needle = self.compile(args[0], child_path(path, op, 0))
        hpath = child_path(path, op, 1)
        if isinstance(args[1], list):
            items = [self.compile(item, f"{hpath}[{i}]") for i, item in enumerate(args[1])]
            self._require(needle, ("num", "code"), op)
            for item in items:
                if item.op != "lit" or item.kind != needle.kind:
                    raise CriteriaError(
                        item.path,
                        f"列表成员须为与 {needle.type_zh} 同类的字面量",
                        f"list members must be literals of the needle's kind ({needle.kind})",
                    )
            haystack = Node("lit", "list", hpath, value=tuple(item.value for item in items))
            return Node(op, "bool", path, (needle, haystack), mode="list")
        haystack = self.compile(args[1], hpath)
        self._require(haystack, ("set", "code"), op)
        self._require(needle, ("code",), op)
        if not needle.constant:
            raise CriteriaError(
                needle.path,
                "在集合或字符串中查找时, 被查找的须为常量",
                "the needle of an in over a set or a string must be a constant",
            )
        mode = "set" if haystack.kind == "set" else "substr"
        return Node(op, "bool", path, (needle, haystack), mode=mode)

    def _op_if(self, op: str, args: list[Any], path: str) -> Node:
        self._arity(op, args, path, "an odd number ≥ 3", len(args) >= 3 and len(args) % 2 == 1)
        nodes = self._args(op, args, path)
        conditions = nodes[0:-1:2]
        values = self._coerce_dates([*nodes[1:-1:2], nodes[-1]])
        for node in conditions:
            self._require(node, ("bool",), op)
        for node in values:
            self._require(node, ("num", "bool", "date", "code"), op)
        numtype = self._same_type(op, values, path)
        rebuilt = []
        for i in range(len(conditions)):
            rebuilt += [conditions[i], values[i]]
        rebuilt.append(values[-1])
        return Node(op, values[0].kind, path, tuple(rebuilt), numtype=numtype)

    # -- arithmetic -----------------------------------------------------------------------------

    def _op_arith(self, op: str, args: list[Any], path: str) -> Node:
        if op == "-":
            self._arity(op, args, path, "1 or 2", len(args) in (1, 2))
        elif op == "/":
            self._arity(op, args, path, "2", len(args) == 2)
        else:
            self._arity(op, args, path, "at least 1", len(args) >= 1)
        nodes = self._args(op, args, path)
        for node in nodes:
            self._require(node, ("num",), op)
        types = [node.numtype for node in nodes]
        if op in ("+", "-", "min", "max"):
            numtype = self._same_type(op, nodes, path)
        elif op == "*":
            special = [t for t in types if t != "number"]
            numtype = special[0] if len(special) == 1 else "number"
        else:
            divisor = nodes[1]
            if divisor.op == "lit" and divisor.value == 0:
                raise CriteriaError(divisor.path, "除数为零", "division by zero")
            numtype = types[0] if types[1] == "number" else "number"
        return Node(op, "num", path, tuple(nodes), numtype=numtype)

    # -- helpers --------------------------------------------------------------------------------

    def _coerce_dates(self, nodes: list[Node]) -> list[Node]:
        if not any(node.kind == "date" for node in nodes):
            return nodes
        return [
            replace(node, kind="date", value=parse_date(node.value, node.path))
            if node.op == "lit" and node.kind == "code"
            else node
            for node in nodes
        ]

    def _same_type(self, op: str, nodes: list[Node], path: str) -> str:
        kinds = {node.kind for node in nodes}
        special = {node.numtype for node in nodes if node.kind == "num"} - {"number"}
        if len(kinds) > 1 or len(special) > 1:
            if len(kinds) > 1:
                first = nodes[0]
                other = next(n for n in nodes if n.kind != first.kind)
            else:
                first = next(n for n in nodes if n.numtype in special)
                other = next(n for n in nodes if n.numtype in special - {first.numtype})
            raise CriteriaError(
                path,
                f'"{op}" 不能混用{first.type_zh}与{other.type_zh}',
                f'"{op}" cannot mix a {first.type_en} with a {other.type_en}',
            )
        if kinds == {"num"}:
            return special.pop() if special else "number"
        return ""


def _fact_kind(fact_type: str) -> tuple[str, str]:
    if fact_type in ("number", "money", "percent"):
        return "num", fact_type
    return {"boolean": "bool"}.get(fact_type, fact_type), ""


_METHOD = {
    "var": "var", "and": "logic", "or": "logic", "!": "not", "in": "in", "if": "if",
    **{op: "compare" for op in COMPARISONS},
    **{op: "arith" for op in ("+", "-", "*", "/", "min", "max")},
}  # fmt: skip
