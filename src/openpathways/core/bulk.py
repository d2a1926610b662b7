"""Bulk upserts shared by the services that write many rows at once (importers).

`bulk_upsert(model, columns, rows)` takes `(pk or None, values)` pairs, `values` aligned with
`columns` (attribute names such as `school_id`): rows with a key are compared with what is stored
and updated only when a compared value differs; rows without one are created. It returns one
outcome per row (`created`, `updated`, `unchanged`) and the row keys, in input order.

On PostgreSQL, new rows are copied (COPY) into a temporary table holding only the columns that
vary, and move into the table with one `INSERT ... SELECT ... ORDER BY ... RETURNING` that adds
the columns every row shares (defaults, timestamps) and hands back the new keys in order. Stored
values are read with `id = ANY(array)`. Elsewhere the ORM's `bulk_create` / `bulk_update`.
Either way everything happens in the caller's transaction. `natural_keys` finds stored rows by a
unique key (for rows the caller has no key for yet), through a temporary table on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000
READ_CHUNK = 50_000
COPY_BLOCK = 20_000
#: Below this many rows the ORM path is as fast as COPY and simpler to debug.
COPY_THRESHOLD = 2000


@dataclass
class BulkResult:
    """Per input row: the outcome and the stored row's key."""

    outcomes: list[str] = field(default_factory=list)
    pks: list[int] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return self.outcomes.count(outcome)

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


def _field(model: type[models.Model], attname: str) -> models.Field[Any, Any]:
    for f in _column_fields(model):
        if f.attname == attname:
            return f
    raise KeyError(f"{model.__name__} has no column {attname}")


def _defaults(model: type[models.Model], now: dt.datetime) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in _column_fields(model):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            out[f.attname] = now
        else:
            out[f.attname] = f.get_default()  # the default, "" for text, else None
    return out


def _needs_norm(model: type[models.Model], names: Sequence[str]) -> bool:
    kinds = (models.DecimalField, models.FloatField, models.DateTimeField)
    return any(isinstance(_field(model, n), kinds) for n in names)


def _stored_values(
    model: type[models.Model], pks: list[int], names: Sequence[str]
) -> dict[int, tuple[Any, ...]]:
    stored: dict[int, tuple[Any, ...]] = {}
    if not pks:
        return stored
    norm = _needs_norm(model, names)
    if on_postgres():
        qn = connection.ops.quote_name
        cols = ", ".join(qn(_field(model, n).column) for n in names)
        pk_col = qn(model._meta.pk.column)
        sql = f"SELECT {pk_col}, {cols} FROM {qn(model._meta.db_table)} WHERE {pk_col} = ANY(%s)"  # noqa: S608 (identifiers from model metadata)
        with connection.cursor() as cur:
            for start in range(0, len(pks), READ_CHUNK):
                cur.execute(sql, [pks[start : start + READ_CHUNK]])
                for row in cur.fetchall():
                    stored[row[0]] = tuple(_norm(v) for v in row[1:]) if norm else tuple(row[1:])
        return stored
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        for row in model._default_manager.filter(pk__in=chunk).values_list("pk", *names):
            stored[row[0]] = tuple(_norm(v) for v in row[1:]) if norm else tuple(row[1:])
    return stored


