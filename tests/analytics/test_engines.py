"""The same definitions give the same tables on every engine (counts exact, rates to 1e-9), and
the SQL each engine runs is kept as golden files so a change in it is seen in review.

- PostgreSQL (marker `postgres`): runs whenever DATABASE_URL names a PostgreSQL server; the
  snapshot is loaded into a schema of its own and dropped afterwards.
- PySpark (marker `spark`, optional): in test_engines_spark.py.
- Golden SQL: `OPENPATHWAYS_UPDATE_GOLDEN=1` rewrites tests/analytics/golden_sql/ after a
  deliberate change.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from openpathways.analytics.engines import Engine, connect
from openpathways.analytics.engines.base import compile_sql
from openpathways.analytics.engines.synthetic import SIZES, write_snapshot
from openpathways.analytics.tables import TABLES

GOLDEN = Path(__file__).parent / "golden_sql"
RATE_TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_snapshot(tmp_path_factory.mktemp("engines") / "snap", SIZES["small"], seed=5)


@pytest.fixture(scope="module")
def duckdb_results(snapshot: Path) -> dict[str, pa.Table]:
    engine = connect("duckdb", snapshot)
    try:
        return engine.compute_all()
    finally:
        engine.close()


def assert_same_tables(name: str, expected: pa.Table, got: pa.Table) -> None:
    assert expected.column_names == got.column_names, name
    assert expected.num_rows == got.num_rows, name
    for column in expected.column_names:
        left = expected.column(column).to_pylist()
        right = got.column(column).to_pylist()
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            if isinstance(a, float) and isinstance(b, float):
                assert math.isclose(a, b, rel_tol=0, abs_tol=RATE_TOLERANCE), (name, column, i)
            else:
                assert a == b, (name, column, i, a, b)


def test_duckdb_results_are_not_trivial(duckdb_results: dict[str, pa.Table]) -> None:
    """Equality between engines means something only if the tables hold real figures."""
    for name, table in duckdb_results.items():
        assert table.num_rows > 0, name
    participation = duckdb_results["participation"].to_pylist()
    assert any(r["participants"] > 0 for r in participation)
    assert any(0 < (r["rate"] or 0) < 1 for r in participation)


@pytest.fixture(scope="module")
def postgres_engine(snapshot: Path) -> Iterator[Engine]:
    from openpathways.analytics.engines import postgres

    url = os.environ["DATABASE_URL"]
    postgres.ensure_database(url)
    schema = f"analytics_test_{uuid.uuid4().hex[:8]}"
    engine = connect("postgres", snapshot, database_url=url, schema=schema)
    try:
        yield engine
    finally:
        engine.close()
        import psycopg

        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(TABLES))
def test_postgres_gives_the_same_tables_as_duckdb(
    name: str, postgres_engine: Engine, duckdb_results: dict[str, pa.Table]
) -> None:
    assert_same_tables(name, duckdb_results[name], postgres_engine.compute(name))


@pytest.mark.postgres
def test_postgres_load_keeps_empty_text_apart_from_missing_values(
    postgres_engine: Engine,
) -> None:
    con = postgres_engine.backend
    grades = postgres_engine.tables["enrollments"].grade
    blank = con.execute((grades == "").sum())
    missing = con.execute(grades.isnull().sum())
    assert blank > 0
    assert missing == 0


@pytest.mark.postgres
def test_postgres_load_never_replaces_a_schema_holding_other_tables(snapshot: Path) -> None:
    import psycopg
    import psycopg.sql

    from openpathways.analytics.engines import postgres

    url = os.environ["DATABASE_URL"]
    postgres.ensure_database(url)
    schema = f"analytics_other_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
        con.execute(f'CREATE TABLE "{schema}".precious (id int)')
    try:
        with pytest.raises(postgres.SchemaInUseError, match="precious"):
            postgres.load_snapshot(snapshot, url, schema=schema)
        with pytest.raises(postgres.SchemaInUseError, match="not a snapshot schema"):
            postgres.load_snapshot(snapshot, url, schema="public")
        with psycopg.connect(url) as con:
            query = psycopg.sql.SQL("SELECT count(*) FROM {}.precious").format(
                psycopg.sql.Identifier(schema)
            )
            assert con.execute(query).fetchone() == (0,)
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f'DROP SCHEMA "{schema}" CASCADE')


# --------------------------------------------------------------------------- golden SQL


def _golden(dialect: str, name: str) -> Path:
    return GOLDEN / dialect / f"{name}.sql"


@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_generated_sql_matches_the_golden_file(dialect: str, name: str) -> None:
    sql = compile_sql(name, dialect).strip() + "\n"
    path = _golden(dialect, name)
    if os.environ.get("OPENPATHWAYS_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    assert path.is_file(), f"no golden SQL yet: run with OPENPATHWAYS_UPDATE_GOLDEN=1 ({path})"
    assert sql == path.read_text(encoding="utf-8"), (
        f"the SQL of {name} on {dialect} changed; review the difference, then rerun with "
        "OPENPATHWAYS_UPDATE_GOLDEN=1"
    )


def test_golden_sql_reads_only_snapshot_tables() -> None:
    """The generated SQL names the snapshot's tables and nothing of the application."""
    from openpathways.analytics.snapshot_schema import TABLES as SNAPSHOT

    for path in GOLDEN.glob("*/*.sql"):
        text = path.read_text(encoding="utf-8")
        assert "students_student" not in text, path
        assert any(f'"{t}"' in text for t in SNAPSHOT), path
