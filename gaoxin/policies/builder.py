"""The criteria builder's tree: criteria and benefit formulas (JSON Logic) as rows a person edits.

The builder page shows criteria as a tree of *groups* (AND / OR, optionally negated) and
*clauses* (fact, operator, value, article, label). :func:`criteria_to_tree` reads stored JSON
Logic into that tree, or raises :class:`Unsupported` when the definition uses something the
builder has no row for (arithmetic, a ``var`` default, a reversed comparison …) — the page then
opens the JSON in the "advanced" textarea. :func:`tree_to_criteria` writes the tree back; for
everything the builder reads, the round trip gives the same JSON Logic (tests check it on the
demo policies). ``static/js/criteria_builder.js`` writes the same JSON from the same tree in the
browser. Numbers travel as decimal text, never as floats.

The same module renders criteria and formulas as short sentences for the staff pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gaoxin.firstset.display import is_chinese
from rulebook.criteria import CriteriaError, compile_formula
from rulebook.criteria.explain import render

from .matching.catalog import CATALOG

NUMERIC = ("number", "money", "percent")
ORDERINGS = (">=", ">", "<=", "<")
EQUALITIES = ("==", "!=")
NUMBER_TEXT = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")


class Unsupported(Exception):
    """The definition has a part the builder cannot show as rows."""


# -- reading JSON Logic ---------------------------------------------------------------------------


def number_text(value: Any) -> str:
    """A JSON Logic number literal as plain decimal text (``Decimal("0.1")`` → ``"0.1"``)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise Unsupported("not a number")
    text = format(Decimal(value), "f")
    if not NUMBER_TEXT.match(text):
        raise Unsupported("not a plain number")
    return text


def _fact_of(node: Any) -> str:
    if (
        isinstance(node, Mapping)
        and set(node) == {"var"}
        and isinstance(node["var"], str)
        and node["var"] in CATALOG
    ):
        return node["var"]
    raise Unsupported("not a fact of the catalog")


def _args(node: Mapping[str, Any]) -> tuple[str, list[Any]]:
    if not isinstance(node, Mapping) or len(node) != 1:
        raise Unsupported("not an operator")
    ((op, raw),) = node.items()
    return op, raw if isinstance(raw, list) else [raw]


def _rule_to_clause(rule: Any) -> dict[str, Any]:
    op, args = _args(rule)
    if op in ORDERINGS + EQUALITIES and len(args) == 2:
        fact = CATALOG[_fact_of(args[0])]
        value = args[1]
        if fact.type in NUMERIC:
            return {"fact": fact.key, "op": op, "value": number_text(value)}
        if fact.type == "date" and isinstance(value, str):
            return {"fact": fact.key, "op": op, "value": value}
        if fact.type == "code" and op in EQUALITIES and isinstance(value, str):
            return {"fact": fact.key, "op": op, "value": value}
        if fact.type == "boolean" and op == "==" and isinstance(value, bool):
            return {"fact": fact.key, "op": "true" if value else "false", "value": ""}
        raise Unsupported("comparison the builder has no row for")
    if op == "in" and len(args) == 2:
        needle, haystack = args
        if isinstance(needle, str):
            fact = CATALOG[_fact_of(haystack)]
            if fact.type in ("set", "code"):
                return {"fact": fact.key, "op": "contains", "value": needle}
        elif isinstance(haystack, list) and all(isinstance(item, str) for item in haystack):
            fact = CATALOG[_fact_of(needle)]
            if fact.type == "code":
                return {"fact": fact.key, "op": "in", "value": list(haystack)}
    raise Unsupported(f"operator {op!r} in this form")


def _is_group(node: Any) -> bool:
    return isinstance(node, Mapping) and len(node) == 1 and next(iter(node)) in ("and", "or")


def _node(data: Any) -> dict[str, Any]:
    if isinstance(data, Mapping) and set(data) == {"clause", "rule"}:
        info = data["clause"]
        if not isinstance(info, Mapping) or _is_group(data["rule"]):
            raise Unsupported("a clause wrapper around a group")
        clause = _rule_to_clause(data["rule"])
        return {
            "kind": "clause",
            **clause,
            "article": str(info.get("article", "")),
            "label": str(info.get("label", "")),
        }
    if _is_group(data):
        op, args = _args(data)
        if not args:
            raise Unsupported("an empty group")
        return {"kind": "group", "op": op, "not": False, "children": [_node(a) for a in args]}
    if isinstance(data, Mapping) and set(data) == {"!"}:
        _op, args = _args(data)
        if len(args) != 1:
            raise Unsupported("! takes one argument")
        inner = _node(args[0])
        if inner["kind"] == "group":
            if inner["not"]:
                raise Unsupported("a double negation")
            return {**inner, "not": True}
        return {"kind": "group", "op": "and", "not": True, "children": [inner]}
    return {"kind": "clause", **_rule_to_clause(data), "article": "", "label": ""}


