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


def event_content(event) -> str:
    """The canonical content of a stored event, as it was hashed when written."""
    from datetime import UTC

    return canonical_content(
        occurred_at=event.occurred_at.astimezone(UTC),
        action=event.action,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        actor_organisation_id=event.actor_organisation_id,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        summary=event.summary,
        reason=event.reason,
        data=event.data,
        ip=event.ip,
        request_id=event.request_id,
        channel=event.channel,
    )
