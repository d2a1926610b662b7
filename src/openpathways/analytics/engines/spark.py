"""PySpark adapter (optional, local mode). PySpark is not a dependency of the project: install it
into the virtual environment (`.venv/bin/python -m pip install "pyspark==4.0.*"`, Java 17 on the
machine) to use this engine; it is imported only when the engine is asked for, so nothing else
needs it.

The session runs in local mode only: the driver binds to 127.0.0.1, the web UI is off, no package
is fetched, and the warehouse and scratch folders live in a temporary folder removed when the
engine closes. The snapshot's Parquet files are read with the written schema
(`analytics.snapshot_schema`), so connecting runs no Spark job, and results come back through
Arrow without pandas.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpathways.analytics.engines.base import Engine
from openpathways.analytics.snapshot_schema import TABLES, table_path, validate_snapshot

INSTALL_HINT = (
    'PySpark is not installed: .venv/bin/python -m pip install "pyspark==4.0.*" '
    "(Java 17 needed); see docs/metrics/README.md"
)

_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
"""


class SparkUnavailableError(RuntimeError):
    """PySpark (or the Java it runs on) is not available."""


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def spark_session(*, cores: int = 2, memory: str = "1g", scratch: Path | None = None) -> Any:
    """A local-mode SparkSession (`local[cores]`, driver heap `memory`), or the one already
    running in this process. Raises SparkUnavailableError when PySpark or Java is missing.

    `scratch` holds the warehouse, the shuffle files and the logging configuration; by default a
    new temporary folder, removed at exit."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailableError(INSTALL_HINT) from exc
    if _java() is None:
        raise SparkUnavailableError("PySpark needs Java 17: no java on PATH and no JAVA_HOME")
    if scratch is None:
        scratch = Path(tempfile.mkdtemp(prefix="openpathways-spark-"))
        atexit.register(shutil.rmtree, scratch, True)
    log4j = scratch / "log4j2.properties"
    log4j.write_text(_LOG4J, encoding="utf-8")
    # the driver talks to its executors over the loopback interface only
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    conf: Mapping[str, str] = {
        "spark.driver.memory": memory,
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j}",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        "spark.local.dir": str(scratch / "local"),
        "spark.sql.shuffle.partitions": str(cores),
        "spark.default.parallelism": str(cores),
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    builder = SparkSession.builder.master(f"local[{cores}]").appName("openpathways-analytics")
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: say so in one line
        raise RuntimeError(f"the Spark session did not start: {exc}") from exc
    # PySpark sets a shell's log level (WARN) once the JVM is up: keep to errors
    session.sparkContext.setLogLevel("ERROR")
    return session


def _active_session() -> Any:
    """The session already running in this process, if PySpark is installed and one is."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _backend_class() -> type:
    import ibis
    from ibis.backends.pyspark import Backend

    ibis.pyspark  # noqa: B018 - loading the backend this way registers its options
    from ibis.formats.pyarrow import PyArrowData

    class SparkBackend(Backend):
        """Ibis's PySpark backend, returning results through Arrow (no pandas round trip,
        so integer counts keep their type) and stopping its own session only."""

        owns_session = False
        scratch: Path | None = None

        def to_pyarrow(
            self,
            expr: Any,
            /,
            *,
            params: Mapping[Any, Any] | None = None,
            limit: int | str | None = None,
            **kwargs: Any,
        ) -> Any:
            self._run_pre_execute_hooks(expr)
            table_expr = expr.as_table()
            sql = self.compile(table_expr, params=params, limit=limit, **kwargs)
            with self._safe_raw_sql(sql) as query:
                arrow = query.toArrow()
            table = PyArrowData.convert_table(arrow, table_expr.schema())
            return expr.__pyarrow_result__(table)

        def disconnect(self) -> None:
            if self.owns_session:
                self._session.stop()
                if self.scratch is not None:
                    shutil.rmtree(self.scratch, ignore_errors=True)

    return SparkBackend


def connect(snapshot: Path, *, session: Any = None, cores: int = 2, memory: str = "1g") -> Engine:
    """The PySpark engine over a snapshot folder. With `session` (or a session already running
    in this process), that session is used and left running when the engine closes; without, a
    local session is started and stopped on close. The snapshot's tables are registered in the
    session under their own names, so one session serves one snapshot at a time."""
    manifest = validate_snapshot(snapshot)
    scratch: Path | None = None
    session = session or _active_session()
    if session is None:
        scratch = Path(tempfile.mkdtemp(prefix="openpathways-spark-"))
        atexit.register(shutil.rmtree, scratch, True)
        session = spark_session(cores=cores, memory=memory, scratch=scratch)
    import ibis
    from ibis.backends.pyspark.datatypes import PySparkSchema

    con = _backend_class()(session)
    con.reconnect()
    con.owns_session = scratch is not None
    con.scratch = scratch
    tables = {}
    for name, spec in TABLES.items():
        schema = PySparkSchema.from_ibis(ibis.Schema.from_pyarrow(spec.schema))
        frame = session.read.schema(schema).parquet(str(table_path(snapshot, name)))
        frame.createOrReplaceTempView(name)
        tables[name] = con.table(name)
    return Engine(
        name="spark",
        dialect="pyspark",
        backend=con,
        tables=tables,
        manifest=manifest,
        capabilities=frozenset({"distributed", "parquet", "materialize"}),
    )
