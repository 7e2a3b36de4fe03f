"""Per-request context (who, from where, which request) for the audit trail.

Set by RequestContextMiddleware; read by audit.services.record. Outside a request (the command
line, a background task) the context is empty and the audit event records the command instead.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    channel: str = "cli"


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "gaoxin_request_context", default=RequestContext()
)


def current() -> RequestContext:
    return _current.get()


def bind(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)
