"""Fast bulk writes for the demo generator: the ORM-free path.

Rows are plain tuples in a declared field order, with primary keys assigned by the generator (so
the contents are identical for a seed and nothing has to be read back). SQLite gets `executemany`
on the raw connection, PostgreSQL gets COPY, other databases fall back to `bulk_create`.
Everything runs on Django's connection, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

#: created_at / updated_at of every demo row: fixed, so a seed always gives the same contents.
# Naive UTC: Django stores naive UTC on SQLite and sets PostgreSQL sessions to UTC.
BUILD_STAMP = dt.datetime(2026, 8, 3, 15, 0, 0)  # noqa: DTZ001


class TableWriter:
    """Buffered inserts into one table."""

    def __init__(
        self, model: type[models.Model], fields: Sequence[str], *, chunk_size: int = 20_000
    ) -> None:
        self.model = model
        self.fields = list(fields)
        meta = model._meta
        names = {f.name for f in meta.concrete_fields}
        self.stamp = [n for n in ("created_at", "updated_at") if n in names and n not in fields]
        self.columns: list[str] = [
            str(meta.get_field(name).column)  # type: ignore[union-attr]
            for name in [*self.fields, *self.stamp]
        ]
        self.chunk_size = chunk_size
        self.buffer: list[tuple[Any, ...]] = []
        self.written = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= self.chunk_size:
            self.flush()

    def extend(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.buffer:
            return
        rows = self.buffer
        if self.stamp:
            extra = (BUILD_STAMP,) * len(self.stamp)
            rows = [r + extra for r in rows]
        _insert(self.model, self.columns, rows)
        self.written += len(rows)
        self.buffer = []


def _insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    table = model._meta.db_table
    vendor = connection.vendor
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    connection.ensure_connection()
    if vendor == "sqlite":
        marks = ", ".join("?" * len(columns))
        raw = connection.connection.cursor()
        try:
            raw.executemany(
                # Table and column names come from model metadata, values are parameters.
                f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})",  # noqa: S608
                rows,
            )
        finally:
            raw.close()
    elif vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
    else:  # pragma: no cover - other databases take the ORM path
        attnames = {f.column: f.attname for f in model._meta.concrete_fields}
        objs = [model(**{attnames[c]: v for c, v in zip(columns, r, strict=True)}) for r in rows]
        model._default_manager.bulk_create(objs, batch_size=2000)


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """After inserting explicit primary keys, move PostgreSQL's sequences past them."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class Ids:
    """Primary keys handed out by the generator, one counter per model."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def next(self, model: type[models.Model]) -> int:
        value = self._next.get(model, 1)
        self._next[model] = value + 1
        return value
