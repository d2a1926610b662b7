"""PostgreSQL adapter: the snapshot loaded into its own PostgreSQL schema, then the very same
Ibis definitions compiled to PostgreSQL SQL (docs/decisions: the analytics read a snapshot).

`load_snapshot` creates the schema's tables from the written schema (snapshot_schema) and fills
them with COPY; `connect` opens the schema for the metrics. Loading replaces any earlier load of
the same schema in one transaction, so readers never see half a snapshot.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openpathways.analytics.engines.base import Engine
from openpathways.analytics.snapshot_schema import TABLES, table_path, validate_snapshot

DEFAULT_SCHEMA = "analytics_snapshot"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_PG_TYPES = {
    pa.int64(): "bigint",
    pa.int32(): "integer",
    pa.string(): "text",
    pa.bool_(): "boolean",
    pa.float64(): "double precision",
    pa.date32(): "date",
}


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return f'"{name}"'


def create_statements(schema: str) -> list[str]:
    """DDL for every snapshot table in `schema` (derived from the written schema)."""
    out = []
    for name, spec in TABLES.items():
        cols = ", ".join(
            f"{_ident(f.name)} {_PG_TYPES[f.type]}{'' if f.nullable else ' NOT NULL'}"
            for f in spec.schema
        )
        out.append(f"CREATE TABLE {_ident(schema)}.{_ident(name)} ({cols})")
    return out


def _connect_psycopg(url: str) -> Any:
    import psycopg

    return psycopg.connect(url)


def ensure_database(url: str) -> None:
    """Create the database named in `url` when it does not exist (needs CREATEDB)."""
    import psycopg
    from psycopg import sql

    dbname = url.rsplit("/", 1)[-1].split("?", maxsplit=1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


class SchemaInUseError(ValueError):
    """The schema holds something other than a snapshot: it is never dropped."""


def _check_replaceable(cur: Any, schema: str) -> None:
    """Refuse to replace a schema that holds anything but snapshot tables (such as `public`)."""
    if schema in ("public", "information_schema") or schema.startswith("pg_"):
        raise SchemaInUseError(f"schema {schema} is not a snapshot schema; choose another name")
    cur.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'v', 'm', 'p', 'f')",
        (schema,),
    )
    foreign = sorted(name for (name,) in cur.fetchall() if name not in TABLES)
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise SchemaInUseError(
            f"schema {schema} holds tables that are not part of a snapshot ({shown}); "
            "choose another schema"
        )


def load_snapshot(snapshot: Path, url: str, *, schema: str = DEFAULT_SCHEMA) -> dict[str, int]:
    """Copy every table of the snapshot into `schema` (replacing it). Returns rows per table."""
    from psycopg import sql

    manifest = validate_snapshot(snapshot)
    counts: dict[str, int] = {}
    with _connect_psycopg(url) as con, con.cursor() as cur:
        _check_replaceable(cur, schema)
        cur.execute(f"DROP SCHEMA IF EXISTS {_ident(schema)} CASCADE")
        cur.execute(f"CREATE SCHEMA {_ident(schema)}")
        for statement in create_statements(schema):
            cur.execute(statement)
        comment = sql.Literal(json.dumps(manifest, sort_keys=True)).as_string(con)
        cur.execute(f"COMMENT ON SCHEMA {_ident(schema)} IS {comment}")
        for name, spec in TABLES.items():
            parquet = pq.ParquetFile(table_path(snapshot, name))
            columns = ", ".join(_ident(c) for c in spec.columns)
            copy_sql = (
                f"COPY {_ident(schema)}.{_ident(name)} ({columns}) FROM STDIN "
                "WITH (FORMAT csv, HEADER false)"
            )
            counts[name] = 0
            with cur.copy(copy_sql) as copy:
                for batch in parquet.iter_batches(batch_size=200_000, columns=spec.columns):
                    buffer = io.BytesIO()
                    # quoted "" is an empty string, an unquoted empty field is NULL
                    pacsv.write_csv(
                        batch,
                        buffer,
                        write_options=pacsv.WriteOptions(
                            include_header=False, quoting_style="needed"
                        ),
                    )
                    copy.write(buffer.getvalue())
                    counts[name] += batch.num_rows
            cur.execute(f"ANALYZE {_ident(schema)}.{_ident(name)}")
    return counts


def read_manifest(url: str, schema: str) -> dict[str, Any]:
    with _connect_psycopg(url) as con:
        row = con.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            (schema,),
        ).fetchone()
    if row is None or row[0] is None:
        raise LookupError(f"schema {schema} holds no snapshot: run load_snapshot first")
    manifest: dict[str, Any] = json.loads(row[0])
    return manifest


def connect(url: str, *, schema: str = DEFAULT_SCHEMA) -> Engine:
    manifest = read_manifest(url, schema)
    con = ibis.connect(url)
    tables = {name: con.table(name, database=schema) for name in TABLES}
    return Engine(
        name="postgres",
        dialect="postgres",
        backend=con,
        tables=tables,
        manifest=manifest,
        capabilities=frozenset({"server", "shared", "materialize"}),
    )
