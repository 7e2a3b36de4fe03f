"""Per-request context (who, from where, which request) for the audit trail.

Set by RequestContextMiddleware; read by audit.services.record. Outside a request (the command
line, a background task) the context is empty and the audit event records the command instead.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    channel: str = "cli"


EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "gaoxin_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or EMPTY


def bind(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def task_context(request_id: str) -> Iterator[None]:
    """Around a background task's work: in a worker, audit events record the task
    (``request_id``, channel ``task``); run inside a request or a command that already has a
    context (the immediate backend of the tests, a page), that context stays."""
    if current().request_id:
        yield
        return
    token = bind(RequestContext(request_id=request_id, channel="task"))
    try:
        yield
    finally:
        reset(token)
