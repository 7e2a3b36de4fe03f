"""The calculator's "what if" (假设测算) and "as of" inputs, and what changes between two
calculations.

A what-if takes the enterprise's facts on a date, replaces some of them with values the user
typed (or sent to the API), runs the same calculation again and compares the two. It reads
only: nothing is saved and nothing is audited.

Values are parsed strictly and kept exact: numbers become ``Decimal`` (never float), with a
bounded number of digits (a figure like ``1e999999`` would make exact comparison explode), so
a bad value is a message naming the fact, in the reader's language.

``rnd_ratio`` is derived from revenue and R&D expense: when the user changes either of those and
leaves the ratio as it was, the ratio follows them (computed as ``facts.py`` does); a ratio the
user changed is kept as typed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError
from gaoxin.enterprises.choices import QualificationKind, Stage
from gaoxin.enterprises.validators import validate_industry_code
from gaoxin.firstset.display import is_chinese
from rulebook.criteria.facts import Fact

from .calculator import Calculation, PolicyResult
from .matching.catalog import CATALOG

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
MAX_INTEGER_DIGITS = 15  # 10^15 yuan is far beyond any enterprise; bounds exact arithmetic
PLACES = {"money": 2, "percent": 4, "number": 4}
MAX_TEXT = 100
SET_PRESENT = "__present"  # a form's marker that the set's checkboxes were shown
DERIVED_RATIO = "rnd_ratio"
RATIO_SOURCES = ("revenue", "rnd_expense")


class AsOfError(DomainError):
    """The "as of" date is not a date."""

    status = 422

    def __init__(self, raw: str):
        super().__init__(
            _("“%(value)s” is not a date: enter it as YYYY-MM-DD, for example 2025-06-30.")
            % {"value": raw[:40]},
            code="invalid_as_of",
            field="as_of",
        )


def parse_as_of(raw: str | None) -> datetime.date:
    """``raw`` (``YYYY-MM-DD``) as a date; today when empty; :class:`AsOfError` otherwise."""
    raw = (raw or "").strip()
    if not raw:
        return timezone.localdate()
    if not DATE_RE.match(raw):
        raise AsOfError(raw)
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise AsOfError(raw) from exc
    if not 1900 <= day.year <= 2200:
        raise AsOfError(raw)
    return day


# --- labels and display -------------------------------------------------------------------


def label(fact: Fact) -> str:
    return fact.label_zh if is_chinese() else fact.label_en


def unit(fact: Fact) -> str:
    """The unit shown after an input: 元, 个百分点, 人 …"""
    if fact.type == "percent":
        return _("pct. points")
    if fact.type == "money":
        return _("yuan")
    return (fact.unit if is_chinese() else fact.unit_en).strip()


def _choice_label(choices, value: str) -> str:
    for code, text in choices:
        if code == value:
            return str(text)
    return value


def display(fact: Fact, value: Any) -> str:
    """A value as a person reads it, in the page's language ("—" when missing)."""
    if value is None:
        return "—"
    if fact.type == "set":
        names = sorted(_choice_label(QualificationKind.choices, v) for v in value)
        return ("、" if is_chinese() else ", ").join(names) or "—"
    if fact.type == "boolean":
        return _("yes") if value else _("no")
    if fact.type == "date":
        return value.isoformat()
    if fact.key == "stage":
        return _choice_label(Stage.choices, value)
    if fact.type == "money":
        return f"{value:,.2f} {unit(fact)}"
    if fact.type == "percent":
        return f"{value}%"
    if fact.numeric:
        text = unit(fact)
        return f"{value} {text}".strip() if text else str(value)
    return str(value)


def as_input(fact: Fact, value: Any) -> str:
    """A value as the form's input shows it (the inverse of :func:`parse_value`)."""
    if value is None:
        return ""
    if fact.type == "boolean":
        return "true" if value else "false"
    if fact.type == "date":
        return value.isoformat()
    if fact.numeric:
        return format(Decimal(value), "f")
    return str(value)


