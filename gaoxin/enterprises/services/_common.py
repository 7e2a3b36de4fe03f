"""Helpers the registry's services share: input parsing, snapshots and diffs, validation."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import get_text_list
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gaoxin.core.errors import PermissionDeniedError
from gaoxin.parks.models import Park

from .. import scoping
from ..choices import FactSource
from ..models import Enterprise


def require_edit(actor, enterprise: Enterprise) -> None:
    if not scoping.can_edit(actor, enterprise):
        raise PermissionDeniedError(_("You cannot change this enterprise's file."))


def reject_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError("unknown fields: " + ", ".join(sorted(unknown)))


def as_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def as_date(value: Any, name: str, errors: dict) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.setdefault(name, []).append(_("Enter a date as YYYY-MM-DD, e.g. 2024-05-01."))
        return None


def resolve_park(value: Any, errors: dict) -> Park | None:
    if value is None or value == "":
        return None
    if isinstance(value, Park):
        return value
    park = Park.objects.filter(pk=value).first() if str(value).isdigit() else None
    if park is None:
        errors.setdefault("park", []).append(_("Choose a park from the list."))
    return park


def pk_of(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def snapshot(obj: Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values for comparison and the audit trail; a foreign key as its id."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = getattr(obj, field.attname)
    return out


def blank(fields: Iterable[str]) -> dict[str, Any]:
    return dict.fromkeys(fields)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and not _both_blank(before.get(name), value)
    }


def _both_blank(old: Any, new: Any) -> bool:
    return old in (None, "") and new in (None, "")


def field_labels(model: type[Model], changes: Mapping[str, Any]) -> str:
    """The changed fields' names, "revenue, output value and employees", in the language in
    use (remembered: a list's rows change the same few fields)."""
    return _field_labels(model, tuple(changes), get_language())


@functools.lru_cache(maxsize=512)
def _field_labels(model: type[Model], names: tuple[str, ...], _language: str | None) -> str:
    labels = [str(model._meta.get_field(name).verbose_name) for name in names]
    return str(get_text_list(labels, _("and")))


def full_clean_or_raise(
    obj: Model,
    errors: dict[str, list],
    *,
    exclude: list[str] | None = None,
    validate_constraints: bool = True,
) -> None:
    """Run the model's validation; raise it merged with the errors found before, one list per
    field (a field with an error of ours keeps only ours, so a message is not said twice).
    ``validate_constraints=False`` skips the Meta constraints — one query each — for a caller
    that has checked what they say itself (the database still enforces them); ``exclude``
    skips fields the caller has checked (a foreign key's is a query)."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=validate_constraints)
    except ValidationError as exc:
        for name, field_errors in exc.error_dict.items():
            if name not in errors:
                errors[name] = list(field_errors)
    raise_if_any(errors)


def clean_given(
    model: type[Model], values: Mapping[str, Any], errors: dict[str, list]
) -> dict[str, Any]:
    """The ``values`` given (by field name) cleaned as ``full_clean(exclude=<the fields not
    given>, validate_constraints=False)`` cleans them on an instance of ``model`` — each field's
    conversion and validators, a blank value of a field that may be blank not checked — but
    without an instance, for a list's rows. Only for a model without ``clean()`` of its own,
    and for values of plain fields: no foreign key, no unique field. A field's errors go to
    ``errors`` unless it has errors of the caller's already (a message is not said twice);
    returns the cleaned values."""
    cleaned = {}
    meta = model._meta
    for name, value in values.items():
        field = meta.get_field(name)
        if field.blank and value in field.empty_values:
            cleaned[name] = value
            continue
        try:
            cleaned[name] = field.clean(value, None)
        except ValidationError as exc:
            if name not in errors:
                errors[name] = list(exc.error_list)
    return cleaned


def raise_if_any(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


# The enterprises whose facts changed inside push_once(), or None outside it.
_PUSH_COLLECTED: ContextVar[set[int] | None] = ContextVar("push_collected", default=None)


def facts_changed(enterprise: Enterprise) -> None:
    """Once the change commits, look for published policies the enterprise now fits (精准推送).

    Runs as a background task; it only adds notifications the enterprise has not had yet.
    Inside :func:`push_once` the enterprise is collected for one task instead.
    """
    collected = _PUSH_COLLECTED.get()
    if collected is not None:
        collected.add(enterprise.pk)
        return
    from gaoxin.notifications.tasks import push_for_enterprise

    enterprise_id = enterprise.pk
    transaction.on_commit(lambda: push_for_enterprise.enqueue(enterprise_id))


@contextmanager
def push_once() -> Iterator[set[int]]:
    """For a bulk write inside a transaction (an import): the services called within collect
    the enterprises whose facts change, and when the block ends without an error ONE task
    looks for their policies once the transaction commits — not one task per row. The set
    yielded may be added to directly (the registry import writes without the services)."""
    collected: set[int] = set()
    token = _PUSH_COLLECTED.set(collected)
    try:
        yield collected
    finally:
        _PUSH_COLLECTED.reset(token)
    push_after_commit(collected)


def push_after_commit(enterprise_ids: Iterable[int]) -> None:
    """One background task, once the transaction commits, looking for the policies the
    enterprises now meet (enterprises_push: per zone, one read of the facts for all)."""
    ids = sorted(enterprise_ids)
    if not ids:
        return
    from gaoxin.notifications.tasks import push_for_enterprises

    transaction.on_commit(lambda: push_for_enterprises.enqueue(ids))


# --- a department's list, written together (yearly_facts_write_listed,
# qualifications_write_listed) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListedWritten:
    """What writing a row of a list did: a new row (``created``), and the values changed (none:
    the list said what the registry holds, nothing was written)."""

    created: bool
    changes: dict[str, list]


class ListedRowsInvalid(Exception):
    """Rows of a list the registry refuses, by their index; nothing was written."""

    def __init__(self, errors: dict[int, ValidationError]):
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


def require_listed_write(actor, enterprise_ids: Iterable[int], provenance: Mapping) -> None:
    """A list is a department's data, written by an official of every enterprise's zone."""
    if provenance.get("source") != FactSource.DEPARTMENT:
        raise ValueError("a listed write is a department's data")
    if not scoping.can_verify_all(actor, enterprise_ids):
        raise PermissionDeniedError(_("You cannot change this enterprise's file."))
