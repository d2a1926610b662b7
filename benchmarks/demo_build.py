"""Benchmark: build the demo database (default `--size district`) and compare its bulk path with a
straightforward row-by-row ORM `.save()` of students, measured in the same run.

    .venv/bin/python benchmarks/demo_build.py [--size district] [--sample 2000] [--no-readme]

Always builds into a fresh SQLite file in a temporary folder; when DATABASE_URL names a PostgreSQL
server it also builds into a fresh database `<name>_demo_bench` on that server (dropped after).
Prints time per phase, total, rows per second, the baseline per 1,000 rows and the ratio, and
writes the table into its block of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "benchmarks" / "README.md"
BEGIN, END = "<!-- BEGIN demo_build -->", "<!-- END demo_build -->"


def worker(size: str, sample: int) -> dict[str, Any]:
    """Runs in a child process whose DATABASE_URL is already set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpathways.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from openpathways.demo.services import demo_build
    from openpathways.students.models import Student

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_s = time.perf_counter() - started
    started = time.perf_counter()
    result = demo_build(size=size, seed=2026)
    total_s = time.perf_counter() - started

    # Baseline: the same kind of rows, one `.save()` each (inside one transaction, rolled back).
    rows = list(Student.objects.order_by("pk").values()[:sample])
    with transaction.atomic():
        t0 = time.perf_counter()
        for i, original in enumerate(rows):
            values = dict(original)
            values.pop("id")
            values["state_student_id"] = f"{9_000_000_000 + i}"
            Student(**values).save()
        orm_s = time.perf_counter() - t0
        transaction.set_rollback(True)
    return {
        "engine": connection.vendor,
        "migrate_s": migrate_s,
        "phases": result.phase_seconds,
        "total_s": total_s,
        "rows": result.rows_written,
        "students": Student.objects.count(),
        "orm_sample": len(rows),
        "orm_s": orm_s,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(size: str, sample: int, database_url: str, home: Path) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": database_url, "OPENPATHWAYS_HOME": str(home)}
    cmd = [sys.executable, __file__, "--worker", "--size", size, "--sample", str(sample)]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def table(results: list[dict[str, Any]], size: str, load_before: str, load_after: str) -> str:
    lines = [
        f"Demo build, `--size {size}` (seed 2026), measured "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        f"on {os.cpu_count()} cores shared with other work.",
        "",
        f"Load before: `{load_before}`  ",
        f"Load after: `{load_after}`",
        "",
    ]
    phases = list(results[0]["phases"])
    header = "| | " + " | ".join(str(r["engine"]) for r in results) + " |"
    lines += [header, "|---|" + "---:|" * len(results)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    row("migrate (s)", [f"{r['migrate_s']:.1f}" for r in results])
    for phase in phases:
        row(f"phase: {phase} (s)", [f"{r['phases'][phase]:.2f}" for r in results])
    row("**total build (s)**", [f"**{r['total_s']:.1f}**" for r in results])
    row("rows written", [f"{r['rows']:,}" for r in results])
    row("students (incl. last year's graduates)", [f"{r['students']:,}" for r in results])
    row("bulk path: rows per second", [f"{r['rows'] / r['total_s']:,.0f}" for r in results])
    row(
        "bulk path: s per 1,000 rows",
        [f"{1000 * r['total_s'] / r['rows']:.4f}" for r in results],
    )
    row(
        "baseline: ORM `.save()` per row, s per 1,000 students",
        [
            f"{1000 * r['orm_s'] / r['orm_sample']:.3f} (sample {r['orm_sample']:,})"
            for r in results
        ],
    )
    row(
        "**ratio** (baseline / bulk, per 1,000 rows)",
        [
            f"**{(r['orm_s'] / r['orm_sample']) / (r['total_s'] / r['rows']):.0f}x**"
            for r in results
        ],
    )
    row(
        "baseline extrapolated to all rows (s)",
        [f"{r['orm_s'] / r['orm_sample'] * r['rows']:,.0f}" for r in results],
    )
    row("peak memory of the build process (MB)", [f"{r['max_rss_mb']:.0f}" for r in results])
    lines += [
        "",
        "The bulk path writes plain tuples with generator-assigned keys (SQLite `executemany`, "
        "PostgreSQL `COPY`) in chunks of 20,000, inside one transaction; the baseline saves "
        "student rows one `Model.save()` at a time inside one transaction (so it is not "
        "penalised by per-row commits). The baseline saves only student rows, the narrowest "
        "comparison; the bulk figure covers every table. The total also includes emptying the "
        "database, resetting sequences and the commit (where PostgreSQL checks the deferred "
        "foreign keys).",
    ]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    command = "Command: `.venv/bin/python benchmarks/demo_build.py`"
    block = f"{BEGIN}\n## Demo build\n\n{command}\n\n{text}\n{END}"
    current = README.read_text() if README.exists() else "# Benchmarks\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        _old, tail = rest.split(END, 1)
        current = head + block + tail
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(current)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="district")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.size, args.sample)))
        return 0

    load_before = load()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = f"sqlite:///{Path(tmp) / 'demo-bench.sqlite3'}"
        print(f"Building --size {args.size} into a fresh SQLite file ...", flush=True)
        results.append(run_child(args.size, args.sample, sqlite_url, Path(tmp)))
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            import psycopg

            base, _sep, name = url.rpartition("/")
            name = name.split("?")[0] or "postgres"
            bench_db = f"{name}_demo_bench"
            admin_url = f"{base}/postgres"
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{bench_db}"')
                conn.execute(f'CREATE DATABASE "{bench_db}"')
            try:
                print(
                    f"Building --size {args.size} into PostgreSQL database {bench_db} ...",
                    flush=True,
                )
                results.append(run_child(args.size, args.sample, f"{base}/{bench_db}", Path(tmp)))
            finally:
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{bench_db}"')
    text = table(results, args.size, load_before, load())
    print()
    print(text)
    if not args.no_readme:
        write_readme(text)
        print(f"\nWrote the table into {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
