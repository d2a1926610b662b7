"""Benchmark: a cached dashboard request (target: p95 under 200 ms) on the district demo.

    .venv/bin/python benchmarks/dashboards_request.py [--rounds 20] [--uncached 4] [--readme]
                                                      [--rebuild]

- Builds (once) the district demo (`openpathways demo --size district --no-serve`, about 150,000
  students in grades 9-12) into a SQLite file under benchmarks/out/dashboards/ (git-ignored),
  and writes its analytic snapshot there.
- Signs in as the demo analyst with Django's test client and requests a fixed set of dashboard
  pages (equity for several schools and group types, goals, compacts, vendors), through the whole
  Django stack (middleware, session, view, template).
- Baseline, in the same run: the same requests uncached (the in-memory caches emptied before each
  request, so the tables are computed on DuckDB and published again).
- Prints p50/p95 of both and their ratio; `--readme` writes the results, with `uptime`, into
  benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out" / "dashboards"
DB = OUT / "district.sqlite3"
HOME = OUT / "home"
README = ROOT / "README.md"
BLOCK = "dashboards_request"
TARGET_MS = 200.0


def _env() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{DB}", "OPENPATHWAYS_HOME": str(HOME)}


def ensure_demo(rebuild: bool) -> float | None:
    if DB.is_file() and not rebuild:
        return None
    OUT.mkdir(parents=True, exist_ok=True)
    exe = Path(sys.executable).with_name("openpathways")
    start = time.perf_counter()
    subprocess.run(
        [str(exe), "demo", "--size", "district", "--no-serve"],
        env=_env(), check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start


def _uptime() -> str:
    # Django sets TZ to the project's time zone: report the machine's clock in UTC
    env = {**os.environ, "TZ": "UTC"}
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False, env=env).stdout


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="cached requests per page")
    parser.add_argument("--uncached", type=int, default=4, help="uncached requests (baseline)")
    parser.add_argument("--readme", action="store_true", help="write results to README.md")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo database")
    args = parser.parse_args()

    uptime_before = _uptime().strip()
    built = ensure_demo(args.rebuild)
    os.environ.update(_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpathways.settings")
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from openpathways.accounts.models import User
    from openpathways.dashboards import selectors, tables
    from openpathways.dashboards.snapshot import snapshot_refresh

    setup_test_environment()
    settings.DASHBOARD_SNAPSHOT_DIR = str(HOME / "analytics" / "snapshot")
    start = time.perf_counter()
    info = snapshot_refresh()
    snapshot_s = time.perf_counter() - start
    students = info.manifest["rows"]["student_years"]

    client = Client()
    client.force_login(User.objects.get(username="analyst"))
    schools = sorted(tables.school_names(info))[:4]
    pages = [
        "/dashboards/equity/",
        *[f"/dashboards/equity/?school={s}" for s in schools],
        "/dashboards/equity/?group_type=gender",
        "/dashboards/equity/?group_type=english_learner&method=pi",
        "/dashboards/goals/",
        "/dashboards/compacts/",
        "/dashboards/vendors/",
    ]

    def get(url: str) -> float:
        t = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return elapsed

    # baseline: uncached (caches emptied before each request), the equity page and the goals page
    uncached = []
    for i in range(args.uncached):
        tables.cache_clear()
        selectors.view_cache_clear()
        uncached.append(get(pages[i % 2 * 7]))  # equity, goals, equity, ...
    # warm every page once, then measure cached requests
    for url in pages:
        get(url)
    cached = [get(url) for _ in range(args.rounds) for url in pages]
    uptime_after = _uptime().strip()

    c50, c95 = statistics.median(cached), _pct(cached, 0.95)
    u50, u95 = statistics.median(uncached), _pct(uncached, 0.95)
    verdict = "met" if c95 < TARGET_MS else "NOT met"
    lines = [
        f"District demo: {students:,} students in grades 9-12 this year; "
        f"snapshot written in {snapshot_s:.1f} s"
        + (f"; demo built in {built:.0f} s" if built else "")
        + ".",
        "",
        "| requests | n | p50 (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
        f"| cached ({len(pages)} pages x {args.rounds}) | {len(cached)} | {c50:.1f} | {c95:.1f} "
        f"| {max(cached):.1f} |",
        f"| uncached baseline (compute + publish) | {len(uncached)} | {u50:.0f} | {u95:.0f} "
        f"| {max(uncached):.0f} |",
        "",
        f"Cached p95 target under {TARGET_MS:.0f} ms: **{verdict}**; uncached / cached (p50): "
        f"{u50 / c50:.0f}x.",
        "",
        f"Load before: `{uptime_before}`  ",
        f"Load after: `{uptime_after}`",
    ]
    text = "\n".join(lines)
    print(text)
    if args.readme:
        write_readme(text)
    return 0 if c95 < TARGET_MS else 1


def write_readme(text: str) -> None:
    block = (
        f"<!-- BEGIN {BLOCK} -->\n"
        "## Cached dashboard request (`benchmarks/dashboards_request.py`)\n\n"
        "Command: `.venv/bin/python benchmarks/dashboards_request.py --readme` (Django test "
        "client, analyst session, whole middleware and template stack; 2 shared cores).\n\n"
        f"{text}\n<!-- END {BLOCK} -->"
    )
    current = README.read_text(encoding="utf-8") if README.is_file() else "# Benchmarks\n"
    begin, end = f"<!-- BEGIN {BLOCK} -->", f"<!-- END {BLOCK} -->"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        _, tail = rest.split(end, 1)
        current = head + block + tail
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
