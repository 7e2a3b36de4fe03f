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

from gaoxin.firstset.display import is_chinese, localized
from rulebook.criteria import CriteriaError, compile_criteria, compile_formula
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


# -- refused criteria in the words of the builder's rows -----------------------------------------


class ChoiceError(CriteriaError):
    """A stage, park or qualification the zone does not know (the engine accepts any text)."""

    def __init__(self, path: str, value: str) -> None:
        super().__init__(path, f"{value!r} 不是可选值", f"{value!r} is not one of the values")
        self.value = value


def fact_choices(zone) -> dict[str, list[list[str]]]:
    """The known values of the code and set facts, ``[value, label]`` in the user's language:
    the stages, the zone's parks, the qualifications (the builder offers only these)."""
    from gaoxin.enterprises.choices import QualificationKind, Stage
    from gaoxin.parks.models import Park

    parks = Park.objects.filter(zone=zone).order_by("name").values_list("name", flat=True)
    return {
        "stage": [[value, str(label)] for value, label in Stage.choices],
        "park": [[name, name] for name in parks],
        "qualifications": [[value, str(label)] for value, label in QualificationKind.choices],
    }


def _child_path(path: str, op: str, index: int) -> str:
    return f"{path}.{op}[{index}]" if path else f"{op}[{index}]"


def _group_args(data: Any) -> list[Any] | None:
    """The children of an AND / OR group as the builder lays it out, else None."""
    if isinstance(data, Mapping) and len(data) == 1 and next(iter(data)) in ("and", "or"):
        raw = next(iter(data.values()))
        return raw if isinstance(raw, list) else [raw]
    return None


def _as_group(data: Any, path: str) -> tuple[str, list[tuple[Any, str]]] | None:
    """A group box of the builder (its operator, its children with their paths), or None for
    a clause: AND / OR; a negated group is the same box (NOT ticked); a negated clause is a NOT
    group holding it."""
    args = _group_args(data)
    if args is not None:
        op = next(iter(data))
        return op, [(child, _child_path(path, op, i)) for i, child in enumerate(args)]
    if not (isinstance(data, Mapping) and set(data) == {"!"}):
        return None
    raw = data["!"]
    inner = raw[0] if isinstance(raw, list) and len(raw) == 1 else raw
    inner_path = _child_path(path, "!", 0)
    args = _group_args(inner)
    if args is None:
        return "and", [(inner, inner_path)]
    op = next(iter(inner))
    return op, [(child, _child_path(inner_path, op, i)) for i, child in enumerate(args)]


def layout(criteria: Any) -> list[dict[str, Any]]:
    """The builder's rows of ``criteria`` in the order the page shows them, nested groups
    included: ``{"kind": "clause" | "group", "path", "number", "data", "op", "children"}`` —
    clauses numbered 1, 2 … (the user's "row"), nested groups 1, 2 … (the root group is 0),
    each with the JSON path the engine names errors by (as ``criteria_builder.js`` assigns
    them). Lenient: it reads JSON the builder cannot edit (an unknown fact …) the same way."""
    rows: list[dict[str, Any]] = []
    counts = {"clause": 0, "group": 0}

    def walk(data: Any, path: str, root: bool = False) -> None:
        group = _as_group(data, path)
        kind = "clause" if group is None else "group"
        if not (root and group is not None):
            counts[kind] += 1
        op, children = group or ("", [])
        number = 0 if root and group is not None else counts[kind]
        rows.append({"kind": kind, "path": path, "number": number, "data": data, "op": op,
                     "children": [child for child, _path in children]})  # fmt: skip
        for child, child_path in children:
            walk(child, child_path)

    walk(criteria, "", root=True)
    return rows


def clause_words(criteria: Any) -> dict[str, str]:
    """The builder's sentence of each clause of ``criteria`` (``有效资质 包含 高新技术企业``)
    by its JSON path, for the clauses the builder can show as rows."""
    words = {}
    for row in layout(criteria):
        if row["kind"] != "clause":
            continue
        try:
            words[row["path"]] = clause_sentence(_node(row["data"]))
        except (Unsupported, KeyError):
            continue
    return words


def _holds(path: str, error_path: str) -> bool:
    return path == "" or error_path == path or error_path.startswith(path + ".")


def _located(criteria: Any, error_path: str) -> dict[str, Any] | None:
    """The row (clause or group) an engine error path lies in: the innermost one."""
    error_path = "" if error_path == "$" else error_path
    found = [row for row in layout(criteria) if _holds(row["path"], error_path)]
    return max(found, key=lambda row: len(row["path"])) if found else None


