"""What every engine adapter provides: Ibis tables over the snapshot, and running the published
definitions on them. Adapters differ only in how they connect and where the tables live."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from openpathways.analytics.metrics.common import Params, SnapshotTables
from openpathways.analytics.snapshot_schema import TABLES as SNAPSHOT_TABLES
from openpathways.analytics.tables import TABLES, sort_result


def unbound_tables() -> dict[str, ir.Table]:
    """The snapshot tables as Ibis table expressions bound to no engine."""
    return {name: ibis.table(spec.schema, name=name) for name, spec in SNAPSHOT_TABLES.items()}


def compile_sql(name: str, dialect: str, params: Params | None = None) -> str:
    """The SQL of a published table in an engine's dialect, without connecting to it."""
    expr = TABLES[name].expression(unbound_tables(), params or Params())
    return str(ibis.to_sql(expr, dialect=dialect))


@dataclass
class Engine:
    """A connected engine: `tables` maps every snapshot table name to an Ibis table."""

    name: str
    #: sqlglot dialect of the generated SQL.
    dialect: str
    backend: Any
    tables: dict[str, ir.Table]
    manifest: Mapping[str, Any] = field(default_factory=dict)
    #: What the adapter can do (declared, so callers and tests can check before asking).
    capabilities: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if "materialize" in self.capabilities:
            self.tables = SnapshotTables(self.tables, materialize=lambda expr: expr.cache())

    def params(self, **overrides: Any) -> Params:
        return Params.from_manifest(self.manifest, **overrides)

    def expression(self, name: str, params: Params | None = None) -> ir.Table:
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; known: {', '.join(sorted(TABLES))}")
        return TABLES[name].expression(self.tables, params or self.params())

    def compute(self, name: str, params: Params | None = None) -> pa.Table:
        """Run one published definition; rows in key order, values unrounded."""
        result = self.backend.to_pyarrow(self.expression(name, params))
        if isinstance(self.tables, SnapshotTables):
            # keep the shared stages (named), drop the per-table ones
            keep = {id(t) for t in self.tables.staged.values()}
            for table in [t for t in self.tables.materialized if id(t) not in keep]:
                table.release()
                self.tables.materialized.remove(table)
        return sort_result(name, result)

    def compute_all(
        self, names: Iterable[str] | None = None, params: Params | None = None
    ) -> dict[str, pa.Table]:
        return {n: self.compute(n, params) for n in (names or TABLES)}

    def sql(self, name: str, params: Params | None = None) -> str:
        """The SQL this engine runs for a table (for review and golden files)."""
        plain = dict(self.tables)  # nothing materialized: one self-contained statement
        expr = TABLES[name].expression(plain, params or self.params())
        return str(ibis.to_sql(expr, dialect=self.dialect))

    def release(self) -> None:
        """Drop the intermediate results materialized so far (they are rebuilt on demand)."""
        if isinstance(self.tables, SnapshotTables):
            self.tables.release()

    def close(self) -> None:
        self.release()
        disconnect = getattr(self.backend, "disconnect", None)
        if disconnect is not None:
            disconnect()
