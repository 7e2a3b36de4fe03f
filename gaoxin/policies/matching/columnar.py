"""The facts of many enterprises read straight into numpy columns (issue 3, item 4(b)).

:func:`load_facts` reads every fact of the catalog for a set of enterprises with three queries
(enterprises, yearly facts, valid qualifications) and builds the :class:`~rulebook.criteria.Frame`
the batch evaluator runs over — with no Python loop over the enterprises on PostgreSQL:

- every column leaves the database as integers: money in fen (``revenue * 100``, exact:
  ``NUMERIC(18, 2)``), counts as they are, the founding date as ``yyyymmdd``, codes (stage,
  industry code, qualification kind) as their index in the list of distinct values, and a
  missing value as :data:`MISSING`;
- on PostgreSQL each column is aggregated into one array and sent in PostgreSQL's binary array
  format (``array_send(array_agg(…))``): one row of a few ``bytea`` per query, which numpy reads
  with :func:`numpy.frombuffer` (no per-row message, unlike ``COPY``); elsewhere (SQLite) the rows
  are fetched and turned into arrays;
- the latest yearly fact before the year of ``as_of`` is picked in numpy (``lexsort``), the R&D
  intensity is derived in exact integer arithmetic (hundredths of a percentage point, rounded
  half-even like ``Decimal.quantize``), years since founding from ``yyyymmdd``.

The values are the very ones :func:`.facts.enterprise_facts` gives per enterprise (tests check
it); missing values are missing the same way.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet

from gaoxin.enterprises.models import Enterprise, Qualification, YearlyFact
from gaoxin.parks.models import Park
from rulebook.criteria import CodeColumn, Frame, NumericColumn, SetColumn

from .catalog import CATALOG, YEARLY_FIELDS
from .sql import ZONE_MEMBER

MISSING = -(2**63 - 1)  # no figure: never a real value (money is below 10**18 fen)
UNKNOWN_CODE = -2  # a code the label list did not have: written after the labels were read
INT8_OID = 20
MONEY = frozenset(YearlyFact.MONEY_FIELDS)
_ENTERPRISES = Enterprise._meta.db_table
_ZONE = ZONE_MEMBER  # partners outside the zone are in no policy's zone
_YEARLY = YearlyFact._meta.db_table
_QUALS = Qualification._meta.db_table


@dataclass
class FactColumns:
    """The facts of some enterprises as columns: row ``i`` is enterprise ``ids[i]`` (ascending)
    of zone ``zone_ids[i]``."""

    ids: np.ndarray
    zone_ids: np.ndarray
    frame: Frame

    def __len__(self) -> int:
        return len(self.ids)


def _scope(queryset: QuerySet[Enterprise] | None, column: str) -> tuple[str, list[Any]]:
    """`` AND column IN (the queryset's ids)``, or nothing for every enterprise."""
    if queryset is None:
        return "", []
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none() or an empty IN list
        return " AND 1 = 0", []
    return f" AND {column} IN ({sql})", list(params)


def _unpack_array(data: bytes | memoryview) -> np.ndarray:
    """A PostgreSQL ``bigint[]`` in binary format (``array_send``) as an int64 array: a header
    (dimensions, null flag, element type, then size and lower bound per dimension) and per
    element its length (always 8 here: no NULL is sent) and its big-endian value."""
    data = bytes(data)
    dimensions, has_null, element = (int.from_bytes(data[i : i + 4], "big") for i in (0, 4, 8))
    if dimensions == 0:  # an empty array has no dimension
        return np.zeros(0, dtype=np.int64)
    size = int.from_bytes(data[12:16], "big")
    if dimensions != 1 or has_null or element != INT8_OID or len(data) != 20 + 12 * size:
        raise ValueError("not a one-dimensional bigint[] without NULL")
    cells = np.frombuffer(data, dtype=[("length", ">i4"), ("value", ">i8")], offset=20, count=size)
    if size and not (cells["length"] == 8).all():
        raise ValueError("a bigint[] element is not 8 bytes long")
    return cells["value"].astype(np.int64)


def _columns(
    sql: str, params: list[Any], names: list[str], codes: dict[str, list[str]] | None = None
) -> dict[str, np.ndarray]:
    """The columns ``names`` of the rows of ``sql``, as int64 arrays in one same row order. The
    query says :data:`MISSING` for a missing figure (no NULL). A column of ``codes`` is the
    index of its value in the given labels: computed by the query on PostgreSQL (see
    :func:`_code_select`: ``-1`` missing, :data:`UNKNOWN_CODE` not among the labels), from the
    fetched text elsewhere (``-1`` for ``NULL`` or an empty code that is not a label; a value
    the labels lack is added to them)."""
    if connection.vendor == "postgresql":
        return _binary_columns(sql, params, names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    values = list(zip(*rows, strict=True)) or [()] * len(names)
    out = {}
    for name, column in zip(names, values, strict=True):
        if codes and name in codes:
            out[name] = _code_indexes(column, codes[name])
        else:
            out[name] = np.array(column, dtype=np.int64)
    return out


def _binary_columns(sql: str, params: list[Any], names: list[str]) -> dict[str, np.ndarray]:
    """PostgreSQL: each column aggregated into one ``bigint[]`` fetched in binary."""
    import psycopg

    arrays = ", ".join(
        f"array_send(COALESCE(array_agg(t.{n}), CAST('{{}}' AS bigint[])))" for n in names
    )
    connection.ensure_connection()
    # a server-side-binding cursor: binary results (Django's own cursor binds client-side,
    # which sends a bytea as hex text: twice the bytes, and slower by ~40 %)
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(f"SELECT {arrays} FROM ({sql}) AS t", params, binary=True)  # noqa: S608
        row = cursor.fetchone()
    return {name: _unpack_array(data) for name, data in zip(names, row, strict=True)}


def _code_indexes(column: tuple, labels: list[str]) -> np.ndarray:
    """Each fetched code's index in ``labels`` (``-1`` for ``NULL`` or an empty code that is
    not a label); a value the labels lack is added to them."""
    index = {label: i for i, label in enumerate(labels)}

    def code(value):
        if value is None or (value == "" and "" not in index):
            return -1
        if value not in index:  # written after the labels were read
            index[value] = len(labels)
            labels.append(value)
        return index[value]

    return np.fromiter(map(code, column), dtype=np.int64, count=len(column))


def _code_select(column: str, labels: list[str], alias: str) -> tuple[str, str, list[Any]]:
    """(join, select expression, join params) giving ``column``'s index in ``labels`` on
    PostgreSQL — a hash join with the labels numbered by ``unnest … WITH ORDINALITY``: ``-1``
    for ``NULL`` or an empty code (unless ``""`` is a label), :data:`UNKNOWN_CODE` for a value
    the labels lack (see :func:`load_facts`). Elsewhere the column itself (:func:`_columns`
    maps it)."""
    if connection.vendor != "postgresql":
        return "", column, []
    join = (
        f" LEFT JOIN unnest(CAST(%s AS text[])) WITH ORDINALITY {alias}(v, i) "
        f"ON {alias}.v = {column}"
    )
    empty = "" if "" in labels else f" OR {column} = ''"
    index = (
        f"CASE WHEN {column} IS NULL{empty} THEN -1 "
        f"WHEN {alias}.i IS NULL THEN {UNKNOWN_CODE} ELSE {alias}.i - 1 END"
    )
    return join, index, [labels]


def _distinct(sql: str, params: list[Any], *, keep_empty: bool = False) -> list[str]:
    """The distinct values of the query's column, sorted; ``""`` (an empty code: missing)
    and ``NULL`` left out unless ``keep_empty``."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = {value for (value,) in cursor.fetchall() if value is not None}
    return sorted(values if keep_empty else values - {""})


def _days(column: str) -> str:
    """A date as days since 1970-01-01 (:data:`MISSING` when empty)."""
    if connection.vendor == "postgresql":
        return f"COALESCE({column} - DATE '1970-01-01', {MISSING})"
    return f"COALESCE(CAST(julianday({column}) - 2440587.5 AS INTEGER), {MISSING})"


def _yyyymmdd(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as ``yyyymmdd`` (``-1`` where :data:`MISSING`)."""
    known = days != MISSING
    dates = np.where(known, days, 0).astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    year = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates - months).astype(np.int64) + 1
    return np.where(known, year * 10000 + month * 100 + day, -1)


def _fen(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"COALESCE(CAST({column} * 100 AS bigint), {MISSING})"
    return f"COALESCE(CAST(ROUND({column} * 100) AS INTEGER), {MISSING})"


def _ratio(rnd: np.ndarray, revenue: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R&D expense × 100 / revenue in hundredths (both in fen), rounded half-even; and where it
    is known (both known, revenue not zero)."""
    known = (rnd != MISSING) & (revenue != MISSING) & (revenue != 0)
    r = np.where(known, rnd, 0)
    v = np.where(known, revenue, 1)
    if int(np.abs(r).max(initial=0)) >= 2**63 // 10000:  # the numerator would overflow int64
        r, v = r.astype(object), v.astype(object)
    n, d = np.abs(r) * 10000, np.abs(v)
    q, rem = n // d, n % d
    up = (2 * rem > d) | ((2 * rem == d) & (q % 2 == 1))
    sign = np.where((r < 0) != (v < 0), -1, 1)
    ratio = sign * (q + up.astype(np.int64))
    if ratio.dtype == object and int(np.abs(ratio).max(initial=0)) < 2**62:
        ratio = ratio.astype(np.int64)
    return ratio, known


def _years(founded: np.ndarray, as_of: datetime.date) -> tuple[np.ndarray, np.ndarray]:
    day = as_of.year * 10000 + as_of.month * 100 + as_of.day
    known = (founded >= 0) & (founded <= day)
    later_in_year = (founded % 10000) > (as_of.month * 100 + as_of.day)
    return as_of.year - founded // 10000 - later_in_year, known


def load_facts(
    as_of: datetime.date,
    queryset: QuerySet[Enterprise] | None = None,
    *,
    parallel: bool | None = None,
) -> FactColumns:
    """Every catalog fact on ``as_of`` of the enterprises of ``queryset`` (default: all).

    One consistent view: on PostgreSQL outside a transaction, the reads run in one read-only
    ``REPEATABLE READ`` transaction; with ``parallel`` (by default, for every enterprise) on two
    connections of their own at once, sharing its snapshot (``pg_export_snapshot``), so the
    database uses both cores. Inside the caller's transaction they share its connection
    (another would not see its uncommitted rows) and each statement sees the data as it
    starts: a code written between reading a label list and the rows comes back as
    :data:`UNKNOWN_CODE` and the read starts again (SQLite adds it to the labels instead)."""
    if parallel is None:
        parallel = queryset is None
    yearly, (rows, stages, industries), quals = _read_all(as_of, queryset, parallel=parallel)
    order = np.argsort(rows["id"], kind="stable")
    rows = {name: values[order] for name, values in rows.items()}
    ids = rows["id"]
    columns: dict[str, Any] = {
        "stage": CodeColumn(rows["stage"], stages),
        "industry_code": CodeColumn(rows["industry"], industries),
        "park": _parks(rows["park"]),
    }
    years, known = _years(_yyyymmdd(rows["founded"]), as_of)
    columns["years_since_founding"] = NumericColumn(years, 0, ~known)
    columns.update(_yearly_columns(ids, yearly))
    columns["qualifications"] = _qualifications(ids, *quals)
    return FactColumns(ids=ids, zone_ids=rows["zone"], frame=Frame(CATALOG, columns))


def _read_all(
    as_of: datetime.date, queryset: QuerySet[Enterprise] | None, *, parallel: bool
) -> list[Any]:
    """The yearly, enterprise and qualification reads of :func:`load_facts`, read again (up
    to three times) while a code came back as :data:`UNKNOWN_CODE`."""
    jobs = [
        functools.partial(_read_yearly, as_of, queryset),
        functools.partial(_read_enterprises, queryset),
        functools.partial(_read_qualifications, as_of, queryset),
    ]
    for _attempt in range(3):
        results = _run(jobs, parallel=parallel)
        _yearly, (rows, _stages, _industries), quals = results
        codes = (rows["stage"], rows["industry"], quals[0]["kind"])
        if not any((column == UNKNOWN_CODE).any() for column in codes):
            return results
    raise RuntimeError("the enterprise codes kept changing while they were read; try again")


def _run(jobs: list[Callable[[], Any]], *, parallel: bool) -> list[Any]:
    """The jobs' results, read on one snapshot where the database allows it (see
    :func:`load_facts`)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return [job() for job in jobs]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REPEATABLE_READ)
        if not parallel:
            return [job() for job in jobs]
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(_on_snapshot, job, snapshot) for job in jobs]
            return [future.result() for future in futures]


REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"


def _on_snapshot(job: Callable[[], Any], snapshot: str) -> Any:
    """Run ``job`` in a worker thread (Django gives it its own connection) in a read-only
    transaction on the exported ``snapshot``, then close that connection."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(REPEATABLE_READ)
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            return job()
    finally:
        connection.close()


def _read_enterprises(
    queryset: QuerySet[Enterprise] | None,
) -> tuple[dict[str, np.ndarray], list[str], list[str]]:
    """The profile columns (in the database's order) and the stage and industry labels."""
    scope, scope_params = _scope(queryset, "e.id")
    stages = _distinct(
        f"SELECT DISTINCT e.stage FROM {_ENTERPRISES} e WHERE 1 = 1{scope}",  # noqa: S608
        scope_params,
    )
    industries = _distinct(
        f"SELECT DISTINCT e.industry_code FROM {_ENTERPRISES} e WHERE 1 = 1{scope}",  # noqa: S608
        scope_params,
    )
    stage_join, stage_sql, stage_params = _code_select("e.stage", stages, "s")
    code_join, code_sql, code_params = _code_select("e.industry_code", industries, "c")
    rows = _columns(
        f"SELECT e.id AS id, {_ZONE} AS zone, COALESCE(e.park_id, -1) AS park, "  # noqa: S608
        f"{stage_sql} AS stage, {code_sql} AS industry, {_days('e.founded_on')} AS founded "
        f"FROM {_ENTERPRISES} e{stage_join}{code_join} WHERE 1 = 1{scope}",
        [*stage_params, *code_params, *scope_params],
        ["id", "zone", "park", "stage", "industry", "founded"],
        {"stage": stages, "industry": industries},
    )
    return rows, stages, industries


def _parks(park_ids: np.ndarray) -> CodeColumn:
    """The park's name (an enterprise outside any park: missing)."""
    present = np.unique(park_ids[park_ids >= 0])
    names = dict(Park.objects.filter(pk__in=present.tolist()).values_list("pk", "name"))
    labels = [names[int(pk)] for pk in present]
    index = np.searchsorted(present, park_ids)
    return CodeColumn(np.where(park_ids >= 0, index, -1), labels)


def _read_yearly(
    as_of: datetime.date, queryset: QuerySet[Enterprise] | None
) -> dict[str, np.ndarray]:
    """Every yearly fact before the year of ``as_of`` (money in fen)."""
    scope, scope_params = _scope(queryset, "y.enterprise_id")
    figures = [
        f"{_fen('y.' + name) if name in MONEY else f'COALESCE(y.{name}, {MISSING})'} AS {name}"
        for name in YEARLY_FIELDS
    ]
    return _columns(
        f"SELECT y.enterprise_id AS enterprise, y.year AS year, {', '.join(figures)} "  # noqa: S608
        f"FROM {_YEARLY} y WHERE y.year < %s{scope}",
        [as_of.year, *scope_params],
        ["enterprise", "year", *YEARLY_FIELDS],
    )


def _yearly_columns(ids: np.ndarray, rows: dict[str, np.ndarray]) -> dict[str, NumericColumn]:
    """The figures of each enterprise's latest yearly fact among ``rows``, and the R&D
    intensity derived from them."""
    order = np.lexsort((rows["year"], rows["enterprise"]))
    enterprise = rows["enterprise"][order]
    latest = order[np.r_[enterprise[1:] != enterprise[:-1], True]] if len(order) else order
    position = np.searchsorted(ids, rows["enterprise"][latest])
    found = position < len(ids)
    found[found] = ids[position[found]] == rows["enterprise"][latest][found]
    position, latest = position[found], latest[found]

    columns: dict[str, NumericColumn] = {}
    values: dict[str, np.ndarray] = {}
    for name in YEARLY_FIELDS:
        column = np.full(len(ids), MISSING, dtype=np.int64)
        column[position] = rows[name][latest]
        values[name] = column
        columns[name] = NumericColumn(
            np.where(column == MISSING, 0, column), 2 if name in MONEY else 0, column == MISSING
        )
    ratio, known = _ratio(values["rnd_expense"], values["revenue"])
    columns["rnd_ratio"] = NumericColumn(ratio, 2, ~known)
    return columns


def _read_qualifications(
    as_of: datetime.date, queryset: QuerySet[Enterprise] | None
) -> tuple[dict[str, np.ndarray], list[str]]:
    """(enterprise, kind index) of every qualification valid on ``as_of``, and the kinds."""
    scope, scope_params = _scope(queryset, "q.enterprise_id")
    valid = "q.valid_from <= %s AND (q.valid_to IS NULL OR q.valid_to >= %s)"
    day = connection.ops.adapt_datefield_value(as_of)
    kinds = _distinct(
        f"SELECT DISTINCT q.kind FROM {_QUALS} q WHERE {valid}{scope}",  # noqa: S608
        [day, day, *scope_params],
        keep_empty=True,
    )
    join, kind_sql, join_params = _code_select("q.kind", kinds, "k")
    rows = _columns(
        f"SELECT q.enterprise_id AS enterprise, {kind_sql} AS kind "  # noqa: S608
        f"FROM {_QUALS} q{join} WHERE {valid}{scope}",
        [*join_params, day, day, *scope_params],
        ["enterprise", "kind"],
        {"kind": kinds},
    )
    return rows, kinds


def _qualifications(ids: np.ndarray, rows: dict[str, np.ndarray], kinds: list[str]) -> SetColumn:
    """The qualification kinds held, one boolean array per kind."""
    position = np.searchsorted(ids, rows["enterprise"])
    found = position < len(ids)
    found[found] = ids[position[found]] == rows["enterprise"][found]
    members = {}
    for index, kind in enumerate(kinds):
        held = np.zeros(len(ids), dtype=bool)
        held[position[found & (rows["kind"] == index)]] = True
        members[kind] = held
    return SetColumn(members, np.zeros(len(ids), dtype=bool))