def _fact_and_value(rule: Any) -> tuple[str | None, Any]:
    """The fact key and the value a builder clause compares (``None`` when not that shape)."""
    if isinstance(rule, Mapping) and set(rule) == {"clause", "rule"}:
        rule = rule["rule"]
    if not isinstance(rule, Mapping) or len(rule) != 1:
        return None, None
    ((op, args),) = rule.items()
    if not isinstance(args, list) or len(args) != 2:
        return None, None

    def key(node):
        if isinstance(node, Mapping) and set(node) == {"var"} and isinstance(node["var"], str):
            return node["var"]
        return None

    if op == "in" and key(args[1]) is not None:
        return key(args[1]), args[0]
    return key(args[0]), args[1]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _clause_message(row: dict[str, Any], error: CriteriaError) -> str:
    key, value = _fact_and_value(row["data"])
    values = {"row": row["number"], "fact": key or "", "value": value}
    if key is not None and key not in CATALOG:
        return _("Row %(row)s: there is no fact “%(fact)s”; choose one from the list.") % values
    if key is None:
        message = localized(error.message_zh, error.message_en)
        return _("Row %(row)s: %(message)s") % {"row": row["number"], "message": message}
    fact = CATALOG[key]
    values["fact"] = _label(key)
    if isinstance(error, ChoiceError):
        values["value"] = error.value
        return (
            _("Row %(row)s: “%(value)s” is not a value of %(fact)s; choose one from the list.")
            % values
        )
    if value in ("", None, []) and not isinstance(value, bool):
        return _("Row %(row)s: enter the value of %(fact)s.") % values
    if fact.type in NUMERIC and not _is_number(value) and not isinstance(value, Mapping):
        return _("Row %(row)s: the value of %(fact)s must be a number.") % values
    if fact.type == "date" and not isinstance(value, Mapping) and not _is_date(value):
        return _("Row %(row)s: the value of %(fact)s must be a date (YYYY-MM-DD).") % values
    values["message"] = localized(error.message_zh, error.message_en)
    return _("Row %(row)s (%(fact)s): %(message)s") % values


def _group_message(row: dict[str, Any], error: CriteriaError) -> str:
    if not row["children"]:
        if row["number"] == 0:
            return str(_("Add at least one clause."))
        return _("Group %(group)s has no clause yet: add a clause to it or remove the group.") % {
            "group": row["number"]
        }
    message = localized(error.message_zh, error.message_en)
    if row["number"] == 0:
        return _("%(path)s: %(message)s") % {"path": error.path, "message": message}
    return _("Group %(group)s: %(message)s") % {"group": row["number"], "message": message}


def error_text(criteria: Any, error: CriteriaError) -> str:
    """An error of ``criteria`` in the words of the builder's form: the row (clause) or group
    it is in, numbered as the page shows them, the fact's label, and what to fix (``第 1 行：
    研发投入占比 的值应为数字``)."""
    row = _located(criteria, error.path)
    if row is None:
        message = localized(error.message_zh, error.message_en)
        return str(_("%(path)s: %(message)s") % {"path": error.path, "message": message})
    if row["kind"] == "clause":
        return str(_clause_message(row, error))
    return str(_group_message(row, error))


def check_choices(criteria: Any, choices: Mapping[str, list[list[str]]]) -> None:
    """Raise :class:`ChoiceError` for the first clause whose stage, park or qualification is
    not one of ``choices`` (a fact without choices, or a text search, is not checked)."""
    for row in layout(criteria):
        if row["kind"] != "clause":
            continue
        key, value = _fact_and_value(row["data"])
        known = {item[0] for item in choices.get(key or "", [])}
        if not known or key not in CATALOG:
            continue
        rule = row["data"]["rule"] if set(row["data"]) == {"clause", "rule"} else row["data"]
        op = next(iter(rule))
        if CATALOG[key].type == "code" and op not in EQUALITIES and not isinstance(value, list):
            continue  # "contains the text": any text
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item not in known:
                raise ChoiceError(row["path"], item)


def check_criteria(criteria: Any, choices: Mapping[str, list[list[str]]] | None = None) -> None:
    """Compile ``criteria`` with the engine, then check the values against ``choices``;
    raises ``CriteriaError`` (its path names the clause)."""
    compile_criteria(criteria, CATALOG)
    if choices:
        check_choices(criteria, choices)
