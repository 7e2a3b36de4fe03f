"""Writing to the audit trail. Call `record` inside the transaction of the change it describes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import rules
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core import context
from gaoxin.core.bulk import insert_rows
from gaoxin.core.errors import PermissionDeniedError
from gaoxin.core.registry import changes_written

from .changes import CHANGES_KEY
from .export import write_events_xlsx
from .hashing import ALGORITHMS, chain_hash, event_content, row_content
from .models import GENESIS_HASH, AuditEvent, ChainHead
from .selectors import clean_filters, event_list


def _jsonable(data: Any) -> Any:
    """Decimals, dates and UUIDs become strings, as JSONField would store them."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, ensure_ascii=False))


def _describe(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:200]


def record(
    *,
    action: str,
    actor,
    obj: models.Model | None = None,
    summary: str,
    data: dict | None = None,
    reason: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Append an audit event for a change made in the current transaction.

    ``changes`` (``{field: [before, after]}``, see :mod:`gaoxin.audit.changes`) is stored in
    the data under ``"changes"`` when it is not empty; the trail shows it as before → after.

    Must run inside `transaction.atomic` (every service is); the event then commits or rolls
    back with the change it describes. Appends are serialised by locking the chain head.
    Inside :func:`batched` the event is appended when the block ends (it has no id yet).
    """
    _require_transaction()
    pending = _BATCH.get()
    if pending is not None:
        event = _unchained(Entry(action, obj, summary, data, changes), actor, reason)
        pending.append(event)
        return event
    head = _locked_head()  # first: the event's time is taken in the order of the chain
    event = _unchained(Entry(action, obj, summary, data, changes), actor, reason)
    _chain([event], head.last_hash)
    event.save(force_insert=True)
    ChainHead.objects.filter(pk=1).update(last_hash=event.hash, count=models.F("count") + 1)
    changes_written()
    return event


@dataclass(frozen=True, slots=True)
class Entry:
    """One change of many that one actor made together (:func:`record_many`)."""

    action: str
    obj: models.Model | None
    summary: str
    data: dict | None = None
    changes: dict | None = None


def record_many(*, actor, entries: Iterable[Entry], reason: str = "") -> int:
    """Append one event per entry, as :func:`record` would one by one, for many changes made in
    the current transaction (a department's list written row by row): the events, hashed in
    order, are inserted together, with one lock and one update of the chain head (or when the
    :func:`batched` block around ends). Returns how many."""
    _require_transaction()
    ctx = context.current()
    events = [_event_row(entry, actor, reason, ctx) for entry in entries]
    pending = _BATCH.get()
    if pending is not None:
        pending.extend(events)
    else:
        _append(events)
    return len(events)


# The events recorded inside batched(), appended when it ends; None outside it.
_BATCH: ContextVar[list[AuditEvent | dict] | None] = ContextVar("audit_batch", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Inside one transaction that is rolled back whole when any of its changes fails (an
    import: all or nothing), the events recorded in the block are appended when it ends, in
    the order recorded, with one lock and one update of the chain head for all.

    One update of the chain-head row per event costs a query each, and in a long transaction
    with savepoints PostgreSQL slows down on the many versions of that one row (see
    docs/import-export.md, "Department data"). Events of a savepoint rolled back inside the
    block would still be appended, hence the rule above. When the block raises, nothing is
    appended: the transaction is being rolled back. A block inside another adds to the outer
    one's events. The events take the time they are appended (the change is seen when the
    transaction commits), so the trail's order by id is its order in time."""
    _require_transaction()
    if _BATCH.get() is not None:
        yield
        return
    pending: list[AuditEvent | dict] = []
    token = _BATCH.set(pending)
    try:
        yield
    finally:
        _BATCH.reset(token)
    _append(pending)


def _append(events: list[AuditEvent | dict]) -> None:
    """Chain the events (unsaved instances, or rows of their columns by attname) after the
    head, insert them together, move the head once. An instance is given its time and hash."""
    if not events:
        return
    head = _locked_head()
    now = timezone.now().astimezone(UTC)
    fields = [f.attname for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    rows = [
        event if isinstance(event, dict) else {name: getattr(event, name) for name in fields}
        for event in events
    ]
    prev_hash = head.last_hash
    for row in rows:
        row["occurred_at"] = now
        row["prev_hash"] = prev_hash
        row["hash"] = prev_hash = chain_hash(prev_hash, row_content(row), row["hash_algorithm"])
    for event, row in zip(events, rows, strict=True):
        if not isinstance(event, dict):
            event.occurred_at, event.prev_hash, event.hash = now, row["prev_hash"], row["hash"]
    insert_rows(AuditEvent, rows)
    ChainHead.objects.filter(pk=1).update(last_hash=prev_hash, count=models.F("count") + len(rows))
    changes_written()


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change")


def _unchained(entry: Entry, actor, reason: str) -> AuditEvent:
    """The entry's event, neither linked nor hashed nor saved."""
    return AuditEvent(
        **_event_row(entry, actor, reason, context.current()),
        occurred_at=timezone.now().astimezone(UTC),
    )


def _event_row(entry: Entry, actor, reason: str, ctx: context.RequestContext) -> dict[str, Any]:
    """The entry's event as a row of columns by attname, without its time, link and hash: who
    acted (or the command, the anonymous visitor), from where (the request's context), on
    what, with the texts cut to their columns."""
    data = entry.data
    if entry.changes:
        data = {**(data or {}), CHANGES_KEY: entry.changes}
    object_type, object_id, object_repr = _describe(entry.obj)
    return {
        "action": entry.action,
        "actor_id": getattr(actor, "pk", None),
        "actor_name": (str(actor) if actor is not None else _nobody(ctx))[:150],
        "actor_organisation_id": getattr(actor, "organisation_id", None),
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "summary": str(entry.summary)[:300],
        "reason": str(reason)[:500],
        "data": _jsonable(data),
        "ip": ctx.ip,
        "request_id": ctx.request_id,
        "channel": ctx.channel,
        "hash_algorithm": settings.AUDIT_HASH_ALGORITHM,
    }


def _chain(events: list[AuditEvent], prev_hash: str) -> str:
    """Link each event to the one before (the first to ``prev_hash``) and hash it; the last
    hash."""
    for event in events:
        event.prev_hash = prev_hash
        event.hash = chain_hash(prev_hash, event_content(event), event.hash_algorithm)
        prev_hash = event.hash
    return prev_hash


def _locked_head() -> ChainHead:
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    return head


def _nobody(ctx: context.RequestContext) -> str:
    """Who acted when no account did: someone not logged in (a failed login), or a command."""
    if ctx.channel in ("web", "api"):
        return "anonymous"
    return _command_name()


def _command_name() -> str:
    """The command that acted, without the path it runs from: "system: gaoxin load-demo"."""
    program = os.path.basename(sys.argv[0]) if sys.argv else ""
    if program in ("manage.py", "__main__.py", "-c", ""):
        program = "gaoxin"
    return " ".join(["system:", program, *sys.argv[1:2]])


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    first_bad_id: int | None = None
    problem: str = ""
    # Stable for programs and pages: "link", "content", "truncated", "head_missing".
    code: str = ""


def verify_chain(batch_size: int = 2000) -> VerifyResult:
    """Recompute every hash in order, each with the algorithm its row records; report the
    first row whose content or link is wrong."""
    prev = GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != prev:
            return VerifyResult(
                False, count, event.id, "link to the previous row is broken", "link"
            )
        if event.hash_algorithm not in ALGORITHMS:
            return VerifyResult(False, count, event.id, "unknown hash algorithm", "content")
        if chain_hash(event.prev_hash, event_content(event), event.hash_algorithm) != event.hash:
            return VerifyResult(
                False, count, event.id, "content does not match its hash", "content"
            )
        prev = event.hash
        count += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and count:
        return VerifyResult(False, count, None, "the chain head is missing", "head_missing")
    if head and (head.last_hash != prev or head.count != count):
        return VerifyResult(
            False, count, None, "rows were removed from the end of the chain", "truncated"
        )
    return VerifyResult(True, count)


def event_export(*, actor, filters: dict | None, out) -> int:
    """Write the events `actor` may read, filtered, to `out` (.xlsx); returns the row count.

    Reading the trail changes nothing, but an export takes it out of the system, so each export
    is itself recorded (`audit.export`, with the filters and the row count), in a transaction of
    its own once the workbook is written.
    """
    if not rules.has_perm("audit.export_events", actor):
        raise PermissionDeniedError(_("Only the auditor exports the audit trail."))
    used = clean_filters(filters)
    count = write_events_xlsx(event_list(user=actor, filters=used), out)
    with transaction.atomic():
        record(
            action="audit.export",
            actor=actor,
            summary=_("Exported %(count)d audit events") % {"count": count},
            data={"filters": used, "rows": count},
        )
    return count
