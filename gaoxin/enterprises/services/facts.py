"""An enterprise's yearly figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.audit.services import Entry, record, record_many
from gaoxin.core.bulk import blank_row, insert_history, insert_rows, update_with_history
from gaoxin.core.money import parse_money

from ..choices import FactSource, RecordSubject
from ..models import Enterprise, FactRecord, YearlyFact
from . import declarations
from ._common import (
    ListedRowsInvalid,
    ListedWritten,
    blank,
    clean_given,
    diff,
    facts_changed,
    field_labels,
    full_clean_or_raise,
    raise_if_any,
    reject_unknown,
    require_edit,
    require_listed_write,
    snapshot,
)

FACT_MONEY_FIELDS = YearlyFact.MONEY_FIELDS
FACT_COUNT_FIELDS = ("employees", "patents_granted")
FACT_FIELDS = (*FACT_MONEY_FIELDS, *FACT_COUNT_FIELDS)
FIRST_YEAR = 1949


@transaction.atomic
def yearly_fact_upsert(
    *,
    actor,
    enterprise: Enterprise,
    year: int,
    data: Mapping[str, Any],
    evidence: str = "",
    attachment=None,
    provenance: Mapping[str, Any] | None = None,
    verifying: FactRecord | None = None,
) -> YearlyFact | FactRecord:
    """Record or change an enterprise's figures for one year.

    Fields absent from `data` keep their value (None for a new year); pass every field to
    replace the year's figures. Money is yuan; amounts and counts cannot be negative. A year
    cannot be left blank, and a year of an open reporting campaign needs its required figures.

    An official of the zone writes the figures (returns the `YearlyFact`; `provenance` names a
    department's data, otherwise it is a staff entry); anyone else declares them (returns the
    pending `FactRecord`, the figures in force stay until an official verifies them).
    """
    require_edit(actor, enterprise)
    year, values = _checked_input(year, data)
    # A campaign's required figures are asked of a submission (an enterprise's declaration, an
    # official's entry); a department's list holds what it holds, and a declaration being
    # verified was checked when it was made.
    department = (provenance or {}).get("source") == FactSource.DEPARTMENT
    fact, created, changes = _changed_fact(
        enterprise, year, values, asked=not (verifying or department)
    )
    if not created and not changes:
        return fact
    if not (verifying or declarations.verifies_directly(actor, enterprise)):
        return _declare_fact(actor, enterprise, year, changes, evidence, attachment)
    _write_fact(
        actor, enterprise, fact, created, changes, provenance=provenance, verifying=verifying
    )
    return fact


def _checked_input(year: Any, data: Mapping[str, Any]) -> tuple[int, dict[str, Any]]:
    """The year and the figures given, parsed; ValidationError naming each bad field."""
    reject_unknown(data, FACT_FIELDS)
    errors: dict[str, list] = {}
    year = _fact_year(year, errors)
    values = _fact_values(data, errors)
    raise_if_any(errors)
    return year, values


def _changed_fact(
    enterprise: Enterprise, year: int, values: dict[str, Any], *, asked: bool
) -> tuple[YearlyFact, bool, dict[str, list]]:
    """The year's row (locked; a new one for a new year) with ``values`` set, whether it is new,
    and what changed. A new or changed row is checked: the required figures when ``asked``
    (:func:`_check_required`), then the model."""
    fact = YearlyFact.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    created = fact is None
    if created:
        fact = YearlyFact(enterprise=enterprise, year=year)
    before = snapshot(fact, FACT_FIELDS) if not created else blank(FACT_FIELDS)
    for name, value in values.items():
        setattr(fact, name, value)
    after = snapshot(fact, FACT_FIELDS)
    errors: dict[str, list] = {}
    _check_required(enterprise, year, after, errors, asked=asked)
    changes = diff(before, after)
    if created or changes:
        # The constraints need no query each here: the amounts were refused when negative
        # (_fact_values, with the constraints' message), the values not given were stored
        # under the constraints, and the (enterprise, year) row was looked up, locked, above —
        # a concurrent insert of the same year is refused by the database's unique index.
        full_clean_or_raise(fact, errors, validate_constraints=False)
    return fact, created, changes


def _declare_fact(
    actor, enterprise: Enterprise, year: int, changes: dict[str, list], evidence: str, attachment
) -> FactRecord:
    """The changed figures of a year, declared for verification (the registry keeps its own)."""
    return declarations.declared(
        actor=actor,
        enterprise=enterprise,
        subject=RecordSubject.YEARLY,
        slot=declarations.yearly_slot(year),
        year=year,
        values={name: new for name, (_old, new) in changes.items()},
        previous={name: old for name, (old, _new) in changes.items()},
        evidence=evidence,
        attachment=attachment,
    )


def _write_fact(
    actor,
    enterprise: Enterprise,
    fact: YearlyFact,
    created: bool,
    changes: dict[str, list],
    *,
    provenance: Mapping[str, Any] | None,
    verifying: FactRecord | None,
) -> None:
    """Save a verifier's figures with their provenance record and the audit event."""
    year = fact.year
    fact.save()
    provenance_record = declarations.entry_written(
        actor=actor,
        enterprise=enterprise,
        subject=RecordSubject.YEARLY,
        slot=declarations.yearly_slot(year),
        year=year,
        values={name: new for name, (_old, new) in changes.items()},
        previous={name: old for name, (old, _new) in changes.items()},
        provenance=provenance,
        verifying=verifying,
    )
    entry = _fact_entry(enterprise, year, created, changes, provenance_record.pk)
    record(actor=actor, action=entry.action, obj=entry.obj, summary=entry.summary, data=entry.data)
    facts_changed(enterprise)


