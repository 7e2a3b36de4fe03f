"""Reads for reports from a PostgreSQL read replica, only where the code asks for it.

A streaming replica is a few milliseconds to seconds behind the primary. Sending every read
there would break read-after-write: a form saved, then the page that shows it read from a
replica that has not received the row yet. So the default is the primary for everything, and
a read goes to the replica only

- inside an explicit scope, :func:`reading_from_replica` (a context manager and a decorator)
  or :func:`replica_view` (a view decorator that loads the user and the session from the
  primary first), which the report and export views use;
- and only when a replica is configured (``settings.READ_REPLICA_ALIAS``, set by the settings
  when ``REPLICA_DATABASE_URL`` is; without it the scope changes nothing);
- and not inside a transaction on the primary: a read in ``transaction.atomic`` (the audit
  chain's head, a service's checks) must see the transaction's own writes.

Writes always go to the primary (``default``); migrations run only there.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_replica_scope: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "gaoxin_replica_scope", default=False
)


def replica_alias() -> str | None:
    """The configured replica's alias, or None when reads all go to the primary."""
    alias = getattr(settings, "READ_REPLICA_ALIAS", None)
    if alias and alias in connections.settings:
        return alias
    return None


@contextmanager
def _scope() -> Iterator[None]:
    token = _replica_scope.set(True)
    try:
        yield
    finally:
        _replica_scope.reset(token)


def reading_from_replica():
    """Reads in this block (or decorated function) may come from the replica: use it only for
    reports and exports that tolerate data a few seconds old and read nothing they just wrote.
    A no-op without a replica."""
    return _scope()


def replica_view(view: Callable) -> Callable:
    """A report or export view whose reads may come from the replica. The user and the session
    are loaded from the primary first (a session written by the login a moment ago may not be
    on the replica yet); put it under ``login_required`` and the permission decorators."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = getattr(request, "user", None)
        getattr(user, "pk", None)  # evaluates the lazy user (and loads the session) here
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


def in_replica_scope() -> bool:
    return _replica_scope.get()


class ReplicaRouter:
    """DATABASE_ROUTERS entry: see the module docstring."""

    def db_for_read(self, model, **hints):
        if not _replica_scope.get():
            return DEFAULT_DB_ALIAS
        alias = replica_alias()
        if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the same rows as the primary: an object read from either may be
        # related to one read from the other
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
