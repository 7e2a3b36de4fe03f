"""Writes to the catalog: editions, entries with their indicators, the Excel import.

Each service is one transaction with its audit event; it checks the actor's permission
(``firstset.manage_catalog``: the provincial reviewer) and ``full_clean()``s before saving.
``actor=None`` is the command line or the demo loader: trusted, and recorded in the audit trail
as "system: <command>". The same services serve the pages, the API and the commands.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gaoxin.audit.services import record
from gaoxin.core.errors import PermissionDeniedError

from .models import CatalogEdition, CatalogEntry, CatalogField, Indicator, plain_decimal

EDITION_FIELDS = ("name", "year", "issued_by", "doc_number", "is_current", "notes")
ENTRY_FIELDS = ("number", "equipment_name", "description", "support_mode", "is_sample", "notes")
INDICATOR_FIELDS = ("name", "unit", "direction", "threshold")


def _require_manager(actor) -> None:
    """Refuse unless ``actor`` keeps the catalog (None: the command line)."""
    if actor is not None and not rules.has_perm("firstset.manage_catalog", actor):
        raise PermissionDeniedError(_("Only the provincial reviewer keeps the catalog."))


# --- editions ------------------------------------------------------------------------------


@transaction.atomic
def catalog_edition_create(*, actor, data: Mapping[str, Any]) -> CatalogEdition:
    """Create an edition; when it is current, the edition that was current no longer is."""
    _require_manager(actor)
    _only(data, EDITION_FIELDS)
    edition = CatalogEdition(**data)
    if edition.is_current:
        previous = list(CatalogEdition.objects.select_for_update().filter(is_current=True))
        CatalogEdition.objects.filter(pk__in=[e.pk for e in previous]).update(is_current=False)
    edition.full_clean()
    edition.save()
    record(
        action="firstset.catalog_edition.create",
        actor=actor,
        obj=edition,
        summary=_("Created the catalog edition %(name)s") % {"name": edition.name},
        data={"year": edition.year, "is_current": edition.is_current},
    )
    return edition


# --- entries -------------------------------------------------------------------------------


@transaction.atomic
def catalog_entry_create(
    *,
    actor,
    edition: CatalogEdition,
    field_name: str,
    data: Mapping[str, Any],
    indicators: Sequence[Mapping[str, Any]],
    via: str = "",
) -> CatalogEntry:
    """Add an entry with its indicators to ``edition``; the field (领域) is found by name and
    created when the edition has none of that name."""
    _require_manager(actor)
    _only(data, ENTRY_FIELDS)
    entry = CatalogEntry(edition=edition, **data)
    entry.field = _field_for(actor, edition, field_name)
    entry.full_clean()
    rows = _clean_indicators(indicators)
    entry.save()
    _save_indicators(entry, rows)
    record(
        action="firstset.catalog_entry.create",
        actor=actor,
        obj=entry,
        summary=_("Added %(entry)s to the catalog") % {"entry": entry},
        data={"entry": entry_snapshot(entry), **({"via": via} if via else {})},
    )
    return entry


@transaction.atomic
def catalog_entry_update(
    *,
    actor,
    entry: CatalogEntry,
    field_name: str,
    data: Mapping[str, Any],
    indicators: Sequence[Mapping[str, Any]],
    reason: str = "",
    via: str = "",
) -> bool:
    """Change an entry and replace its indicators. Returns False when nothing changed (then
    nothing is written and no event recorded)."""
    _require_manager(actor)
    _only(data, ENTRY_FIELDS)
    entry = CatalogEntry.objects.select_for_update().get(pk=entry.pk)
    before = entry_snapshot(entry)
    rows = _clean_indicators(indicators)
    for name, value in data.items():
        setattr(entry, name, value)
    existing_field = entry.edition.fields.filter(name=_text(field_name)).first()
    changes = _entry_changes(before, entry, field_name, rows)
    if not changes:
        return False
    entry.field = existing_field or _field_for(actor, entry.edition, field_name)
    entry.full_clean()
    entry.save()
    if "indicators" in changes:
        entry.indicators.all().delete()
        _save_indicators(entry, rows)
    record(
        action="firstset.catalog_entry.update",
        actor=actor,
        obj=entry,
        summary=_("Changed the catalog entry %(entry)s") % {"entry": entry},
        data={"changes": changes, **({"via": via} if via else {})},
        reason=reason,
    )
    return True


def _entry_changes(
    before: dict[str, Any], entry: CatalogEntry, field_name: str, rows: list
) -> dict[str, list]:
    """Field → [before, after] for what differs once ``entry`` has its new values, field and
    indicator ``rows``, in the shape of :func:`entry_snapshot`."""
    after = {
        **{name: _plain(getattr(entry, name)) for name in ENTRY_FIELDS},
        "field": _text(field_name),
        "indicators": [_indicator_plain(row) for row in rows],
    }
    return {key: [before[key], after[key]] for key in after if before[key] != after[key]}


@transaction.atomic
def catalog_entry_delete(*, actor, entry: CatalogEntry, reason: str = "") -> None:
    """Delete an entry and its indicators; the audit event keeps a copy of both."""
    _require_manager(actor)
    snapshot = entry_snapshot(entry)
    label = str(entry)
    record(
        action="firstset.catalog_entry.delete",
        actor=actor,
        obj=entry,
        summary=_("Deleted the catalog entry %(entry)s") % {"entry": label},
        data={"entry": snapshot, "edition_id": entry.edition_id},
        reason=reason,
    )
    entry.delete()


def entry_snapshot(entry: CatalogEntry) -> dict[str, Any]:
    """The entry as plain data: what the audit trail keeps and the import compares."""
    return {
        **{name: _plain(getattr(entry, name)) for name in ENTRY_FIELDS},
        "field": entry.field.name,
        "indicators": [_indicator_plain(i) for i in entry.indicators.order_by("order", "id")],
    }


# --- import --------------------------------------------------------------------------------


@dataclass
class CatalogImportResult:
    """What an import did: every error (then nothing was written), or the counts."""

    errors: list[dict] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


def catalog_import(
    *, actor, edition: CatalogEdition, source: str | IO[bytes], filename: str = ""
) -> CatalogImportResult:
    """Import entries from an .xlsx file into ``edition``, all or nothing.

    One row per entry, its indicators in repeated column groups (see docs/firstset.md). An
    entry whose number the edition already has is updated (its indicators replaced), any other
    is added; entries absent from the file stay as they are. When any row has an error,
    nothing is written and every error is returned with its row, column and message.
    """
    from .excel.catalog_import import read_catalog

    _require_manager(actor)
    parsed = read_catalog(source)
    result = CatalogImportResult(errors=list(parsed.errors.items))
    if result.errors:
        return result
    with transaction.atomic():
        _import_rows(actor, edition, parsed.rows, result)
        if result.errors:
            transaction.set_rollback(True)
            return CatalogImportResult(errors=result.errors)
        record(
            action="firstset.catalog.import",
            actor=actor,
            obj=edition,
            summary=_("Imported %(rows)d catalog entries into %(edition)s")
            % {"rows": result.rows, "edition": edition.name},
            data={
                "file": filename,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result


def _import_rows(actor, edition: CatalogEdition, rows, result: CatalogImportResult) -> None:
    """Add or update each row's entry; a row's model errors go to ``result.errors``."""
    existing = {e.number: e for e in CatalogEntry.objects.filter(edition=edition)}
    for row in rows:
        try:
            _import_row(actor, edition, existing.get(row.data["number"]), row, result)
        except ValidationError as exc:
            for column, message in _validation_messages(exc):
                result.errors.append(
                    {"row": row.number, "column": column, "cell": "", "message": message}
                )


def _import_row(actor, edition, entry, row, result: CatalogImportResult) -> None:
    data = {key: row.data[key] for key in ENTRY_FIELDS}
    if entry is None:
        catalog_entry_create(
            actor=actor,
            edition=edition,
            field_name=row.data["field"],
            data=data,
            indicators=row.indicators,
            via="import",
        )
        result.created += 1
    elif catalog_entry_update(
        actor=actor,
        entry=entry,
        field_name=row.data["field"],
        data=data,
        indicators=row.indicators,
        via="import",
    ):
        result.updated += 1
    else:
        result.unchanged += 1


def _validation_messages(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(name, " ".join(messages)) for name, messages in exc.message_dict.items()]
    return [("", " ".join(exc.messages))]


# --- helpers -------------------------------------------------------------------------------


def _field_for(actor, edition: CatalogEdition, name: str) -> CatalogField:
    """The edition's field called ``name``, created (and audited) when missing."""
    name = _text(name)
    if not name:
        raise ValidationError({"field": _("Enter the field (领域) of the entry.")})
    found = edition.fields.filter(name=name).first()
    if found is not None:
        return found
    last = edition.fields.aggregate(last=Max("order"))["last"]
    created = CatalogField(edition=edition, name=name, order=(last or 0) + 1)
    try:
        created.full_clean()
    except ValidationError as exc:
        raise ValidationError({"field": exc.messages}) from exc
    created.save()
    record(
        action="firstset.catalog_field.create",
        actor=actor,
        obj=created,
        summary=_("Added the field %(name)s to %(edition)s")
        % {"name": name, "edition": edition.name},
        data={"edition_id": edition.pk, "order": created.order},
    )
    return created