def _fact_entry(
    enterprise: Enterprise, year: int, created: bool, changes: dict[str, list], record_id: int
) -> Entry:
    """The audit event of a year's figures written: what changed, and the record saying whence."""
    if created:
        summary = _("Recorded the figures for %(year)s") % {"year": year}
    else:
        summary = _("Changed %(fields)s for %(year)s") % {
            "fields": field_labels(YearlyFact, changes),
            "year": year,
        }
    return Entry(
        action="enterprises.yearly_fact.create" if created else "enterprises.yearly_fact.update",
        obj=enterprise,
        summary=summary,
        data={"year": year, "changes": changes, "record_id": record_id},
    )


@dataclass(frozen=True, slots=True)
class ListedFigures:
    """A row of a department's yearly list: an enterprise's figures for a year."""

    enterprise: Enterprise
    year: int
    data: Mapping[str, Any]


@transaction.atomic
def yearly_facts_write_listed(
    *,
    actor,
    rows: Sequence[ListedFigures],
    provenance: Mapping[str, Any],
    reason: str,
) -> list[ListedWritten]:
    """A department's yearly list written by an official of the enterprises' zone: for each
    row what :func:`yearly_fact_upsert` does with the department as ``provenance`` — the year's
    row created or changed (its field history with ``reason``), a verified ``FactRecord`` of
    the values written, an audit event naming the figures, the policy push — but for all rows
    in a few statements. A row equal to the registry writes nothing.

    The rows are checked as one upsert checks its input; a refused row raises
    ``ListedRowsInvalid`` (every refused row, by index) before anything is written. One
    enterprise the actor cannot verify raises ``PermissionDeniedError``. Each (enterprise,
    year) may appear once."""
    enterprises = {row.enterprise.pk: row.enterprise for row in rows}
    require_listed_write(actor, enterprises, provenance)
    checked, errors = _checked_rows(rows)
    keys = [(row.enterprise.pk, year) for row, (year, _v) in zip(rows, checked, strict=True)]
    if len(set(keys)) != len(keys) and not errors:
        raise ValueError("a list gives an enterprise's figures for a year once")
    stored = {
        (fact.enterprise_id, fact.year): fact
        for fact in YearlyFact.objects.select_for_update().filter(
            enterprise_id__any_of=list(enterprises), year__in={year for year, _v in checked}
        )
    }
    now = timezone.now()
    nothing = blank(FACT_FIELDS)
    written, new, changed = [], [], []
    to_write: list[tuple[Enterprise, int, ListedWritten]] = []
    for index, (row, (year, values)) in enumerate(zip(rows, checked, strict=True)):
        fact = stored.get((row.enterprise.pk, year))
        created = fact is None
        before = nothing if created else snapshot(fact, FACT_FIELDS)
        after = {**before, **values}
        changes = diff(before, after)
        written.append(ListedWritten(created, changes))
        if index in errors or not (created or changes):
            continue
        row_errors: dict[str, list] = {}
        _check_required(row.enterprise, year, after, row_errors, asked=False)
        # Only the figures the row gives: the others are the stored ones (or blank), the
        # year was checked with them, the enterprise above with the rest (no query each).
        cleaned = clean_given(YearlyFact, values, row_errors)
        if row_errors:
            errors[index] = ValidationError(row_errors)
            continue
        if created:
            new.append({**cleaned, "enterprise_id": row.enterprise.pk, "year": year})
        else:
            for name, value in cleaned.items():
                setattr(fact, name, value)
            fact.updated_at = now
            changed.append(fact)
        to_write.append((row.enterprise, year, written[-1]))
    if errors:
        raise ListedRowsInvalid(errors)
    _save_listed(actor, to_write, new, changed, provenance, reason, now)
    return written


