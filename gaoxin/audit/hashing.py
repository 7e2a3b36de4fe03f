"""The canonical content of an audit event and its hash. Used to write and to verify."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from gaoxin.core.sm3 import sm3_hex


def canonical_content(
    *,
    occurred_at: datetime,
    action: str,
    actor_id: int | None,
    actor_name: str,
    actor_organisation_id: int | None,
    object_type: str,
    object_id: str,
    object_repr: str,
    summary: str,
    reason: str,
    data: Any,
    ip: str | None,
    request_id: str,
    channel: str,
) -> str:
    payload = {
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "action": action,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "actor_organisation_id": actor_organisation_id,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "summary": summary,
        "reason": reason,
        "data": data,
        "ip": ip,
        "request_id": request_id,
        "channel": channel,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# The algorithms a row may be chained with; each row records its own (AuditEvent.hash_algorithm),
# so a trail written with SHA-256 and continued with SM3 (or back) still verifies.
ALGORITHMS = ("sha256", "sm3")


def chain_hash(prev_hash: str, content: str, algorithm: str = "sha256") -> str:
    """The row's hash over the previous row's hash and its own content, with `algorithm`."""
    message = (prev_hash + "\n" + content).encode("utf-8")
    if algorithm == "sha256":
        return hashlib.sha256(message).hexdigest()
    if algorithm == "sm3":
        return sm3_hex(message)
    raise ValueError(f"unknown audit hash algorithm {algorithm!r}; one of {ALGORITHMS}")


# The columns of an event its hash covers, in canonical_content's order.
CONTENT_FIELDS = (
    "occurred_at",
    "action",
    "actor_id",
    "actor_name",
    "actor_organisation_id",
    "object_type",
    "object_id",
    "object_repr",
    "summary",
    "reason",
    "data",
    "ip",
    "request_id",
    "channel",
)


def event_content(event) -> str:
    """The canonical content of a stored event, as it was hashed when written."""
    return row_content({name: getattr(event, name) for name in CONTENT_FIELDS})


def row_content(row: dict[str, Any]) -> str:
    """The canonical content of an event given as a row of its columns (by attname)."""
    from datetime import UTC

    values = {name: row[name] for name in CONTENT_FIELDS}
    values["occurred_at"] = values["occurred_at"].astimezone(UTC)
    return canonical_content(**values)