def _clean_indicators(items: Iterable[Mapping[str, Any]]) -> list[Indicator]:
    """Validated, unsaved indicators in the given order; duplicate names are refused."""
    rows: list[Indicator] = []
    seen: set[str] = set()
    for order, item in enumerate(items, start=1):
        _only(item, INDICATOR_FIELDS)
        indicator = Indicator(
            name=_text(item.get("name")),
            unit=_text(item.get("unit")),
            direction=item.get("direction") or "",
            threshold=item.get("threshold"),
            order=order,
        )
        try:
            indicator.full_clean(exclude=["entry"])
        except ValidationError as exc:
            raise ValidationError(
                {"indicators": _indicator_errors(order, indicator.name, exc)}
            ) from exc
        if indicator.name in seen:
            raise ValidationError(
                {
                    "indicators": _("The indicator %(name)s is listed twice.")
                    % {"name": indicator.name}
                }
            )
        seen.add(indicator.name)
        rows.append(indicator)
    if not rows:
        raise ValidationError({"indicators": _("An entry needs at least one core indicator.")})
    return rows


def _indicator_errors(order: int, name: str, exc: ValidationError) -> list[str]:
    label = name or _("indicator %(number)d") % {"number": order}
    return [
        _("%(indicator)s: %(message)s") % {"indicator": label, "message": message}
        for message in exc.messages
    ]


def _save_indicators(entry: CatalogEntry, rows: list[Indicator]) -> None:
    for indicator in rows:
        indicator.entry = entry
        indicator.save()


def _indicator_plain(indicator: Indicator) -> dict[str, str]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "threshold": plain_decimal(Decimal(indicator.threshold)),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _only(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError("unexpected fields: " + ", ".join(sorted(unknown)))
