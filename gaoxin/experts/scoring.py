"""Score validation and the aggregate of a draw's submitted sheets (reads only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gaoxin.core.errors import DomainError

from .choices import AssignmentStatus

CENT = Decimal("0.01")


def _points(key: str, label: str, raw, maximum: Decimal) -> Decimal:
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise DomainError(_("%(item)s: give a score.") % {"item": label}, field=key)
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("%(item)s: “%(value)s” is not a number.") % {"item": label, "value": text}, field=key
        ) from None
    if not value.is_finite() or value < 0 or value > maximum:
        raise DomainError(
            _("%(item)s: a score from 0 to %(max)s.") % {"item": label, "max": maximum}, field=key
        )
    if value != value.quantize(CENT):
        raise DomainError(_("%(item)s: at most two decimals.") % {"item": label}, field=key)
    return value.quantize(CENT)


def validate_scores(items: list[dict], scores: dict) -> tuple[dict[str, str], Decimal]:
    """The scores as {key: decimal string} and their total; a DomainError naming the item
    (``field`` = its key) when one is missing, not a number, or outside 0..max points."""
    if not isinstance(scores, dict):
        raise DomainError(_("Give the scores item by item."), field="scores")
    known = {item["key"] for item in items}
    unknown = sorted(str(k) for k in scores if k not in known)
    if unknown:
        raise DomainError(
            _("Not items of this sheet: %(keys)s.") % {"keys": ", ".join(unknown)}, field="scores"
        )
    clean: dict[str, str] = {}
    total = Decimal(0)
    for item in items:
        maximum = Decimal(str(item["max_points"]))
        value = _points(item["key"], item["label_zh"], scores.get(item["key"]), maximum)
        clean[item["key"]] = str(value)
        total += value
    return clean, total.quantize(CENT)


@dataclass(frozen=True)
class Aggregate:
    """The submitted totals of a draw: ``mean`` (None before any), ``spread`` (highest minus
    lowest), population ``stdev``, ``disagree`` when the spread is above the draw's threshold,
    ``complete`` when every drawn expert has submitted."""

    expected: int
    submitted: int
    mean: Decimal | None
    spread: Decimal | None
    stdev: Decimal | None
    threshold: Decimal
    disagree: bool
    complete: bool
    totals: tuple[Decimal, ...] = ()


def aggregate(draw) -> Aggregate:
    rows = list(draw.assignments.values_list("status", "total"))
    totals = tuple(t for s, t in rows if s == AssignmentStatus.SUBMITTED and t is not None)
    threshold = Decimal(draw.disagreement_threshold)
    if not totals:
        return Aggregate(len(rows), 0, None, None, None, threshold, False, False, ())
    mean = sum(totals, Decimal(0)) / len(totals)
    variance = sum(((t - mean) ** 2 for t in totals), Decimal(0)) / len(totals)
    spread = max(totals) - min(totals)
    return Aggregate(
        expected=len(rows),
        submitted=len(totals),
        mean=mean.quantize(CENT, ROUND_HALF_UP),
        spread=spread.quantize(CENT),
        stdev=variance.sqrt().quantize(CENT, ROUND_HALF_UP),
        threshold=threshold,
        disagree=len(totals) > 1 and spread > threshold,
        complete=len(totals) == len(rows) and bool(rows),
        totals=totals,
    )
