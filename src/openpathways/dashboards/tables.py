"""Computed and published tables, cached in memory by snapshot fingerprint.

A table is computed once per snapshot on DuckDB from the analytics definitions
(`openpathways.analytics.tables`), then published (small-cell suppression over the whole table,
the last step, so that every filtered view shows the same protected values). Filters only select
rows of a published table: they never reveal a hidden cell. A new snapshot (new fingerprint)
empties the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from openpathways.analytics import di
from openpathways.analytics.metrics.equity import disproportionate_impact, publish_di
from openpathways.analytics.snapshot_schema import table_path
from openpathways.analytics.tables import publish
from openpathways.dashboards.snapshot import SnapshotInfo

_lock = threading.RLock()
_state: dict[str, str | None] = {"fingerprint": None}
_store: dict[tuple[Any, ...], Any] = {}
#: How many tables were computed on an engine since start (the tests and the benchmark read it).
stats = {"computed": 0, "published": 0}


def threshold() -> int:
    return int(getattr(settings, "SUPPRESSION_THRESHOLD", 10))


def _cached(info: SnapshotInfo, key: tuple[Any, ...], build: Any) -> Any:
    with _lock:
        if _state["fingerprint"] != info.fingerprint:
            _store.clear()
            _state["fingerprint"] = info.fingerprint
        if key in _store:
            return _store[key]
    value = build()
    with _lock:
        if _state["fingerprint"] == info.fingerprint:
            _store[key] = value
    return value


def cache_clear() -> None:
    with _lock:
        _store.clear()
        _state["fingerprint"] = None


def computed(info: SnapshotInfo, names: Iterable[str]) -> dict[str, pa.Table]:
    """The computed (unsuppressed, unrounded) tables, on DuckDB (one connection computes the
    missing ones)."""
    wanted = list(dict.fromkeys(names))
    with _lock:
        found = {n: _store[("computed", n)] for n in wanted if ("computed", n) in _store}
        if _state["fingerprint"] != info.fingerprint:
            found = {}
    missing = [n for n in wanted if n not in found]
    if missing:
        from openpathways.analytics.engines import connect

        engine = connect("duckdb", info.directory)
        try:
            params = engine.params()
            for name in missing:
                table = engine.compute(name, params)
                stats["computed"] += 1
                found[name] = _cached(info, ("computed", name), lambda t=table: t)
        finally:
            engine.close()
    return found


@dataclass(frozen=True)
class Rows:
    """Rows of a table as a view shows them: published (suppressed) or internal (not)."""

    rows: list[dict[str, Any]]
    hidden: frozenset[tuple[int, str]]
    suppressed: bool


def table_rows(info: SnapshotInfo, name: str, *, suppressed: bool = True) -> Rows:
    def build() -> Rows:
        table = computed(info, [name])[name]
        if not suppressed:
            return Rows(table.to_pylist(), frozenset(), False)
        result = publish(name, table, threshold=threshold())
        stats["published"] += 1
        return Rows(result.rows, frozenset(result.hidden), True)

    return _cached(info, ("rows", name, suppressed, threshold()), build)


@dataclass(frozen=True)
class DiOptions:
    method: str = "ppg"
    reference: str = "all-but-current"
    moe: str = "2017"

    def arguments(self) -> dict[str, Any]:
        method = di.Method(self.method)
        reference = di.Reference(kind=self.reference)
        moe = (
            di.MoeOptions(use_proportion=True, floor=0.02)
            if self.moe == "proportion"
            else di.MoeOptions()
        )
        return {"method": method, "reference": reference, "moe": moe}


def di_rows(info: SnapshotInfo, name: str, options: DiOptions, *, suppressed: bool = True) -> Rows:
    """Disproportionate impact of every block of a group table (analytics.metrics.equity),
    computed on the unrounded counts, then published (or not, for internal views)."""

    def build() -> Rows:
        table = computed(info, [name])[name]
        rows = disproportionate_impact(name, table, **options.arguments())
        if not suppressed:
            return Rows(rows, frozenset(), False)
        result = publish_di(rows, threshold=threshold())
        return Rows(result.rows, frozenset(result.hidden), True)

    key = ("di", name, options, suppressed, threshold())
    return _cached(info, key, build)


def school_names(info: SnapshotInfo) -> dict[int, tuple[str, int | None, bool]]:
    """school_id -> (name, district_id, serves grades 9-12), from the snapshot (public facts)."""

    def build() -> dict[int, tuple[str, int | None, bool]]:
        t = pq.read_table(
            table_path(info.directory, "schools"),
            columns=["school_id", "name", "district_id", "serves_9_12"],
        )
        return {
            r["school_id"]: (r["name"], r["district_id"], bool(r["serves_9_12"]))
            for r in t.to_pylist()
        }

    return _cached(info, ("schools",), build)
