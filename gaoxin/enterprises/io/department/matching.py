"""Which pending declarations a department's row confirms, and where it contradicts one.

- A qualification list's row confirms a pending declaration of a new qualification of the
  list's kind with the same certificate number (compared without spaces, in upper case), and a
  pending change of a qualification of that kind whose certificate number (after the change) is
  the row's. A declared new qualification of the kind with *another* number is a mismatch; a
  change of another certificate of the kind is about that certificate, and left alone.
- A yearly list's row confirms the enterprise's pending declaration of that year when every
  declared figure is in the row with the same value. A declared figure the row gives another
  value is a mismatch; a declared figure the list does not hold (a blank cell, or a column of
  another department's list) leaves the declaration pending, neither confirmed nor contradicted.

Mismatched and uncovered declarations stay pending, for the official to verify or reject.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ...choices import RecordStatus, RecordSubject
from ...models import Enterprise, FactRecord
from ...services.declarations import as_record_value
from .checks import certificate_key
from .kinds import ListKind
from .rows import DepartmentRow

QUALIFICATION_COMPARED = ("certificate_no", "valid_from", "valid_to")


@dataclass
class Match:
    confirmed: list[FactRecord] = field(default_factory=list)
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    mismatched: list[FactRecord] = field(default_factory=list)
    uncovered: list[FactRecord] = field(default_factory=list)


def pending_declarations(
    kind: ListKind, enterprises: Iterable[Enterprise]
) -> dict[int, list[FactRecord]]:
    """The enterprises' pending declarations of the list's subject, by enterprise id."""
    out: dict[int, list[FactRecord]] = defaultdict(list)
    records = (
        FactRecord.objects.filter(
            enterprise_id__any_of=[e.pk for e in enterprises],
            status=RecordStatus.PENDING,
            subject=kind.subject,
        )
        .select_related("qualification", "enterprise")
        .order_by("created_at", "pk")
    )
    for record in records:
        out[record.enterprise_id].append(record)
    return out


def match_row(kind: ListKind, data: DepartmentRow, pending: list[FactRecord]) -> Match:
    if kind.is_yearly:
        return _match_yearly(data, pending)
    return _match_qualification(kind, data, pending)


def _match_qualification(kind: ListKind, data: DepartmentRow, pending: list[FactRecord]) -> Match:
    match = Match()
    number = certificate_key(data.values.get("certificate_no"))
    for record in pending:
        held = record.qualification
        declared_kind = record.values.get("kind", held.kind if held else "")
        if declared_kind != kind.qualification_kind:
            continue
        declared_number = record.values.get("certificate_no", held.certificate_no if held else "")
        if certificate_key(declared_number) == number:
            match.confirmed.append(record)
        elif held is None:
            match.mismatched.append(record)
            for name in QUALIFICATION_COMPARED:
                declared = record.values.get(name)
                department = as_record_value(data.values.get(name))
                if name == "certificate_no" or declared != department:
                    match.mismatches.append(_mismatch(data, record, name, declared, department))
    return match


def _match_yearly(data: DepartmentRow, pending: list[FactRecord]) -> Match:
    match = Match()
    for record in pending:
        if record.year != data.year:
            continue
        different = [
            name
            for name, declared in record.values.items()
            if name in data.values and not _same(declared, data.values[name])
        ]
        if different:
            match.mismatched.append(record)
            match.mismatches.extend(
                _mismatch(
                    data, record, name, record.values[name], as_record_value(data.values[name])
                )
                for name in different
            )
        elif set(record.values) - set(data.values):
            match.uncovered.append(record)
        else:
            match.confirmed.append(record)
    return match


def _same(declared: Any, department: Any) -> bool:
    if declared is None or department is None:
        return declared is None and department is None
    try:
        return Decimal(str(declared)) == Decimal(str(department))
    except (InvalidOperation, ValueError):
        return str(declared) == str(department)


def _mismatch(
    data: DepartmentRow, record: FactRecord, name: str, declared: Any, department: Any
) -> dict[str, Any]:
    enterprise = record.enterprise
    return {
        "row": data.row,
        "enterprise_id": enterprise.pk,
        "enterprise": enterprise.name,
        "uscc": enterprise.uscc,
        "record_id": record.pk,
        "subject": RecordSubject.YEARLY if data.year else RecordSubject.QUALIFICATION,
        "year": data.year,
        "field": name,
        "declared": "" if declared is None else str(declared),
        "department": "" if department is None else str(department),
    }
