"""Seat allocation benchmark: one-seat deferred acceptance at district and state scale.

    .venv/bin/python benchmarks/seats_allocate.py [--no-readme] [--skip-state] [--skip-files]

For each scale it generates a synthetic instance (skewed section popularity, three priority tiers,
5% of applications with a per-application priority), writes it as the three CSV files of
`openpathways seats allocate`, and reports separately:

- reading and checking the files (`openpathways.allocation.files.read_inputs`), with the Arrow
  fast path and with the line-by-line reader;
- the algorithm (`deferred_acceptance`, vectorised rounds), its time (best of 3) and peak memory
  (tracemalloc, which sees NumPy's buffers);
- the baseline measured in the same run: a careful plain-Python one-proposal-at-a-time deferred
  acceptance with a heap per section; the two matchings must be identical;
- on small instances, the `matching` package's resident-optimal hospital-resident solver; the
  matchings must be identical.

The latest output is written into the `seats_allocate` block of benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import heapq
import os
import sys
import tempfile
import threading
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openpathways.allocation import Problem, deferred_acceptance  # noqa: E402
from openpathways.allocation.deferred_acceptance import priority_keys  # noqa: E402
from openpathways.allocation.files import read_inputs  # noqa: E402

T = TypeVar("T")
README = ROOT / "benchmarks" / "README.md"
BLOCK = "seats_allocate"


@dataclass(frozen=True)
class Scale:
    name: str
    students: int
    ranks: int
    sections: int
    seats: int


SCALES = [
    Scale("district", 100_000, 5, 5_000, 30),
    Scale("state", 500_000, 12, 20_000, 30),
]
SMALL = [Scale("small-2k", 2_000, 5, 100, 30), Scale("small-10k", 10_000, 5, 500, 30)]


def generate(scale: Scale, seed: int = 2026) -> Problem:
    """Skewed popularity (lognormal weights), distinct sections per student, tiers 1-3."""
    rng = np.random.default_rng(seed)
    n, k, m = scale.students, scale.ranks, scale.sections
    weights = rng.lognormal(0.0, 1.0, m)
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    wide = 3 * k
    draws = np.searchsorted(cdf, rng.random((n, wide)), side="right").astype(np.int64)
    order = np.argsort(draws, axis=1, kind="stable")
    sorted_draws = np.take_along_axis(draws, order, axis=1)
    dup_sorted = np.zeros_like(sorted_draws, dtype=np.bool_)
    dup_sorted[:, 1:] = sorted_draws[:, 1:] == sorted_draws[:, :-1]
    duplicate = np.empty_like(dup_sorted)
    np.put_along_axis(duplicate, order, dup_sorted, axis=1)
    keep = ~duplicate
    keep &= np.cumsum(keep, axis=1) <= k
    lengths = keep.sum(axis=1)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tier = rng.choice(np.array([1, 2, 3]), size=n, p=[0.25, 0.15, 0.60])
    priority = np.repeat(tier, lengths)
    priority[rng.random(priority.size) < 0.05] = 0  # e.g. host-school students at that section
    return Problem(
        capacity=np.full(m, scale.seats, dtype=np.int64),
        offsets=offsets,
        choice_section=draws[keep],
        choice_priority=priority,
        lottery=rng.permutation(n).astype(np.int64) + 1,
    )


def python_deferred_acceptance(problem: Problem) -> list[int]:
    """Baseline: plain Python, one proposal at a time, a max-heap of holders per section."""
    key = priority_keys(problem).key.tolist()
    section_of = problem.choice_section.tolist()
    capacity = problem.capacity.tolist()
    nxt = problem.offsets[:-1].tolist()
    end = problem.offsets[1:].tolist()
    heaps: list[list[tuple[int, int]]] = [[] for _ in capacity]
    held = [-1] * problem.n_students
    push, replace = heapq.heappush, heapq.heapreplace
    for student in range(problem.n_students):
        s = student
        while True:
            i = nxt[s]
            if i >= end[s]:
                break
            nxt[s] = i + 1
            c = section_of[i]
            k = key[i]
            heap = heaps[c]
            if len(heap) < capacity[c]:
                push(heap, (-k, s))
                held[s] = c
                break
            if heap and -heap[0][0] > k:
                _, worst = replace(heap, (-k, s))
                held[s] = c
                held[worst] = -1
                s = worst
    return held


def matching_package(problem: Problem) -> list[int]:
    """Run in a thread with a large stack: the package deep-copies its linked player objects."""
    out: list[list[int]] = []
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    try:
        worker = threading.Thread(target=lambda: out.append(_matching_package(problem)))
        worker.start()
        worker.join()
    finally:
        threading.stack_size(0)
        sys.setrecursionlimit(limit)
    return out[0]


def _matching_package(problem: Problem) -> list[int]:
    from matching.games import HospitalResident

    keys = priority_keys(problem).key
    resident_prefs: dict[int, list[int]] = {}
    applicants: dict[int, list[tuple[int, int]]] = {}
    for s in range(problem.n_students):
        start, stop = int(problem.offsets[s]), int(problem.offsets[s + 1])
        resident_prefs[s] = problem.choice_section[start:stop].tolist()
        for i in range(start, stop):
            applicants.setdefault(int(problem.choice_section[i]), []).append((int(keys[i]), s))
    hospital_prefs = {h: [s for _, s in sorted(a)] for h, a in applicants.items()}
    capacities = {h: int(problem.capacity[h]) for h in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        result = game.solve(optimal="resident")
    held = [-1] * problem.n_students
    for hospital, residents in result.items():
        for resident in residents:
            held[resident.name] = hospital.name
    return held


def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    best = float("inf")
    result: T
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return result, best


def peak_memory(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def write_files(problem: Problem, folder: Path) -> tuple[Path, Path, Path]:
    n = problem.n_students
    ids = pa.array([f"S{i:07d}" for i in range(n)])
    sec_ids = pa.array([f"C{i:06d}" for i in range(problem.n_sections)])
    student = problem.student_of_choice()
    tier = np.full(n, 3, dtype=np.int64)  # the generator's tier is folded into choice_priority
    first = problem.offsets[:-1][np.diff(problem.offsets) > 0]
    tier[student[first]] = problem.choice_priority[first]
    rank = np.arange(problem.n_applications) - problem.offsets[student] + 1
    options = pacsv.WriteOptions(quoting_style="none")
    paths = (folder / "students.csv", folder / "sections.csv", folder / "applications.csv")
    pacsv.write_csv(
        pa.table({"student_id": ids, "tier": tier, "lottery": problem.lottery}), paths[0], options
    )
    pacsv.write_csv(
        pa.table({"section_id": sec_ids, "capacity": problem.capacity}), paths[1], options
    )
    pacsv.write_csv(
        pa.table(
            {
                "student_id": ids.take(pa.array(student)),
                "section_id": sec_ids.take(pa.array(problem.choice_section)),
                "rank": rank,
                "priority": problem.choice_priority,
            }
        ),
        paths[2],
        options,
    )
    return paths


def run(args: argparse.Namespace) -> list[str]:
    lines = [
        f"Machine: {os.cpu_count()} cores, load average at start "
        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())} (shared machine). "
        f"Python {sys.version.split()[0]}, NumPy {np.__version__}.",
        "",
        "| instance | students x ranks x sections (seats) | applications | reading files "
        "(Arrow / line by line) | algorithm (best of 3) | rounds (+ tail proposals) | "
        "peak memory | plain-Python baseline | speed-up | "
        "identical | placed (1st choice) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    scales = SCALES[:1] if args.skip_state else SCALES
    for scale in scales:
        problem = generate(scale)
        parse = "-"
        if not args.skip_files:
            with tempfile.TemporaryDirectory() as tmp:
                paths = write_files(problem, Path(tmp))
                inputs, parse_s = timed(partial(read_inputs, *paths))
                slow, slow_s = timed(partial(read_inputs, *paths, fast=False))
                for read in (inputs, slow):
                    assert read.lottery is not None
                    parsed = read.problem(read.lottery)
                    assert np.array_equal(parsed.choice_section, problem.choice_section)
                    assert np.array_equal(parsed.choice_priority, problem.choice_priority)
                parse = f"{parse_s:.2f} s / {slow_s:.2f} s"
        result, algo_s = timed(partial(deferred_acceptance, problem), repeat=3)
        memory = peak_memory(partial(deferred_acceptance, problem))
        baseline, base_s = timed(partial(python_deferred_acceptance, problem))
        same = baseline == result.section.tolist()
        placed = int(result.placed.sum())
        first = int((result.position == 0).sum())
        lines.append(
            f"| {scale.name} | {scale.students:,} x {scale.ranks} x {scale.sections:,} "
            f"({scale.seats}) | {problem.n_applications:,} | {parse} | {algo_s:.3f} s | "
            f"{result.rounds} (+{result.sequential_proposals}) | {memory:.0f} MiB | "
            f"{base_s:.2f} s | {base_s / algo_s:.1f}x | "
            f"{'yes' if same else 'NO'} | {placed:,} ({first:,}) |"
        )
        print(lines[-1], flush=True)
        if not same:
            raise SystemExit(f"{scale.name}: the vectorised and plain matchings differ")
    lines += [
        "",
        "| small instance | students x ranks x sections (seats) | algorithm | "
        "`matching` package (HospitalResident) | ratio | identical |",
        "|---|---|---|---|---|---|",
    ]
    for scale in SMALL:
        problem = generate(scale)
        result, algo_s = timed(partial(deferred_acceptance, problem), repeat=3)
        theirs, theirs_s = timed(partial(matching_package, problem))
        same = theirs == result.section.tolist()
        lines.append(
            f"| {scale.name} | {scale.students:,} x {scale.ranks} x {scale.sections:,} "
            f"({scale.seats}) | {algo_s * 1000:.1f} ms | {theirs_s:.2f} s | "
            f"{theirs_s / algo_s:,.0f}x | {'yes' if same else 'NO'} |"
        )
        print(lines[-1], flush=True)
        if not same:
            raise SystemExit(f"{scale.name}: the matching package disagrees")
    lines += multi_seat_lines()
    lines += ["", f"Load average at the end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}."]
    return lines


def multi_seat_lines() -> list[str]:
    """Seat rounds at district scale: 3- and 4-unit sections, 11- or 15-unit caps, 4 sections at
    most, each section meeting in one of 60 weekly blocks."""
    from openpathways.allocation.multi_seat import HELD, SeatLimits, multi_seat_allocate

    problem = generate(SCALES[0])
    rng = np.random.default_rng(3)
    m, n = problem.n_sections, problem.n_students
    limits = SeatLimits.build(
        units=rng.choice([3, 4], m).tolist(),
        unit_cap=rng.choice([11, 15], n).tolist(),
        max_sections=[4] * n,
        meetings=[set(range(4 * b, 4 * b + 4)) for b in rng.integers(0, 60, m).tolist()],
    )
    result, seconds = timed(partial(multi_seat_allocate, problem, limits), repeat=3)
    held = problem.student_of_choice()[result.status == HELD]
    spread = np.bincount(np.bincount(held, minlength=n))
    line = (
        f"| district, several seats | {seconds:.3f} s | {len(result.rounds)} | "
        + " / ".join(f"{int(k):,}" for k in spread)
        + " |"
    )
    print(line, flush=True)
    return [
        "",
        "| multi-seat (seat rounds) | algorithm (best of 3) | seat rounds | "
        "students with 0 / 1 / 2 / ... seats |",
        "|---|---|---|---|",
        line,
    ]


def write_readme(lines: list[str]) -> None:
    begin, end = f"<!-- BEGIN {BLOCK} -->", f"<!-- END {BLOCK} -->"
    body = "\n".join(
        [
            begin,
            "## Seat allocation (`benchmarks/seats_allocate.py`)",
            "",
            "Targets on 2 cores: district scale under 0.5 s, state scale under 3 s (the algorithm;",
            "reading the files is reported apart). Run: `.venv/bin/python "
            "benchmarks/seats_allocate.py`.",
            "",
            *lines,
            end,
        ]
    )
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        _, after = rest.split(end, 1)
        text = before + body + after
    else:
        text = text.rstrip("\n") + "\n\n" + body + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    parser.add_argument("--skip-state", action="store_true", help="district scale only")
    parser.add_argument("--skip-files", action="store_true", help="do not time file reading")
    args = parser.parse_args()
    lines = run(args)
    print("\n".join(lines))
    if not args.no_readme:
        write_readme(lines)


if __name__ == "__main__":
    main()
