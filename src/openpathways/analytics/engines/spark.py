"""PySpark adapter (optional, local mode). PySpark is not a dependency of the project: install it
into the virtual environment (`pip install "pyspark==4.0.*"`) to use this engine; it is imported
only when the engine is asked for, so nothing else needs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpathways.analytics.engines.base import Engine
from openpathways.analytics.snapshot_schema import TABLES, table_path, validate_snapshot


class SparkUnavailableError(RuntimeError):
    """PySpark is not installed."""


def spark_session(*, cores: int = 2, memory: str = "2g") -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailableError(
            'PySpark is not installed: pip install "pyspark==4.0.*" into the virtual environment'
        ) from exc
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("openpathways-analytics")
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(cores * 2))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def connect(snapshot: Path, *, session: Any = None) -> Engine:
    manifest = validate_snapshot(snapshot)
    session = session or spark_session()
    import ibis

    con = ibis.pyspark.connect(session)
    tables = {
        name: con.read_parquet(str(table_path(snapshot, name)), table_name=name) for name in TABLES
    }
    return Engine(
        name="spark",
        dialect="pyspark",
        backend=con,
        tables=tables,
        manifest=manifest,
        capabilities=frozenset({"distributed", "parquet", "materialize"}),
    )
