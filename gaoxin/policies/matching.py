"""Set-based policy matching (issue 3, item 4(b)): which enterprises meet a version's criteria.

:func:`match_policy` runs one SQL query (:mod:`.sql`) for one version — the builder's live
count and ad-hoc checks. A definition that does not compile to SQL falls back to the numpy
batch over :func:`~.facts.facts_frame` (same result, in memory).

:func:`rematch_all` recomputes and stores the matches of every version in force. It reads the
facts of every enterprise **once** into a temporary table (:func:`.sql.facts_table_sql`:
the latest yearly fact before the year of ``as_of``, the derived figures in their exact
integer form, the valid qualification kinds), then per version, in one transaction, deletes
that version's ``PolicyMatch`` rows of ``as_of`` and stores the new ones with one
``INSERT … SELECT`` over the table — no enterprise id travels through Python. A version whose
criteria have no SQL form is evaluated by the numpy batch (the frame read once, lazily) and
stored by :func:`store_ids`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gaoxin.enterprises.models import Enterprise
from rulebook.criteria import compile_criteria, match_mask

from .facts import CATALOG, facts_frame
from .models import PolicyMatch, PolicyVersion
from .selectors import policies_in_force
from .sql import FACTS_TABLE, NotCompilable, facts_table_sql, match_sql, table_condition

logger = logging.getLogger(__name__)
MATCH_TABLE = PolicyMatch._meta.db_table


def match_batch_ids(
    version: PolicyVersion, *, as_of: datetime.date, queryset: QuerySet[Enterprise] | None = None
) -> list[int]:
    """The numpy-batch path: facts_frame + match_mask."""
    criteria = compile_criteria(version.criteria, CATALOG)
    ids, frame = facts_frame(Enterprise.objects.all() if queryset is None else queryset, as_of)
    mask = match_mask(criteria, frame)
    return [pk for pk, ok in zip(ids, mask.tolist(), strict=True) if ok]


def match_policy(
    version: PolicyVersion, *, as_of: datetime.date, queryset: QuerySet[Enterprise] | None = None
) -> list[int]:
    """Ids (ascending) of the enterprises meeting ``version``'s criteria on ``as_of``."""
    criteria = compile_criteria(version.criteria, CATALOG)
    try:
        qs = match_sql(criteria, as_of, queryset)
    except NotCompilable as error:
        logger.info("version %s: no SQL form (%s), numpy batch instead", version.pk, error)
        return match_batch_ids(version, as_of=as_of, queryset=queryset)
    return list(qs.order_by("pk").values_list("pk", flat=True))


