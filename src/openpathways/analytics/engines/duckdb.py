"""DuckDB adapter (the default): reads the Parquet snapshot in place, no copy."""

from __future__ import annotations

from pathlib import Path

import ibis

from openpathways.analytics.engines.base import Engine
from openpathways.analytics.snapshot_schema import TABLES, table_path, validate_snapshot


def connect(
    snapshot: Path, *, threads: int | None = None, memory_limit: str | None = None
) -> Engine:
    manifest = validate_snapshot(snapshot)
    config: dict[str, object] = {}
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
    con = ibis.duckdb.connect(**config)
    # results are sorted after the fact: let DuckDB materialize stages in parallel, unordered
    con.raw_sql("SET preserve_insertion_order = false")
    tables = {
        name: con.read_parquet(table_path(snapshot, name), table_name=name) for name in TABLES
    }
    return Engine(
        name="duckdb",
        dialect="duckdb",
        backend=con,
        tables=tables,
        manifest=manifest,
        capabilities=frozenset({"parquet", "in_process", "materialize"}),
    )
