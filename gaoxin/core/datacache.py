"""Figures computed from many rows, kept between requests until the data changes.

The overview's sums and counts and the enterprise list's years take hundreds of milliseconds
at province scale (50 000 enterprises: ~1 s for the overview on SQLite) and change only when
something is written. Every write is audited in its own transaction, so the newest audit
event's id (:func:`gaoxin.core.registry.change_counter`) is a version of the whole database:
a figure is cached under the user's scope, the interface language, the day and that version,
and any committed change makes the next request compute it afresh. ``FIGURE_CACHE_SECONDS``
bounds how long an entry lives (a change written outside the audited services, such as a
manual SQL fix, shows after at most that long); 0 turns the cache off (the test settings do,
so that tests which build data with factories see it at once).

The cache is Django's default cache: per process (LocMemCache) unless ``CACHES`` names a
shared one; each gunicorn worker then keeps its own copy, which is correct, only less shared.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from .registry import change_counter

T = TypeVar("T")
_MISSING = object()


def scope_key(user) -> tuple:
    """What decides what a user sees: the user, their role and organisation."""
    return (
        getattr(user, "pk", None),
        getattr(user, "role", None),
        getattr(user, "organisation_id", None),
    )


def cached_figures(name: str, user, compute: Callable[[], T]) -> T:
    """``compute()``, or its value cached for ``user``'s scope, the language, today and the
    current change counter. The value must pickle (plain data, model instances, strings)."""
    seconds = getattr(settings, "FIGURE_CACHE_SECONDS", 300)
    if not seconds:
        return compute()
    version = change_counter()
    if version is None:
        return compute()
    parts = (name, scope_key(user), get_language(), timezone.localdate().isoformat(), version)
    key = "gaoxin:figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


class _KnownCount:
    """A queryset whose ``count()`` is already known (the whole scope's size, cached): kept by
    ``all()``, which paginators call before counting, and by ``values()`` (the same rows as
    dictionaries); dropped by every other clone, so a filtered or sliced queryset counts
    afresh."""

    _known_count: int | None = None

    def count(self) -> int:
        if self._known_count is not None and self._result_cache is None:
            return self._known_count
        return super().count()

    def all(self):
        clone = super().all()
        clone._known_count = self._known_count
        return clone

    def values(self, *fields, **expressions):
        """The same rows as dictionaries: the same count (not when an expression aggregates,
        which groups the rows)."""
        clone = super().values(*fields, **expressions)
        if not any(getattr(e, "contains_aggregate", False) for e in expressions.values()):
            clone._known_count = self._known_count
        return clone


@functools.cache
def _counted_class(base: type) -> type:
    return type(f"Counted{base.__name__}", (_KnownCount, base), {})


def with_known_count(queryset: QuerySet, count: int) -> QuerySet:
    """``queryset`` answering ``count()`` with ``count`` without a query."""
    clone = queryset.all()
    clone.__class__ = _counted_class(type(queryset))
    clone._known_count = count
    return clone
