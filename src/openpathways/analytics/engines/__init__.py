"""Engine adapters for the metric definitions: DuckDB (default), PostgreSQL, PySpark (optional).

Each adapter is imported only when asked for, so the optional PySpark is never needed to use the
others."""

from __future__ import annotations

import os
from pathlib import Path

from openpathways.analytics.engines.base import Engine

ENGINES = ("duckdb", "postgres", "spark")

__all__ = ["ENGINES", "Engine", "connect"]


def connect(
    engine: str,
    snapshot: Path,
    *,
    database_url: str | None = None,
    schema: str | None = None,
    reload: bool = True,
) -> Engine:
    """Connect `engine` to a snapshot directory.

    PostgreSQL: the snapshot is first loaded into `schema` (default `analytics_snapshot`) of the
    database at `database_url` (default: DATABASE_URL) unless `reload` is False.
    """
    if engine == "duckdb":
        from openpathways.analytics.engines import duckdb

        return duckdb.connect(snapshot)
    if engine == "postgres":
        from openpathways.analytics.engines import postgres

        url = database_url or os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            raise ValueError("the postgres engine needs a PostgreSQL DATABASE_URL")
        name = schema or postgres.DEFAULT_SCHEMA
        if reload:
            postgres.load_snapshot(snapshot, url, schema=name)
        return postgres.connect(url, schema=name)
    if engine == "spark":
        from openpathways.analytics.engines import spark

        return spark.connect(snapshot)
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
