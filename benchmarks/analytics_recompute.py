"""Benchmark: full recompute of every published analytics table at county size.

    .venv/bin/python benchmarks/analytics_recompute.py [--size county|small] [--runs 3]
                                                      [--readme] [--regenerate]

- Generates (once, seeded) a synthetic county snapshot into benchmarks/out/ (git-ignored):
  about 420,000 students and 20 million course-enrollment rows over four school years.
- Measures, each in its own process (so peak memory is its own): the Ibis definitions on DuckDB
  reading the Parquet snapshot (target: under 10 s on 2 cores), the suppression step of every
  table (`publish`), and the baseline, a straightforward pandas implementation of the same
  tables (benchmarks/analytics_pandas.py), loading the same Parquet files.
- Prints the ratio pandas / DuckDB (target: at least 5x) and checks that both give equal tables
  (counts exactly, rates to 1e-9). `--readme` writes the results into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
README = ROOT / "README.md"
BLOCK = "analytics_recompute"
SEED = 2026
AS_OF_YEAR = 2025
RATE_TOLERANCE = 1e-9
TARGET_SECONDS = 10.0
TARGET_RATIO = 5.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_snapshot(size: str, regenerate: bool) -> tuple[Path, float | None]:
    from openpathways.analytics.engines.synthetic import SIZES, write_snapshot
    from openpathways.analytics.snapshot_schema import MANIFEST

    folder = OUT / f"analytics_{size}"
    manifest = folder / MANIFEST
    if manifest.is_file() and not regenerate:
        data = json.loads(manifest.read_text())
        if data.get("seed") == SEED and data.get("size") == size:
            return folder, None
    start = time.perf_counter()
    write_snapshot(folder, SIZES[size], seed=SEED, as_of_year=AS_OF_YEAR)
    data = json.loads(manifest.read_text())
    data["size"] = size
    manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return folder, time.perf_counter() - start


# --------------------------------------------------------------------------- workers


def worker_duckdb(snapshot: Path, results: Path, runs: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from openpathways.analytics.engines import connect
    from openpathways.analytics.tables import TABLES, publish

    times: list[float] = []
    per_table: dict[str, float] = {}
    tables = {}
    for _ in range(runs):
        start = time.perf_counter()
        engine = connect("duckdb", snapshot)
        for name in TABLES:
            t0 = time.perf_counter()
            tables[name] = engine.compute(name)
            per_table[name] = time.perf_counter() - t0
        engine.close()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    hidden = 0
    for name, table in tables.items():
        hidden += len(publish(name, table).hidden)
    publish_seconds = time.perf_counter() - start
    results.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, results / f"{name}.parquet")
    return {
        "runs": times,
        "per_table": per_table,
        "publish_seconds": publish_seconds,
        "hidden_cells": hidden,
        "rows": {n: t.num_rows for n, t in tables.items()},
        "peak_mb": _peak_mb(),
    }


def worker_pandas(snapshot: Path, results: Path, runs: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    import analytics_pandas

    totals: list[float] = []
    loads: list[float] = []
    out = {}
    for _ in range(runs):
        start = time.perf_counter()
        frames = analytics_pandas.load(snapshot)
        loads.append(time.perf_counter() - start)
        out = analytics_pandas.compute_all(frames, as_of_year=AS_OF_YEAR)
        totals.append(time.perf_counter() - start)
        del frames
    results.mkdir(parents=True, exist_ok=True)
    for name, frame in out.items():
        frame.to_parquet(results / f"{name}.parquet", index=False)
    return {"runs": totals, "load_runs": loads, "peak_mb": _peak_mb()}


def _run_worker(kind: str, snapshot: Path, results: Path, runs: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", kind, "--snapshot", str(snapshot),
               "--results", str(results), "--runs", str(runs)]  # fmt: skip
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- comparison


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def compare(expected_dir: Path, got_dir: Path) -> dict[str, str]:
    """Per table: "equal" or a description of the first difference."""
    import pandas as pd
    import pyarrow.parquet as pq

    from openpathways.analytics.tables import TABLES

    outcome: dict[str, str] = {}
    for name, spec in TABLES.items():
        left = pq.read_table(expected_dir / f"{name}.parquet").to_pandas()
        right = pd.read_parquet(got_dir / f"{name}.parquet")
        keys = list(spec.keys)
        missing = [c for c in left.columns if c not in right.columns]
        if missing:
            outcome[name] = f"missing columns {missing}"
            continue
        if len(left) != len(right):
            outcome[name] = f"{len(left)} rows against {len(right)}"
            continue
        left = left.sort_values(keys, na_position="last").reset_index(drop=True)
        right = right[list(left.columns)].sort_values(keys, na_position="last")
        right = right.reset_index(drop=True)
        problem = ""
        for column in left.columns:
            for i, (raw_a, raw_b) in enumerate(zip(left[column], right[column], strict=True)):
                a, b = _norm(raw_a), _norm(raw_b)
                if isinstance(a, float) or isinstance(b, float):
                    same = (a is None and b is None) or (
                        a is not None
                        and b is not None
                        and math.isclose(a, b, rel_tol=0, abs_tol=RATE_TOLERANCE)
                    )
                else:
                    same = a == b
                if not same:
                    problem = f"row {i}, column {column}: {a!r} against {b!r}"
                    break
            if problem:
                break
        outcome[name] = problem or "equal"
    return outcome


# --------------------------------------------------------------------------- report


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "uptime unavailable"


def render(report: dict[str, Any]) -> str:
    d, p = report["duckdb"], report["pandas"]
    d_best, d_median = min(d["runs"]), statistics.median(d["runs"])
    p_best, p_median = min(p["runs"]), statistics.median(p["runs"])
    p_load = min(p["load_runs"])
    p_compute = min(t - r for t, r in zip(p["runs"], p["load_runs"], strict=True))
    equal = all(v == "equal" for v in report["comparison"].values())
    lines = [
        f"Snapshot: {report['rows']['students']:,} students, "
        f"{report['rows']['enrollments']:,} course-enrollment rows, "
        f"{report['rows']['student_years']:,} student-years (synthetic, seed {SEED}).",
        f"Machine: {report['machine']}, shared with other work; `uptime` before the run: "
        f"`{report['uptime_before']}`; after: `{report['uptime_after']}`.",
        "Each side starts from the Parquet files and ends with every table in memory; each runs",
        "in its own process (first run included: imports, compilation, cold caches).",
        "",
        "| measure | best | median | target |",
        "|---|---|---|---|",
        f"| DuckDB (Ibis definitions), 9 tables, {len(d['runs'])} runs | {d_best:.2f} s | "
        f"{d_median:.2f} s | < {TARGET_SECONDS:.0f} s |",
        f"| pandas baseline, 9 tables, {len(p['runs'])} runs | {p_best:.2f} s "
        f"(of which reading Parquet {p_load:.2f} s) | {p_median:.2f} s | |",
        f"| ratio pandas / DuckDB | {p_best / d_best:.1f}x | {p_median / d_median:.1f}x | "
        f">= {TARGET_RATIO:.0f}x |",
        f"| pandas computing only (after reading) / DuckDB (reading included) | "
        f"{p_compute:.2f} s / {d_best:.2f} s = {p_compute / d_best:.1f}x | | |",
        f"| same tables (counts exact, rates to 1e-9) | {'yes' if equal else 'NO'} | | yes |",
        f"| peak memory (process): DuckDB / pandas | {d['peak_mb']:.0f} MB / "
        f"{p['peak_mb']:.0f} MB | | |",
        f"| then suppression of every table (`publish`, pure Python) | "
        f"{d['publish_seconds']:.2f} s, {d['hidden_cells']:,} cells hidden | | |",
        "",
        "| table | rows | DuckDB s (last run) | equal to pandas |",
        "|---|---|---|---|",
    ]
    for name, rows in d["rows"].items():
        lines.append(
            f"| {name} | {rows:,} | {d['per_table'][name]:.2f} | {report['comparison'][name]} |"
        )
    return "\n".join(lines)


def write_readme(text: str) -> None:
    begin, end = f"<!-- BEGIN {BLOCK} -->", f"<!-- END {BLOCK} -->"
    body = (
        f"{begin}\n## Analytics: full recompute at county size\n\n"
        "Command: `.venv/bin/python benchmarks/analytics_recompute.py --readme`\n\n"
        f"{text}\n{end}"
    )
    current = README.read_text(encoding="utf-8") if README.is_file() else "# Benchmarks\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _, tail = rest.split(end, 1)
        current = head + body + tail
    else:
        current = current.rstrip("\n") + "\n\n" + body + "\n"
    README.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="county", choices=["county", "small", "tiny"])
    parser.add_argument("--runs", type=int, default=5, help="DuckDB runs")
    parser.add_argument("--pandas-runs", type=int, default=2)
    parser.add_argument("--readme", action="store_true", help="write benchmarks/README.md")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--worker", choices=["duckdb", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--snapshot", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker == "duckdb":
        print(json.dumps(worker_duckdb(args.snapshot, args.results, args.runs)))
        return 0
    if args.worker == "pandas":
        print(json.dumps(worker_pandas(args.snapshot, args.results, args.runs)))
        return 0

    snapshot, generated = ensure_snapshot(args.size, args.regenerate)
    if generated is not None:
        print(f"generated the {args.size} snapshot in {generated:.1f} s: {snapshot}")
    import pyarrow.parquet as pq

    rows = {
        name: pq.ParquetFile(snapshot / f"{name}.parquet").metadata.num_rows
        for name in ("students", "enrollments", "student_years")
    }
    results = OUT / f"analytics_results_{args.size}"
    before = _uptime()
    print("DuckDB ...", flush=True)
    duck = _run_worker("duckdb", snapshot, results / "duckdb", args.runs)
    print("pandas ...", flush=True)
    pand = _run_worker("pandas", snapshot, results / "pandas", args.pandas_runs)
    comparison = compare(results / "duckdb", results / "pandas")
    report: dict[str, Any] = {
        "rows": rows,
        "duckdb": duck,
        "pandas": pand,
        "comparison": comparison,
        "uptime_before": before,
        "uptime_after": _uptime(),
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}",
    }
    text = render(report)
    print(text)
    if args.readme:
        write_readme(text)
        print(f"\nwritten to {README}")
    return 0 if all(v == "equal" for v in comparison.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
