"""Bulk upserts shared by the services that write many rows at once (importers).

`bulk_upsert(model, rows, fields)` takes `(pk or None, values)` pairs: rows with a key are compared
with what is stored and updated only when a value differs; rows without one are created. It
returns one outcome per row (`created`, `updated`, `unchanged`) and the row keys, in input order.

On PostgreSQL new rows get their keys from the table's sequence up front and are written with
COPY (the fastest way in; about ten times ``bulk_create``); elsewhere ``bulk_create`` is used.
Either way the caller's transaction holds everything. `natural_keys` finds stored rows by a
unique key (for rows the caller has no key for yet), through a temporary table on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000
#: Below this many rows the ORM path is as fast as COPY and simpler to debug.
COPY_THRESHOLD = 2000


@dataclass
class BulkResult:
    """Per input row: the outcome and the stored row's key."""

    outcomes: list[str] = field(default_factory=list)
    pks: list[int] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o == outcome)

    def counts(self) -> dict[str, int]:
        return {k: self.count(k) for k in ("created", "updated", "unchanged")}


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def _norm(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.000001"))
    if isinstance(value, float):
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _column_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _defaults(model: type[models.Model], now: dt.datetime) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in _column_fields(model):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out[f.attname] = now
        else:
            out[f.attname] = f.get_default()  # the default, "" for text, else None
    return out


def _stored_values(
    model: type[models.Model], pks: list[int], fields: Sequence[str]
) -> dict[int, tuple[Any, ...]]:
    stored: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        for row in model._default_manager.filter(pk__in=chunk).values_list("pk", *fields):
            stored[row[0]] = tuple(_norm(v) for v in row[1:])
    return stored


def _reserve_pks(model: type[models.Model], n: int) -> list[int]:
    table = model._meta.db_table
    pk_col = model._meta.pk.column
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_col, n],
        )
        return [r[0] for r in cur.fetchall()]


def _copy_rows(
    model: type[models.Model], columns: list[str], rows: Iterable[Sequence[Any]]
) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cur:
        raw = cur.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _create(
    model: type[models.Model], values_list: list[dict[str, Any]], now: dt.datetime
) -> list[int]:
    if not values_list:
        return []
    defaults = _defaults(model, now)
    if on_postgres() and len(values_list) >= COPY_THRESHOLD:
        pks = _reserve_pks(model, len(values_list))
        pk_col = model._meta.pk.column
        fields = _column_fields(model)
        columns = [pk_col, *(f.column for f in fields)]
        attnames = [f.attname for f in fields]
        preps = [_copy_prep(f) for f in fields]

        def rows() -> Iterable[list[Any]]:
            for pk, values in zip(pks, values_list, strict=True):
                merged = {**defaults, **values}
                yield [pk, *(p(merged[a]) for p, a in zip(preps, attnames, strict=True))]

        _copy_rows(model, columns, rows())
        return pks
    objs = [model(**{**defaults, **values}) for values in values_list]
    model._default_manager.bulk_create(objs, batch_size=1000)
    return [int(o.pk) for o in objs]


def _copy_prep(f: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(f, models.JSONField):
        import json

        return lambda v: None if v is None else json.dumps(v)
    return lambda v: v


def bulk_upsert(
    model: type[models.Model],
    rows: Sequence[tuple[int | None, dict[str, Any]]],
    fields: Sequence[str],
    *,
    create_only_fields: Sequence[str] = (),
) -> BulkResult:
    """Create rows without a key; update keyed rows whose `fields` differ; leave the rest.

    `values` name attributes (`school_id`, not `school`). `create_only_fields` are written when a
    row is created and never compared or changed afterwards."""
    now = timezone.now()
    result = BulkResult(outcomes=[""] * len(rows), pks=[0] * len(rows))
    keyed = [(i, pk, v) for i, (pk, v) in enumerate(rows) if pk is not None]
    stored = _stored_values(model, [pk for _, pk, _ in keyed], fields)
    to_update: list[models.Model] = []
    new_index: list[int] = []
    new_values: list[dict[str, Any]] = []
    for i, (pk, values) in enumerate(rows):
        if pk is None or pk not in stored:
            new_index.append(i)
            new_values.append(values)
            continue
        result.pks[i] = pk
        current = stored[pk]
        wanted = tuple(_norm(values[f]) for f in fields)
        if current == wanted:
            result.outcomes[i] = "unchanged"
            continue
        obj = model(pk=pk, **{f: values[f] for f in fields})
        to_update.append(obj)
        result.outcomes[i] = "updated"
    for i, pk in zip(new_index, _create(model, new_values, now), strict=True):
        result.pks[i] = pk
        result.outcomes[i] = "created"
    del create_only_fields  # documented contract: simply never in `fields`
    if to_update:
        update_fields = list(fields)
        if any(f.attname == "updated_at" for f in _column_fields(model)):
            for obj in to_update:
                obj.updated_at = now  # type: ignore[attr-defined]
            update_fields.append("updated_at")
        model._default_manager.bulk_update(to_update, update_fields, batch_size=1000)
    return result


def natural_keys(
    model: type[models.Model], key_fields: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """Stored rows' keys by a unique combination of `key_fields` (attribute names)."""
    wanted = {tuple(k) for k in keys}
    if not wanted:
        return {}
    found: dict[tuple[Any, ...], int] = {}
    if on_postgres() and len(wanted) > COPY_THRESHOLD:
        table = connection.ops.quote_name(model._meta.db_table)
        cols = [str(getattr(model._meta.get_field(f), "column", f)) for f in key_fields]
        types = [_pg_type(model._meta.get_field(f)) for f in key_fields]
        tmp = "tmp_natural_keys"
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {tmp}")
            cur.execute(
                f"CREATE TEMP TABLE {tmp} ("
                + ", ".join(f"k{i} {t}" for i, t in enumerate(types))
                + ") ON COMMIT DROP"
            )
            with cur.cursor.copy(f"COPY {tmp} FROM STDIN") as copy:
                for key in wanted:
                    copy.write_row(key)
            on = " AND ".join(
                f"m.{connection.ops.quote_name(c)} = t.k{i}" for i, c in enumerate(cols)
            )
            select = ", ".join(f"m.{connection.ops.quote_name(c)}" for c in cols)
            pk_col = connection.ops.quote_name(model._meta.pk.column)
            cur.execute(f"SELECT m.{pk_col}, {select} FROM {table} m JOIN {tmp} t ON {on}")  # noqa: S608 (identifiers from model metadata)
            for row in cur.fetchall():
                found[tuple(row[1:])] = row[0]
            cur.execute(f"DROP TABLE {tmp}")
        return found
    first = key_fields[0]
    firsts = sorted({k[0] for k in wanted}, key=str)
    for start in range(0, len(firsts), 900):
        chunk = firsts[start : start + 900]
        qs = model._default_manager.filter(**{f"{first}__in": chunk})
        for row in qs.values_list("pk", *key_fields):
            key = tuple(row[1:])
            if key in wanted:
                found[key] = row[0]
    return found


def _pg_type(f: Any) -> str:
    if isinstance(f, models.ForeignKey | models.BigIntegerField | models.AutoField):
        return "bigint"
    if isinstance(f, models.IntegerField):
        return "integer"
    return "text"