def as_json(fact: Fact, value: Any) -> Any:
    """A value in an API body: numbers as decimal strings, a set as a sorted list."""
    if value is None or fact.type in ("boolean", "code"):
        return value
    if fact.type == "set":
        return sorted(value)
    if fact.type == "date":
        return value.isoformat()
    return format(Decimal(value), "f")


# --- parsing ----------------------------------------------------------------------------


class FactValueError(Exception):
    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


def _bad(fact: Fact, message: str) -> FactValueError:
    text = _("%(fact)s: %(problem)s") % {"fact": capfirst(label(fact)), "problem": message}
    return FactValueError(fact.key, text)


def _number(fact: Fact, raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
        raise _bad(fact, _("enter a number, for example 1200000.50."))
    if isinstance(raw, int):
        text = str(raw) if abs(raw) < 10**MAX_INTEGER_DIGITS else "9" * (MAX_INTEGER_DIGITS + 1)
    elif isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _bad(fact, _("enter a number, for example 1200000.50."))
        text = format(raw, "f") if abs(raw.adjusted()) <= 40 else "x"
    else:
        text = re.sub(r"[\s,，]", "", raw).replace("．", ".")
    if not NUMBER_RE.match(text):
        raise _bad(fact, _("enter a number, for example 1200000.50."))
    if text.startswith("-"):
        raise _bad(fact, _("cannot be negative."))
    whole, _dot, fraction = text.partition(".")
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise _bad(fact, _("the number is too large."))
    places = PLACES.get(fact.type, 4)
    if len(fraction.rstrip("0")) > places:
        raise _bad(fact, _("use at most %(places)s decimal places.") % {"places": places})
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise _bad(fact, _("enter a number, for example 1200000.50.")) from exc


def _code(fact: Fact, raw: Any) -> str | None:
    if not isinstance(raw, str):
        raise _bad(fact, _("enter a text value."))
    text = raw.strip()
    if not text:
        return None
    if len(text) > MAX_TEXT:
        raise _bad(fact, _("enter at most %(count)s characters.") % {"count": MAX_TEXT})
    if fact.key == "stage" and text not in Stage.values:
        raise _bad(fact, _("choose one of the listed stages."))
    if fact.key == "industry_code":
        text = text.upper()
        try:
            validate_industry_code(text)
        except ValidationError as exc:
            raise _bad(fact, " ".join(exc.messages)) from exc
    return text


def _set(fact: Fact, raw: Any) -> set[str]:
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[,，\s]+", raw) if part]
    if not isinstance(raw, (list, tuple, set, frozenset)) or not all(
        isinstance(v, str) for v in raw
    ):
        raise _bad(fact, _("send a list of qualification kinds."))
    unknown = sorted(set(raw) - set(QualificationKind.values))
    if unknown:
        raise _bad(
            fact,
            _("unknown kinds %(kinds)s; use %(known)s.")
            % {"kinds": ", ".join(unknown), "known": ", ".join(QualificationKind.values)},
        )
    return set(raw)


def _boolean(fact: Fact, raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower() if isinstance(raw, str) else None
    if text in ("true", "1", "yes", "是"):
        return True
    if text in ("false", "0", "no", "否"):
        return False
    if text == "":
        return None
    raise _bad(fact, _("choose yes, no or unknown."))


def _date(fact: Fact, raw: Any) -> datetime.date | None:
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if not text and isinstance(raw, str):
        return None
    try:
        if not DATE_RE.match(text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise _bad(fact, _("enter a date as YYYY-MM-DD.")) from exc


def parse_value(fact: Fact, raw: Any) -> Any:
    """``raw`` (a form's text or a JSON value) as the fact's value; ``None`` is missing.
    :class:`FactValueError` names the fact and says what to fix."""
    if raw is None:
        return None
    if fact.type == "set":
        return _set(fact, raw)
    if isinstance(raw, str) and not raw.strip():
        return None
    if fact.numeric:
        value = _number(fact, raw)
        if fact.type == "number" and value == value.to_integral_value():
            return int(value)
        return value
    if fact.type == "boolean":
        return _boolean(fact, raw)
    if fact.type == "date":
        return _date(fact, raw)
    return _code(fact, raw)


def submitted_from_form(data) -> dict[str, Any]:
    """The facts a form sent (a QueryDict): inputs named by fact key; a set fact's checkboxes
    count only with its ``<key>__present`` marker, so an empty set differs from "not sent"."""
    out: dict[str, Any] = {}
    for fact in CATALOG:
        if fact.type == "set":
            if f"{fact.key}{SET_PRESENT}" in data:
                out[fact.key] = data.getlist(fact.key)
        elif fact.key in data:
            out[fact.key] = data.get(fact.key)
    return out


@dataclass
class WhatIfInput:
    """The what-if facts and what the user changed, or the errors."""

    facts: dict[str, Any]
    changed: list[str]
    errors: list[FactValueError] = field(default_factory=list)


def ratio_of(revenue: Any, rnd: Any) -> Decimal | None:
    """R&D expense × 100 / revenue, 2 places — as ``facts.py`` derives it."""
    if not revenue or rnd is None:
        return None
    return (Decimal(rnd) * 100 / Decimal(revenue)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)


def blank_facts() -> dict[str, Any]:
    """Facts of nobody: every fact unknown (no qualification). The public calculator starts
    from these, so only what the visitor types counts."""
    return {fact.key: (set() if fact.type == "set" else None) for fact in CATALOG}


def what_if_facts(
    actual: Mapping[str, Any], submitted: Mapping[str, Any], *, strict_keys: bool = False
) -> WhatIfInput:
    """``actual`` with the ``submitted`` values (raw) in place. Keys not submitted keep their
    value. ``strict_keys``: an unknown key is an error (the API); a form ignores them."""
    facts = dict(actual)
    errors: list[FactValueError] = []
    for key, raw in submitted.items():
        if key not in CATALOG:
            if strict_keys:
                errors.append(
                    FactValueError(key, _("“%(key)s” is not a fact of the catalog.") % {"key": key})
                )
            continue
        try:
            facts[key] = parse_value(CATALOG[key], raw)
        except FactValueError as error:
            errors.append(error)
    if errors:
        return WhatIfInput(facts=dict(actual), changed=[], errors=errors)
    ratio_typed = facts.get(DERIVED_RATIO) != actual.get(DERIVED_RATIO)
    sources_changed = any(facts.get(k) != actual.get(k) for k in RATIO_SOURCES)
    if DERIVED_RATIO in CATALOG and sources_changed and not ratio_typed:
        facts[DERIVED_RATIO] = ratio_of(facts.get("revenue"), facts.get("rnd_expense"))
    changed = [f.key for f in CATALOG if _differs(facts.get(f.key), actual.get(f.key))]
    return WhatIfInput(facts=facts, changed=changed)


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, (set, frozenset)) or isinstance(b, (set, frozenset)):
        return set(a or ()) != set(b or ())
    return a != b


# --- comparing ---------------------------------------------------------------------------


@dataclass
class FactChange:
    key: str
    label: str
    before: Any
    after: Any
    before_text: str
    after_text: str


@dataclass
class PolicyChange:
    """How one policy's result differs. ``kind``: ``starts`` (now met), ``stops`` (no longer
    met), ``status`` (another status change), ``amount`` (same status, another amount)."""

    before: PolicyResult
    after: PolicyResult
    kind: str

    @property
    def policy(self):
        return self.after.policy

    @property
    def version(self):
        return self.after.version

    @property
    def amount_delta(self) -> Decimal:
        return (self.after.amount or Decimal(0)) - (self.before.amount or Decimal(0))


@dataclass
class Comparison:
    facts: list[FactChange]
    policies: list[PolicyChange]
    total_before: Decimal
    total_after: Decimal

    @property
    def total_delta(self) -> Decimal:
        return self.total_after - self.total_before

    @property
    def total_delta_abs(self) -> Decimal:
        return abs(self.total_delta)

    @property
    def starts(self) -> int:
        return sum(1 for c in self.policies if c.kind == "starts")

    @property
    def stops(self) -> int:
        return sum(1 for c in self.policies if c.kind == "stops")


KIND_ORDER = {"starts": 0, "stops": 1, "status": 2, "amount": 3}


def _counted(result: PolicyResult) -> Decimal | None:
    """The amount that counts towards the total (met policies only), as the total does."""
    return result.amount if result.status == "met" else None


def compare(actual: Calculation, what_if: Calculation, changed: Iterable[str]) -> Comparison:
    """What differs between the calculation on the actual facts and the what-if one."""
    before = {r.policy.pk: r for r in actual.results}
    policies = []
    for after in what_if.results:
        old = before.get(after.policy.pk)
        if old is None:
            continue
        if old.status != after.status:
            if after.status == "met":
                kind = "starts"
            elif old.status == "met":
                kind = "stops"
            else:
                kind = "status"
        elif old.amount != after.amount:
            kind = "amount"
        else:
            continue
        policies.append(PolicyChange(before=old, after=after, kind=kind))
    policies.sort(key=lambda c: (KIND_ORDER[c.kind], -abs(c.amount_delta), c.policy.title))
    facts = [
        FactChange(
            key=key,
            label=label(CATALOG[key]),
            before=actual.facts.get(key),
            after=what_if.facts.get(key),
            before_text=display(CATALOG[key], actual.facts.get(key)),
            after_text=display(CATALOG[key], what_if.facts.get(key)),
        )
        for key in changed
    ]
    return Comparison(
        facts=facts,
        policies=policies,
        total_before=actual.total,
        total_after=what_if.total,
    )


def comparison_body(comparison: Comparison) -> dict[str, Any]:
    """The comparison in an API body (amounts as decimal strings)."""

    def money(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "facts": [
            {
                "key": c.key,
                "before": as_json(CATALOG[c.key], c.before),
                "after": as_json(CATALOG[c.key], c.after),
            }
            for c in comparison.facts
        ],
        "policies": [
            {
                "policy": {"id": c.policy.pk, "title": c.policy.title},
                "version": c.version.number,
                "change": c.kind,
                "status_before": c.before.status,
                "status_after": c.after.status,
                "amount_before": money(c.before.amount),
                "amount_after": money(c.after.amount),
            }
            for c in comparison.policies
        ],
        "total_before": str(comparison.total_before),
        "total_after": str(comparison.total_after),
        "total_change": str(comparison.total_delta),
    }


# --- the form -----------------------------------------------------------------------------


@dataclass
class FactInput:
    """One input of the what-if form."""

    key: str
    label: str
    type: str
    unit: str
    value: str  # the input's text
    actual_text: str  # the enterprise's value, for the hint
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    checked: set[str] = field(default_factory=set)
    error: str = ""
    derived: bool = False


def form_inputs(
    actual: Mapping[str, Any],
    *,
    submitted: Mapping[str, Any] | None = None,
    errors: Iterable[FactValueError] = (),
    park_names: Iterable[str] = (),
) -> list[FactInput]:
    """The inputs of the what-if form, prefilled with ``submitted`` (raw, as typed) where
    given, else with the ``actual`` values; each with its error, if any."""
    submitted = submitted or {}
    by_key = {e.key: e.message for e in errors}
    inputs = []
    for fact in CATALOG:
        current = actual.get(fact.key)
        raw = submitted.get(fact.key)
        item = FactInput(
            key=fact.key,
            label=label(fact),
            type=fact.type,
            unit=unit(fact),
            value=as_input(fact, current) if raw is None else str(raw),
            actual_text=display(fact, current),
            error=by_key.get(fact.key, ""),
            derived=fact.key == DERIVED_RATIO,
        )
        if fact.type == "set":
            item.options = [(v, str(t)) for v, t in QualificationKind.choices]
            item.checked = set(raw) if isinstance(raw, list) else set(current or ())
            item.value = ""
        elif fact.key == "stage":
            item.options = [(v, str(t)) for v, t in Stage.choices]
        elif fact.key == "park":
            names = sorted(set(park_names) | ({current} if current else set()))
            item.options = [(n, n) for n in names]
        elif fact.type == "boolean":
            item.options = [("true", _("yes")), ("false", _("no"))]
        inputs.append(item)
    return inputs