@contextmanager
def facts_table(as_of: datetime.date) -> Iterator[None]:
    """The temporary facts table of ``as_of`` (see :func:`.sql.facts_table_sql`) for the
    duration of the block, on this connection only."""
    sql, params = facts_table_sql(as_of, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FACTS_TABLE}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {FACTS_TABLE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {FACTS_TABLE}")


class _Frame:
    """The numpy frame of a zone's enterprises, read at most once per zone and re-match."""

    def __init__(self, as_of: datetime.date):
        self.as_of, self._values = as_of, {}

    def ids(self, version: PolicyVersion) -> list[int]:
        zone_id = version.policy.zone_id
        if zone_id not in self._values:
            self._values[zone_id] = facts_frame(
                Enterprise.objects.filter(zone_id=zone_id), self.as_of
            )
        ids, frame = self._values[zone_id]
        mask = match_mask(compile_criteria(version.criteria, CATALOG), frame)
        return [pk for pk, ok in zip(ids, mask.tolist(), strict=True) if ok]


def _relax(cursor) -> None:
    """PostgreSQL: do not wait for the WAL flush at commit (a crash can lose only the last
    re-match's rows, and a re-match can be run again); the data stay consistent."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _delete(cursor, version: PolicyVersion, as_of: datetime.date) -> None:
    cursor.execute(
        f"DELETE FROM {MATCH_TABLE} WHERE version_id = %s AND as_of = %s",  # noqa: S608
        [version.pk, connection.ops.adapt_datefield_value(as_of)],
    )


def store_ids(
    version: PolicyVersion,
    ids: list[int],
    *,
    as_of: datetime.date,
    matched_at: datetime.datetime | None = None,
) -> int:
    """Replace ``version``'s stored matches of ``as_of`` by ``ids``, in one transaction
    (COPY on PostgreSQL, ``executemany`` elsewhere). Returns the number stored."""
    day = connection.ops.adapt_datefield_value(as_of)
    stamp = connection.ops.adapt_datetimefield_value(matched_at or timezone.now())
    rows = [(version.pk, pk, day, stamp) for pk in ids]
    columns = "version_id, enterprise_id, as_of, matched_at"
    with transaction.atomic(), connection.cursor() as cursor:
        _relax(cursor)
        _delete(cursor, version, as_of)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {MATCH_TABLE} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif rows:
            insert = f"INSERT INTO {MATCH_TABLE} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608
            cursor.executemany(insert, rows)
    return len(rows)


def _versions(as_of: datetime.date) -> list[PolicyVersion]:
    """The versions in force, each with its policy (a policy matches its own zone only)."""
    versions = []
    for policy, version in policies_in_force(as_of):
        version.policy = policy
        versions.append(version)
    return versions


def _in_zone(version: PolicyVersion, where: str, params: list) -> tuple[str, list]:
    """``where`` restricted to the enterprises of the version's policy's zone."""
    return f"f.zone_id = %s AND ({where})", [version.policy.zone_id, *params]


def count_all(*, as_of: datetime.date) -> dict[int, int]:
    """Version id → number of enterprises meeting its criteria on ``as_of``, for every version
    in force: :func:`rematch_all`'s evaluation without the store (dry run, benchmark)."""
    counts: dict[int, int] = {}
    frame = _Frame(as_of)
    with facts_table(as_of):
        for version in _versions(as_of):
            criteria = compile_criteria(version.criteria, CATALOG)
            try:
                where, params = _in_zone(version, *table_condition(criteria, as_of, connection))
            except NotCompilable:
                counts[version.pk] = len(frame.ids(version))
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {FACTS_TABLE} f WHERE {where}", params)  # noqa: S608
                counts[version.pk] = cursor.fetchone()[0]
    return counts


def rematch_all(
    *, as_of: datetime.date, batch_size: int = 5000, one_pass: bool = False
) -> dict[int, int]:
    """Recompute and store the matches of every version in force on ``as_of``: the
    enterprises of the policy's zone meeting its criteria.

    The facts are read once (the temporary facts table). With ``one_pass``, one
    transaction deletes the rows of ``as_of`` of every version and one ``INSERT … SELECT``
    scans the table once, evaluating every version's condition per enterprise: the rows arrive
    in enterprise order, so every index of ``PolicyMatch`` grows at a few places instead of
    being swept once per version (measured slower on PostgreSQL at 1M enterprises: one
    transaction queues millions of deferred foreign-key checks). By default, per version and in
    one transaction each: delete
    its rows of ``as_of`` and ``INSERT … SELECT`` the new ones. A version without an SQL form is
    evaluated by the numpy batch and stored by :func:`store_ids`. Rows of other dates are
    untouched. ``batch_size`` is kept for compatibility (nothing is inserted row by row).
    Returns version id → number of matches."""
    counts: dict[int, int] = {}
    frame = _Frame(as_of)
    day = connection.ops.adapt_datefield_value(as_of)
    with facts_table(as_of):
        compiled: list[tuple[PolicyVersion, str, list]] = []
        for version in _versions(as_of):
            criteria = compile_criteria(version.criteria, CATALOG)
            try:
                compiled.append(
                    (version, *_in_zone(version, *table_condition(criteria, as_of, connection)))
                )
            except NotCompilable as error:
                logger.info("version %s: no SQL form (%s), numpy batch instead", version.pk, error)
                counts[version.pk] = store_ids(version, frame.ids(version), as_of=as_of)
        if one_pass and compiled:
            counts.update(_insert_one_pass(compiled, day))
            return counts
        for version, where, params in compiled:
            stamp = connection.ops.adapt_datetimefield_value(timezone.now())
            with transaction.atomic(), connection.cursor() as cursor:
                _relax(cursor)
                _delete(cursor, version, as_of)
                cursor.execute(
                    f"INSERT INTO {MATCH_TABLE} (version_id, enterprise_id, as_of, matched_at) "  # noqa: S608
                    f"SELECT %s, f.id, %s, %s FROM {FACTS_TABLE} f WHERE {where} ORDER BY f.id",
                    [version.pk, day, stamp, *params],
                )
                counts[version.pk] = cursor.rowcount
    return counts


def _insert_one_pass(compiled: list[tuple[PolicyVersion, str, list]], day) -> dict[int, int]:
    """Delete and re-insert the rows of ``day`` of the ``compiled`` versions (version, SQL
    condition over the facts table, params) with one scan of the facts table."""
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    pks = [version.pk for version, _w, _p in compiled]
    marks = ", ".join(["%s"] * len(pks))
    params = [p for _v, _w, ps in compiled for p in ps]
    columns = "version_id, enterprise_id, as_of, matched_at"
    if connection.vendor == "postgresql":
        # one array per enterprise: the versions it meets (NULL for the others)
        cases = ", ".join(f"CASE WHEN {where} THEN {int(v.pk)} END" for v, where, _p in compiled)
        insert = (
            f"INSERT INTO {MATCH_TABLE} ({columns}) SELECT m.v, f.id, %s, %s "  # noqa: S608
            f"FROM {FACTS_TABLE} f CROSS JOIN LATERAL unnest(ARRAY[{cases}]::bigint[]) AS m(v) "
            "WHERE m.v IS NOT NULL"
        )
    else:
        # SQLite: the facts table outside (CROSS JOIN fixes the loop order), versions inside
        versions = " UNION ALL ".join(f"SELECT {int(pk)} AS v" for pk in pks)
        cases = " ".join(f"WHEN {int(v.pk)} THEN ({where})" for v, where, _p in compiled)
        insert = (
            f"INSERT INTO {MATCH_TABLE} ({columns}) SELECT m.v, f.id, %s, %s "  # noqa: S608
            f"FROM {FACTS_TABLE} f CROSS JOIN ({versions}) m WHERE (CASE m.v {cases} END)"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        _relax(cursor)
        cursor.execute(
            f"DELETE FROM {MATCH_TABLE} WHERE as_of = %s AND version_id IN ({marks})",  # noqa: S608
            [day, *pks],
        )
        cursor.execute(insert, [day, stamp, *params])
        cursor.execute(
            f"SELECT version_id, COUNT(*) FROM {MATCH_TABLE} "  # noqa: S608
            f"WHERE as_of = %s AND version_id IN ({marks}) GROUP BY version_id",
            [day, *pks],
        )
        found = dict(cursor.fetchall())
    return {pk: found.get(pk, 0) for pk in pks}
