"""Bulk writes without model instances or signals, for the imports and the lists written
together: prepared UPDATEs (`update_rows`), INSERTs by COPY on PostgreSQL and multi-row
statements on SQLite (`insert_rows`), simple_history's rows for them (`insert_history`,
`update_with_history`). Measured in docs/import-export.md."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connections, models, router
from django.utils import timezone


def update_rows(model: type[models.Model], objs: list, fields: list[str] | tuple[str, ...]) -> None:
    """UPDATE `fields` of each object, by primary key, with one prepared statement run for
    all (`executemany`). Django's `bulk_update` builds one CASE WHEN per field listing every
    object, which costs time in the square of the batch: 360 rows/s against thousands here
    (docs/import-export.md). Values are converted as `insert_rows` converts them (the field's
    `get_db_prep_save`, as in `save()`, but for the types the driver takes as they are).
    No signals are sent; callers write the field history themselves.
    """
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    pairs = list(zip([f.attname for f in columns], _converters(columns, connection), strict=True))
    params = []
    for obj in objs:
        row = []
        for name, conv in pairs:
            value = getattr(obj, name)
            row.append(value if conv is None else conv(value))
        row.append(obj.pk)
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Bulk inserts without the ORM's per-object work. Django's bulk_create compiles every value of
# every object through the field's SQL machinery (most of an import's time, measured); here the
# values are given as rows of plain Python values, in the database's own types, and only
# date-times (and types this list does not know) go through their field's conversion.
# PostgreSQL: COPY, ids drawn from the table's sequence beforehand. SQLite: multi-row INSERTs.

# Django's own field classes whose Python values the drivers take as they are. A subclass (a
# project's own field, e.g. core.fields.FenField storing yuan as whole fen) converts its values
# itself, so only these exact classes pass through.
PASS_THROUGH = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.BigIntegerField,
        models.BooleanField,
        models.CharField,
        models.DateField,
        models.DecimalField,
        models.ForeignKey,
        models.IntegerField,
        models.OneToOneField,
        models.PositiveBigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.TextField,
    }
)


class _Converter:
    """A field's value as the database driver takes it; the last value is remembered, as a
    batch writes the same time stamps on every row."""

    __slots__ = ("connection", "field", "last")

    def __init__(self, field: models.Field, connection):
        self.field, self.connection, self.last = field, connection, (object(), None)

    def __call__(self, value):
        if value is self.last[0]:
            return self.last[1]
        converted = self.field.get_db_prep_save(value, self.connection)
        self.last = (value, converted)
        return converted


def _converters(fields: list[models.Field], connection) -> list[_Converter | None]:
    """Each field's conversion to the driver's value: None where the value passes as it is."""
    return [None if type(f) in PASS_THROUGH else _Converter(f, connection) for f in fields]


def insert_rows(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    defaults: dict[str, Any] | None = None,
    return_ids: bool = False,
) -> list[int]:
    """INSERT ``rows`` (dicts by attname; a column a row lacks takes ``defaults``, then the
    field's default, ``now`` for auto_now fields) into ``model``'s table. Returns the new
    primary keys in the rows' order when ``return_ids``. No signals, no history: the caller
    writes history (``insert_history``)."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
    now = timezone.now()
    fill = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fill[f.attname] = now
        elif f.has_default() or f.null or f.empty_strings_allowed:
            fill[f.attname] = f.get_default()
    fill.update(defaults or {})
    pairs = list(zip([f.attname for f in fields], _converters(fields, connection), strict=True))
    values = []
    for row in rows:
        out = []
        for name, conv in pairs:
            value = row[name] if name in row else fill[name]
            out.append(value if conv is None else conv(value))
        values.append(tuple(out))
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), [quote(f.column) for f in fields]
    pk = meta.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids: list[int] = []
            if return_ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, pk.column, len(values)],
                )
                ids = [row[0] for row in cursor.fetchall()]
                columns = [quote(pk.column), *columns]
                values = [(i, *row) for i, row in zip(ids, values, strict=True)]
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
            return ids
        width = len(columns)
        one = "(" + ", ".join(["%s"] * width) + ")"
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
        if not return_ids:
            cursor.executemany(insert + one, values)
            return []
        ids = []
        per_statement = max(1, (connection.features.max_query_params or 999) // width)
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(
                insert + ", ".join([one] * len(chunk)) + f" RETURNING {quote(pk.column)}",
                [value for row in chunk for value in row],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return ids


def insert_history(
    model: type[models.Model],
    records: list[dict[str, Any]],
    *,
    history_type: str,
    user,
    reason: str,
    when: datetime.datetime | None = None,
) -> None:
    """simple_history's rows for ``records`` (dicts of the model's tracked fields by attname,
    the primary key included), as ``bulk_history_create`` writes them — same user, reason and
    time for all — without building model instances. ``history_type``: "+" created, "~"
    changed. Like simple_history's bulk helpers, sends no history signals. The reason is cut to
    its column (PostgreSQL refuses a longer text; a list's reason names its department and
    document)."""
    if not records:
        return
    history_model = model.history.model
    reason_length = history_model._meta.get_field("history_change_reason").max_length
    fixed = {
        "history_date": when or timezone.now(),
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
        "history_change_reason": (reason or "")[:reason_length] if reason_length else reason,
    }
    tracked = {f.attname for f in history_model.tracked_fields}
    for f in history_model._meta.concrete_fields:
        if f.primary_key or f.attname in fixed or f.attname in tracked:
            continue
        raise NotImplementedError(f"insert_history: unknown field {f.attname} of {history_model}")
    insert_rows(history_model, records, defaults=fixed)


def blank_row(model: type[models.Model], template: models.Model | None = None) -> dict[str, Any]:
    """Every column of a new ``model`` row but the key: ``template``'s values (an unsaved
    instance), or the fields' defaults; the time stamps are set by the caller."""
    return {
        f.attname: getattr(template, f.attname) if template is not None else f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in ("created_at", "updated_at")
    }


def update_with_history(
    model: type[models.Model],
    objs: list,
    fields: list[str] | tuple[str, ...],
    *,
    user,
    reason: str,
    when: datetime.datetime | None = None,
) -> None:
    """Write the changed objects (``update_rows``: one prepared UPDATE for all), then their "~"
    history rows (``insert_history``: one row per changed record, same user, reason, time)."""
    if not objs:
        return
    update_rows(model, objs, fields)
    concrete = model._meta.concrete_fields
    records = [{f.attname: getattr(obj, f.attname) for f in concrete} for obj in objs]
    insert_history(model, records, history_type="~", user=user, reason=reason, when=when)