def _checked_rows(
    rows: Sequence[ListedFigures],
) -> tuple[list[tuple[int, dict[str, Any]]], dict[int, ValidationError]]:
    """Each row's year and figures parsed as one upsert's are, and the refused rows by index
    (their place kept with no figures)."""
    checked, errors = [], {}
    for index, row in enumerate(rows):
        try:
            checked.append(_checked_input(row.year, row.data))
        except ValidationError as exc:
            errors[index] = exc
            checked.append((0, {}))
    return checked, errors


def _save_listed(
    actor,
    to_write: list[tuple[Enterprise, int, ListedWritten]],
    new: list[dict[str, Any]],
    changed: list[YearlyFact],
    provenance: Mapping[str, Any],
    reason: str,
    now,
) -> None:
    """Write the new years (rows of their given columns) and the changed ones with their
    history, then a record and an event each."""
    history = {"user": actor, "reason": reason, "when": now}
    new_rows = [{**_BLANK_FACT_ROW, **row, "created_at": now, "updated_at": now} for row in new]
    for row, pk in zip(new_rows, insert_rows(YearlyFact, new_rows, return_ids=True), strict=True):
        row["id"] = pk
    insert_history(YearlyFact, new_rows, history_type="+", **history)
    update_with_history(YearlyFact, changed, (*FACT_FIELDS, "updated_at"), **history)
    record_rows = [
        {
            **declarations.new_entry_row(
                actor=actor,
                enterprise_id=enterprise.pk,
                subject=RecordSubject.YEARLY,
                slot=declarations.yearly_slot(year),
                year=year,
                values={name: new for name, (_old, new) in result.changes.items()},
                previous={name: old for name, (old, _new) in result.changes.items()},
                provenance=provenance,
                when=now,
            ),
            "created_at": now,
        }
        for enterprise, year, result in to_write
    ]
    record_ids = insert_rows(FactRecord, record_rows, return_ids=True)
    entries = []
    for (enterprise, year, result), record_id in zip(to_write, record_ids, strict=True):
        entries.append(_fact_entry(enterprise, year, result.created, result.changes, record_id))
        facts_changed(enterprise)
    record_many(actor=actor, entries=entries)


# A new year's columns before its figures: the fields' defaults (blank figures).
_BLANK_FACT_ROW = blank_row(YearlyFact)


def _check_required(
    enterprise: Enterprise, year: int, values: dict, errors: dict, *, asked: bool = True
) -> None:
    """A year needs at least one figure and, when ``asked``, every figure an open reporting
    campaign of the enterprise's zone requires for that year (年报填报)."""
    from gaoxin.reporting.selectors import required_figures

    required = required_figures(enterprise, year) if asked else ()
    for name in required:
        if values.get(name) is None:
            errors.setdefault(name, []).append(
                _("The %(year)s report requires this figure.") % {"year": year}
            )
    if not required and all(values.get(name) is None for name in FACT_FIELDS):
        errors.setdefault(FACT_FIELDS[0], []).append(
            _("Enter at least one figure: a year cannot be saved blank.")
        )


@transaction.atomic
def yearly_fact_delete(*, actor, fact: YearlyFact) -> None:
    """Delete a year's figures: an official's act (an enterprise declares corrections)."""
    enterprise = fact.enterprise
    require_edit(actor, enterprise)
    declarations.require_verifier(actor, enterprise)
    old = snapshot(fact, FACT_FIELDS)
    year = fact.year
    fact.delete()
    record(
        action="enterprises.yearly_fact.delete",
        actor=actor,
        obj=enterprise,
        summary=_("Deleted the figures for %(year)s") % {"year": year},
        data={"year": year, "changes": diff(old, blank(FACT_FIELDS))},
    )


def _fact_year(year: Any, errors: dict) -> int:
    this_year = timezone.localdate().year
    try:
        value = int(year)
    except (TypeError, ValueError):
        value = 0
    if isinstance(year, bool) or not FIRST_YEAR <= value <= this_year:
        errors.setdefault("year", []).append(
            _("Enter a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": this_year}
        )
    return value


def _fact_values(data: Mapping[str, Any], errors: dict) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in FACT_MONEY_FIELDS:
        if name in data:
            values[name] = _money(data[name], name, errors)
    for name in FACT_COUNT_FIELDS:
        if name in data:
            values[name] = _count(data[name], name, errors)
    return values


def _money(value: Any, name: str, errors: dict) -> Decimal | None:
    try:
        if isinstance(value, bool | float):
            raise ValueError(name)
        amount = parse_money(value)
    except ValueError:
        errors.setdefault(name, []).append(_("Enter an amount in yuan, e.g. 1234.50."))
        return None
    if amount is not None and amount < 0:
        errors.setdefault(name, []).append(_("Amounts cannot be negative."))
    return amount


def _count(value: Any, name: str, errors: dict) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool | float):
            raise ValueError(name)
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(_("Enter a whole number."))
        return None
    if number < 0:
        errors.setdefault(name, []).append(_("This number cannot be negative."))
    return number