def _text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _converter(f: models.Field[Any, Any]) -> Callable[[Any], str]:
    if isinstance(f, models.ForeignKey | models.IntegerField | models.BigIntegerField):
        return lambda v: "\\N" if v is None else str(v)
    if isinstance(f, models.JSONField):
        import json

        return lambda v: "\\N" if v is None else _text(json.dumps(v))
    return _text


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _line_formatter(model: type[models.Model], columns: Sequence[str]) -> Callable[..., str]:
    """A function (values, ordinal) -> one COPY text line; integer and text columns that cannot
    be null are formatted inline (millions of rows go through it)."""
    parts: list[str] = []
    env: dict[str, Callable[[Any], str]] = {"_escape": _escape}
    for i, name in enumerate(columns):
        f = _field(model, name)
        integer = isinstance(f, models.ForeignKey | models.IntegerField | models.BigIntegerField)
        if integer and not f.null:
            parts.append(f"{{v[{i}]}}")
        elif isinstance(f, models.CharField | models.TextField) and not f.null:
            parts.append(f"{{_escape(v[{i}])}}")
        else:
            env[f"c{i}"] = _converter(f)
            parts.append(f"{{c{i}(v[{i}])}}")
    source = 'def line(v, n):\n    return f"' + "\\t".join(parts) + '\\t{n}\\n"\n'
    namespace: dict[str, Any] = dict(env)
    exec(compile(source, "<copy line>", "exec"), namespace)  # noqa: S102 (built from field types)
    line: Callable[..., str] = namespace["line"]
    return line


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    constants: dict[str, Any] | None = None,
) -> list[int]:
    """Create one row per `rows` item (values aligned with `columns`); every other column gets
    `constants` or its default. Returns the new keys in order."""
    if not rows:
        return []
    now = timezone.now()
    fixed = {**_defaults(model, now), **(constants or {})}
    for name in columns:
        fixed.pop(name, None)
    if not (on_postgres() and len(rows) >= COPY_THRESHOLD):
        objs = [model(**fixed, **dict(zip(columns, values, strict=True))) for values in rows]
        model._default_manager.bulk_create(objs, batch_size=1000)
        return [int(o.pk) for o in objs]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    pk_col = qn(model._meta.pk.column)
    var_cols = [qn(_field(model, n).column) for n in columns]
    fixed_cols = [qn(_field(model, n).column) for n in fixed]
    tmp = qn("tmp_bulk_" + model._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {tmp}")
        cur.execute(
            f"CREATE TEMP TABLE {tmp} ON COMMIT DROP AS "  # noqa: S608 (identifiers from model metadata)
            f"SELECT {', '.join(var_cols)} FROM {table} WITH NO DATA"
        )
        cur.execute(f"ALTER TABLE {tmp} ADD COLUMN bulk_ord integer")
        with cur.cursor.copy(f"COPY {tmp} ({', '.join(var_cols)}, bulk_ord) FROM STDIN") as copy:
            block: list[str] = []
            line = _line_formatter(model, columns)
            for ord_, values in enumerate(rows):
                block.append(line(values, ord_))
                if len(block) >= COPY_BLOCK:
                    copy.write("".join(block))
                    block.clear()
            if block:
                copy.write("".join(block))
        placeholders = ", ".join(["%s"] * len(fixed))
        select_fixed = f", {placeholders}" if fixed else ""
        insert_fixed = f", {', '.join(fixed_cols)}" if fixed else ""
        # The keys come back in the order the rows go in (ORDER BY), as bulk_create relies on.
        cur.execute(
            f"INSERT INTO {table} ({', '.join(var_cols)}{insert_fixed}) "  # noqa: S608
            f"SELECT {', '.join(var_cols)}{select_fixed} FROM {tmp} ORDER BY bulk_ord "
            f"RETURNING {pk_col}",
            [_field(model, n).get_db_prep_save(v, connection) for n, v in fixed.items()],
        )
        pks = [r[0] for r in cur.fetchall()]
        cur.execute(f"DROP TABLE {tmp}")
    return pks


def bulk_upsert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple[int | None, Sequence[Any]]],
    *,
    compare: Sequence[str] | None = None,
) -> BulkResult:
    """Create rows without a key; update keyed rows whose `compare` columns (all `columns` by
    default; the others are written only when a row is created) differ; leave the rest."""
    compare = list(columns if compare is None else compare)
    positions = [list(columns).index(c) for c in compare]
    norm = _needs_norm(model, compare)
    n = len(rows)
    outcomes = ["created"] * n
    pks: list[int] = [0] * n
    keyed = [pk for pk, _ in rows if pk is not None]
    stored = _stored_values(model, keyed, compare)
    to_update: list[models.Model] = []
    new_index: list[int] = []
    new_values: list[Sequence[Any]] = []
    for i, (pk, values) in enumerate(rows):
        current = stored.get(pk) if pk is not None else None
        if current is None:
            new_index.append(i)
            new_values.append(values)
            continue
        assert pk is not None
        pks[i] = pk
        wanted = tuple(values[p] for p in positions)
        if norm:
            wanted = tuple(_norm(v) for v in wanted)
        if current == wanted:
            outcomes[i] = "unchanged"
            continue
        to_update.append(
            model(pk=pk, **{c: values[p] for c, p in zip(compare, positions, strict=True)})
        )
        outcomes[i] = "updated"
    for i, pk in zip(new_index, insert_rows(model, columns, new_values), strict=True):
        pks[i] = pk
    if to_update:
        update_fields = list(compare)
        if any(f.attname == "updated_at" for f in _column_fields(model)):
            now = timezone.now()
            for obj in to_update:
                obj.updated_at = now  # type: ignore[attr-defined]
            update_fields.append("updated_at")
        model._default_manager.bulk_update(to_update, update_fields, batch_size=1000)
    return BulkResult(outcomes=outcomes, pks=pks)


def natural_keys(
    model: type[models.Model], key_fields: Sequence[str], keys: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], int]:
    """Stored rows' keys by a unique combination of `key_fields` (attribute names)."""
    wanted = {tuple(k) for k in keys}
    if not wanted:
        return {}
    found: dict[tuple[Any, ...], int] = {}
    if on_postgres() and len(wanted) > COPY_THRESHOLD:
        qn = connection.ops.quote_name
        table = qn(model._meta.db_table)
        cols = [str(_field(model, f).column) for f in key_fields]
        types = [_pg_type(_field(model, f)) for f in key_fields]
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
            on = " AND ".join(f"m.{qn(c)} = t.k{i}" for i, c in enumerate(cols))
            select = ", ".join(f"m.{qn(c)}" for c in cols)
            pk_col = qn(model._meta.pk.column)
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
