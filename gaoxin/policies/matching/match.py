"""Set-based policy matching (issue 3, item 4(b)): which enterprises meet a version's criteria.

:func:`match_policy` runs one SQL query (:mod:`.sql`) for one version — the builder's live
count and ad-hoc checks. A definition that does not compile to SQL falls back to the numpy
batch over :func:`~.facts.facts_frame` (same result, in memory).

:func:`rematch_all` recomputes and stores the matches of every version in force. Chosen by
measurement (bench/matching.py, docs/policies.md "Speed"): it reads the facts of every
enterprise **once** into numpy columns (:func:`.columnar.load_facts`: three queries, integer
arrays), evaluates every version over them with the numpy batch (restricted to the policy's
zone), and stores one :class:`~.models.PolicyMatchSet` per version — the ids packed — all in
one transaction. :func:`count_all` is the other candidate, kept to be measured against it:
the same evaluation in the database (a temporary facts table, :func:`.sql.facts_table_sql`,
and one ``COUNT`` per version).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gaoxin.enterprises.models import Enterprise
from rulebook.criteria import compile_criteria, explain, match_mask

from ..models import PolicyMatchSet, PolicyVersion, pack_ids
from ..selectors import policies_in_force
from .catalog import CATALOG
from .columnar import FactColumns, load_facts
from .facts import DECISION, ESTIMATE, estimate_facts, facts_frame, pending_declarations
from .sql import FACTS_TABLE, NotCompilable, facts_table_sql, match_sql, table_condition

logger = logging.getLogger(__name__)


def match_batch_ids(
    version: PolicyVersion,
    *,
    as_of: datetime.date,
    queryset: QuerySet[Enterprise] | None = None,
    mode: str = DECISION,
) -> list[int]:
    """The numpy-batch path: facts_frame + match_mask."""
    criteria = compile_criteria(version.criteria, CATALOG)
    scope = Enterprise.objects.all() if queryset is None else queryset
    ids, frame = facts_frame(scope, as_of, mode)
    mask = match_mask(criteria, frame)
    return [pk for pk, ok in zip(ids, mask.tolist(), strict=True) if ok]


def match_policy(
    version: PolicyVersion,
    *,
    as_of: datetime.date,
    queryset: QuerySet[Enterprise] | None = None,
    mode: str = DECISION,
) -> list[int]:
    """Ids (ascending) of the enterprises meeting ``version``'s criteria on ``as_of``: on the
    verified facts (``DECISION``, what every decision reads), or with the pending declarations
    in place (``ESTIMATE``: the SQL over the registry for the enterprises without any, and
    the explain of :func:`.facts.estimate_facts` for the few with some)."""
    criteria = compile_criteria(version.criteria, CATALOG)
    scope = Enterprise.objects.all() if queryset is None else queryset
    declared: dict[int, list] = {}
    if mode == ESTIMATE:
        for record in pending_declarations(scope):
            declared.setdefault(record.enterprise_id, []).append(record)
        scope = scope.exclude(pk__in=list(declared))
    try:
        qs = match_sql(criteria, as_of, scope)
    except NotCompilable as error:
        logger.info("version %s: no SQL form (%s), numpy batch instead", version.pk, error)
        return match_batch_ids(version, as_of=as_of, queryset=queryset, mode=mode)
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    if declared:
        firms = Enterprise.objects.select_related("park").in_bulk(list(declared))
        ids.extend(
            pk
            for pk, firm in firms.items()
            if explain(criteria, estimate_facts(firm, as_of, declared[pk]).facts).status == "met"
        )
        ids.sort()
    return ids


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


def store_ids(
    version: PolicyVersion,
    ids,
    *,
    as_of: datetime.date,
    matched_at: datetime.datetime | None = None,
) -> int:
    """Replace ``version``'s stored matches of ``as_of`` by ``ids`` (ascending), in one
    transaction. Returns the number stored."""
    ids = np.asarray(ids, dtype=np.int64)
    with transaction.atomic():
        PolicyMatchSet.objects.update_or_create(
            version=version,
            as_of=as_of,
            defaults={
                "matched_at": matched_at or timezone.now(),
                "count": len(ids),
                "packed_ids": pack_ids(ids),
            },
        )
    return len(ids)


def prune_match_sets(*, before: datetime.date) -> int:
    """Delete the stored sets of dates before ``before``; returns how many."""
    deleted, _by_model = PolicyMatchSet.objects.filter(as_of__lt=before).delete()
    return deleted


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
    in force, evaluated **in the database** (the temporary facts table and one ``COUNT`` per
    version; a definition without SQL form through the numpy batch): the alternative to
    :func:`rematch_all`'s columns, measured against it by the benchmark."""
    counts: dict[int, int] = {}
    columns = None
    with facts_table(as_of):
        for version in _versions(as_of):
            criteria = compile_criteria(version.criteria, CATALOG)
            try:
                where, params = _in_zone(version, *table_condition(criteria, as_of, connection))
            except NotCompilable:
                columns = columns or load_facts(as_of)
                counts[version.pk] = len(_matching(version, columns))
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {FACTS_TABLE} f WHERE {where}", params)  # noqa: S608
                counts[version.pk] = cursor.fetchone()[0]
    return counts


def _matching(
    version: PolicyVersion, columns: FactColumns, zones: dict[int, np.ndarray] | None = None
) -> np.ndarray:
    """The ids of ``columns`` meeting ``version``'s criteria, within its policy's zone
    (``zones`` caches each zone's row mask)."""
    zones = {} if zones is None else zones
    zone_id = version.policy.zone_id
    if zone_id not in zones:
        zones[zone_id] = columns.zone_ids == zone_id
    mask = match_mask(compile_criteria(version.criteria, CATALOG), columns.frame)
    return columns.ids[mask & zones[zone_id]]


def compute_all(*, as_of: datetime.date) -> list[tuple[PolicyVersion, np.ndarray]]:
    """Every version in force on ``as_of`` with the ids of the enterprises of its policy's zone
    meeting its criteria: the facts read once (:func:`.columnar.load_facts`, outside any
    transaction so that it can read in parallel), each version evaluated by the numpy batch.
    Stores nothing."""
    versions = _versions(as_of)
    if not versions:
        return []
    columns, zones = load_facts(as_of), {}
    return [(version, _matching(version, columns, zones)) for version in versions]


@transaction.atomic
def store_all(
    matched: list[tuple[PolicyVersion, np.ndarray]], *, as_of: datetime.date
) -> dict[int, int]:
    """Store every computed set of ``as_of`` in one transaction (the caller's, when it records
    the audit event with them): the versions' sets of that date replaced in bulk (one delete,
    inserts in batches; not one update-or-create per version); sets of other dates are
    untouched. Returns version id → count."""
    stamp = timezone.now()
    rows = []
    for version, ids in matched:
        ids = np.asarray(ids, dtype=np.int64)
        rows.append(
            PolicyMatchSet(
                version=version,
                as_of=as_of,
                matched_at=stamp,
                count=len(ids),
                packed_ids=pack_ids(ids),
            )
        )
    PolicyMatchSet.objects.filter(as_of=as_of, version__in=[v.pk for v, _ids in matched]).delete()
    PolicyMatchSet.objects.bulk_create(rows, batch_size=20)
    return {row.version_id: row.count for row in rows}


def rematch_all(*, as_of: datetime.date) -> dict[int, int]:
    """Recompute and store the matches of every version in force on ``as_of``
    (:func:`compute_all`, then :func:`store_all`). Returns version id → number of matches."""
    return store_all(compute_all(as_of=as_of), as_of=as_of)