def criteria_to_tree(criteria: Any) -> dict[str, Any]:
    """The builder tree of ``criteria``: a root group (``bare`` when the criteria are a single
    clause). Raises :class:`Unsupported`."""
    if criteria is None:
        return {"kind": "group", "op": "and", "not": False, "children": [], "bare": False}
    root = _node(criteria)
    if root["kind"] == "clause":
        return {"kind": "group", "op": "and", "not": False, "children": [root], "bare": True}
    return {**root, "bare": False}


def formula_to_tree(formula: Any) -> dict[str, Any]:
    """The formula presets: ``none``, ``fixed`` (amount), ``rate`` (fact × factor, optional
    cap). Raises :class:`Unsupported` for anything else."""
    if formula is None:
        return {"mode": "none"}
    if isinstance(formula, (int, Decimal)) and not isinstance(formula, bool):
        return {"mode": "fixed", "amount": number_text(formula)}
    cap = ""
    op, args = _args(formula)
    if op == "min" and len(args) == 2:
        cap = number_text(args[1])
        op, args = _args(args[0])
    if op == "*" and len(args) == 2:
        fact = CATALOG[_fact_of(args[0])]
        if fact.type in NUMERIC:
            return {"mode": "rate", "fact": fact.key, "factor": number_text(args[1]), "cap": cap}
    raise Unsupported("formula the presets do not cover")


# -- writing JSON Logic ---------------------------------------------------------------------------


def _number(text: str) -> int | Decimal:
    text = str(text).strip()
    if not NUMBER_TEXT.match(text):
        raise ValueError(f"{text!r} is not a number")
    value = Decimal(text)
    return int(value) if "." not in text else value


def _rule(clause: Mapping[str, Any]) -> dict[str, Any]:
    fact = CATALOG[clause["fact"]]
    var = {"var": fact.key}
    op = clause["op"]
    value = clause.get("value", "")
    if op in ("true", "false"):
        return {"==": [var, op == "true"]}
    if op == "contains":
        return {"in": [value, var]}
    if op == "in":
        return {"in": [var, list(value)]}
    if fact.type in NUMERIC:
        return {op: [var, _number(value)]}
    return {op: [var, value]}


def _write(node: Mapping[str, Any]) -> Any:
    if node["kind"] == "clause":
        rule = _rule(node)
        info = {k: node[k] for k in ("article", "label") if node.get(k)}
        return {"clause": info, "rule": rule} if info else rule
    children = [_write(child) for child in node["children"]]
    if node.get("not") and len(children) == 1 and node["op"] == "and":
        return {"!": children[0]}
    group = {node["op"]: children}
    return {"!": group} if node.get("not") else group


def tree_to_criteria(tree: Mapping[str, Any]) -> Any:
    """JSON Logic from a builder tree (the inverse of :func:`criteria_to_tree`)."""
    if tree.get("bare") and len(tree["children"]) == 1 and not tree.get("not"):
        return _write(tree["children"][0])
    return _write(tree)


def tree_to_formula(tree: Mapping[str, Any]) -> Any:
    mode = tree.get("mode")
    if mode == "none":
        return None
    if mode == "fixed":
        return _number(tree["amount"])
    product = {"*": [{"var": tree["fact"]}, _number(tree["factor"])]}
    return {"min": [product, _number(tree["cap"])]} if tree.get("cap") else product


# -- sentences for the staff pages ----------------------------------------------------------------


def _label(key: str) -> str:
    fact = CATALOG[key]
    return fact.label_zh if is_chinese() else fact.label_en


def _grouped(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return f"{value:,f}"


def _value_text(key: str, text: str) -> str:
    fact = CATALOG[key]
    if fact.type == "percent":
        return f"{_grouped(text)}%"
    if fact.type in NUMERIC:
        unit = fact.unit if is_chinese() else fact.unit_en
        return f"{_grouped(text)}{' ' if unit and is_chinese() else ''}{unit}"
    return text


def _value_label(key: str, value: str) -> str:
    """A stage or qualification code as its name (``high_tech`` → 高新技术企业)."""
    from gaoxin.enterprises.choices import QualificationKind, Stage

    names = {"qualifications": QualificationKind, "stage": Stage}.get(key)
    if names is None or value not in names.values:
        return value
    return str(names(value).label)


OP_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}


