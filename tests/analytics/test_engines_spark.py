"""PySpark gives the same tables as DuckDB (optional group, marker `spark`).

PySpark is not in the lock file. To run the group (Java 17 on the machine; about 1 GB of memory
and a few minutes on two cores):

    .venv/bin/python -m pip install "pyspark==4.0.*"
    OPENPATHWAYS_SPARK=1 .venv/bin/python -m pytest tests/analytics -m spark -q

One local Spark session serves the whole group. Without OPENPATHWAYS_SPARK the group skips; with
it but without PySpark, it skips saying how to install it. The tests that are not marked `spark`
run everywhere: they check what a user without PySpark sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from openpathways.analytics.engines import Engine, connect
from openpathways.analytics.engines.synthetic import SIZES, write_snapshot
from openpathways.analytics.tables import TABLES
from tests.analytics.test_engines import assert_same_tables

ROOT = Path(__file__).resolve().parents[2]
INSTALL = 'pip install "pyspark==4.0.*"'


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_snapshot(tmp_path_factory.mktemp("spark") / "snap", SIZES["small"], seed=5)


@pytest.fixture(scope="module")
def duckdb_results(snapshot: Path) -> dict[str, pa.Table]:
    engine = connect("duckdb", snapshot)
    try:
        return engine.compute_all()
    finally:
        engine.close()


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One local session for the whole group (starting one takes seconds and about 1 GB)."""
    from openpathways.analytics.engines import spark

    try:
        session = spark.spark_session(scratch=tmp_path_factory.mktemp("spark-scratch"))
    except spark.SparkUnavailableError as exc:
        pytest.skip(f"optional PySpark group: {exc}")
    try:
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="module")
def spark_engine(spark_session: Any, snapshot: Path) -> Iterator[Engine]:
    from openpathways.analytics.engines import spark

    engine = spark.connect(snapshot, session=spark_session)
    try:
        yield engine
    finally:
        engine.close()


@pytest.mark.spark
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TABLES))
def test_spark_gives_the_same_tables_as_duckdb(
    name: str, spark_engine: Engine, duckdb_results: dict[str, pa.Table]
) -> None:
    """Counts exact, rates to 1e-9, same column types, rows in the same key order."""
    expected = duckdb_results[name]
    got = spark_engine.compute(name)
    assert got.schema.types == expected.schema.types, name
    assert_same_tables(name, expected, got)


@pytest.mark.spark
def test_spark_session_runs_locally_without_network_or_leftovers(
    spark_session: Any, spark_engine: Engine
) -> None:
    conf = spark_session.sparkContext.getConf()
    assert conf.get("spark.master") == "local[2]"
    assert conf.get("spark.driver.host") == "127.0.0.1"
    assert conf.get("spark.ui.enabled") == "false"
    assert not conf.get("spark.jars.packages")
    warehouse = Path(spark_session.conf.get("spark.sql.warehouse.dir").removeprefix("file:"))
    assert warehouse.is_relative_to(Path(conf.get("spark.local.dir")).parent)
    assert not (Path.cwd() / "spark-warehouse").exists()
    assert not (Path.cwd() / "metastore_db").exists()
    assert spark_engine.backend.owns_session is False  # the group's session outlives the engine


@pytest.mark.spark
def test_an_engine_opened_beside_a_running_session_leaves_it_running(
    spark_session: Any, snapshot: Path
) -> None:
    engine = connect("spark", snapshot)
    assert engine.compute("vendor_wbl_detail").num_rows > 0
    engine.close()
    assert spark_session.range(3).count() == 3


# ------------------------------------------------------------------ without PySpark


def _hide_pyspark(folder: Path) -> dict[str, str]:
    """An environment in which `import pyspark` fails as it does where PySpark is not
    installed: a package of that name that raises ModuleNotFoundError comes first on the path."""
    package = folder / "pyspark"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'pyspark\'", name="pyspark")\n',
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(ROOT)])
    return env


def test_spark_adapter_is_optional(monkeypatch: pytest.MonkeyPatch, snapshot: Path) -> None:
    """Without PySpark installed the spark engine fails with an instruction, and the other
    engines never import it."""
    import builtins

    from openpathways.analytics.engines import spark

    real_import = builtins.__import__

    def no_pyspark(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError("No module named 'pyspark'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    with pytest.raises(spark.SparkUnavailableError, match="pip install"):
        connect("spark", snapshot)
    assert "pyspark" not in sys.modules or os.environ.get("OPENPATHWAYS_SPARK")


def test_cli_spark_engine_without_pyspark_says_how_to_install_it(
    snapshot: Path, tmp_path: Path
) -> None:
    cli = Path(sys.executable).parent / "openpathways"
    result = subprocess.run(
        [str(cli), "analytics", "compute", "--engine", "spark", "--snapshot", str(snapshot)],
        env=_hide_pyspark(tmp_path / "hidden"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert INSTALL in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_spark_group_skips_with_the_install_instruction_without_pyspark(tmp_path: Path) -> None:
    env = _hide_pyspark(tmp_path / "hidden")
    env["OPENPATHWAYS_SPARK"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-m", "spark", "-k", "participation",
         "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:randomly"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout, result.stdout
    assert "optional PySpark group" in result.stdout
    assert INSTALL in result.stdout