def clause_sentence(clause: Mapping[str, Any]) -> str:
    """``研发投入占比 ≥ 3%``, ``有效资质 包含 high_tech``, ``发展阶段 属于 production、sales``."""
    name = _label(clause["fact"])
    op, value = clause["op"], clause.get("value", "")
    if op == "true":
        return _("%(fact)s is true") % {"fact": name}
    if op == "false":
        return _("%(fact)s is false") % {"fact": name}
    if op == "contains":
        shown = _value_label(clause["fact"], value)
        return _("%(fact)s contains %(value)s") % {"fact": name, "value": shown}
    if op == "in":
        shown = "、".join(_value_label(clause["fact"], v) for v in value)
        return _("%(fact)s is one of %(values)s") % {"fact": name, "values": shown}
    return f"{name} {OP_SYMBOLS[op]} {_value_text(clause['fact'], value)}"


def describe_criteria(criteria: Any) -> dict[str, Any] | None:
    """The builder tree with a ``sentence`` on every clause, for the templates; ``None`` when
    the builder cannot read the criteria (the page shows the JSON)."""
    try:
        tree = criteria_to_tree(criteria)
    except (Unsupported, KeyError):
        return None

    def annotate(node):
        if node["kind"] == "clause":
            node["sentence"] = clause_sentence(node)
        else:
            for child in node["children"]:
                annotate(child)
        return node

    return annotate(tree)


def criteria_lines(criteria: Any) -> list[str]:
    """Every clause of ``criteria`` as a sentence (``研发投入占比 ≥ 4%``), in order; the JSON
    when the builder cannot read it; nothing for no criteria."""
    if criteria is None:
        return []
    tree = describe_criteria(criteria)
    if tree is None:
        return [json.dumps(criteria, ensure_ascii=False, sort_keys=True, default=str)]
    lines: list[str] = []

    def walk(node):
        if node["kind"] == "clause":
            lines.append(node["sentence"])
        else:
            for child in node["children"]:
                walk(child)

    walk(tree)
    return lines


def criteria_changes(before: Any, after: Any) -> list[str] | None:
    """``[removed clauses, added clauses]`` as text (``研发投入占比 ≥ 4%`` →
    ``研发投入占比 ≥ 6%``) for the audit trail, ``None`` when the clauses read the same."""
    old, new = criteria_lines(before), criteria_lines(after)
    if old == new:
        return None
    removed = [line for line in old if line not in new]
    added = [line for line in new if line not in old]
    if not removed and not added:  # the same clauses in another order or grouping
        removed, added = old, new
    return ["; ".join(removed), "; ".join(added)]


def describe_formula(formula: Any) -> str:
    """The benefit formula in words: a fixed amount, a rate of a fact with its cap, or the
    expression (``min((rnd_expense / 10), 5000000)``)."""
    if formula is None:
        return _("No amount (none)")
    try:
        tree = formula_to_tree(formula)
    except (Unsupported, KeyError):
        try:
            return render(compile_formula(formula, CATALOG).root)
        except CriteriaError:
            return str(formula)
    if tree["mode"] == "fixed":
        return _("Fixed amount: %(amount)s yuan") % {"amount": _grouped(tree["amount"])}
    fact = CATALOG[tree["fact"]]
    if fact.type == "money":
        rate = _trim(format(Decimal(tree["factor"]) * 100, "f") + "%")
        text = _("%(rate)s of %(fact)s") % {"rate": rate, "fact": _label(fact.key)}
    else:
        text = _("%(amount)s yuan × %(fact)s") % {
            "amount": _grouped(tree["factor"]),
            "fact": _label(fact.key),
        }
    if tree.get("cap"):
        text += _(", at most %(cap)s yuan") % {"cap": _grouped(tree["cap"])}
    return text


def _trim(percent: str) -> str:
    """``10.0%`` → ``10%``, ``12.50%`` → ``12.5%``."""
    number = percent.rstrip("%")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    return number + "%"


def clause_at(criteria: Any, path: str) -> dict[str, str] | None:
    """The clause wrapper (article, label) an engine error path (``and[1].>=[0]``) is inside,
    so that a message can name the clause the way the builder shows it."""
    found = None
    node = criteria
    for op, index in re.findall(r"([^.\[\]]+)\[(\d+)\]", path if path != "$" else ""):
        if isinstance(node, Mapping) and set(node) == {"clause", "rule"}:
            found = node["clause"]
            node = node["rule"]
        if not isinstance(node, Mapping) or op not in node:
            break
        args = node[op] if isinstance(node[op], list) else [node[op]]
        if int(index) >= len(args):
            break
        node = args[int(index)]
    if isinstance(node, Mapping) and set(node) == {"clause", "rule"}:
        found = node["clause"]
    return dict(found) if isinstance(found, Mapping) else None
