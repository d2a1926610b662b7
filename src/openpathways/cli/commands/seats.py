"""`openpathways seats`: allocate seats in oversubscribed sections from CSV files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from rich.console import Console

    from openpathways.allocation import Assignment
    from openpathways.allocation.explanations import PriorityLabels
    from openpathways.allocation.files import InputError, Rows
    from openpathways.allocation.problem import IntArray

_INPUT = click.Path(exists=True, dir_okay=False, path_type=Path)
_FILE = click.Path(exists=False, dir_okay=False, path_type=Path)


@click.group(name="seats")
def command() -> None:
    """Seat allocation: deferred acceptance with priority tiers and a seeded lottery."""


@command.command(name="allocate")
@click.option(
    "--students",
    "students_csv",
    type=_INPUT,
    required=True,
    help="student_id,tier[,lottery]; lower tier = higher priority.",
)
@click.option("--sections", "sections_csv", type=_INPUT, required=True, help="section_id,capacity.")
@click.option(
    "--applications",
    "applications_csv",
    type=_INPUT,
    required=True,
    help="student_id,section_id,rank[,priority]; rank 1 = most preferred.",
)
@click.option(
    "--seed",
    type=int,
    required=True,
    help="Seed of the lottery (recorded; used when the students file has no lottery).",
)
@click.option(
    "--output",
    "output_csv",
    type=_FILE,
    required=True,
    help="Written: student_id,section_id,rank,lottery, one row per student.",
)
@click.option(
    "--waitlists",
    "waitlists_csv",
    type=_FILE,
    default=None,
    help="Written: section_id,position,student_id,rank.",
)
@click.option(
    "--explain",
    "explain_csv",
    type=_FILE,
    default=None,
    help="Written: one row per reason, with its code, parameters and text.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default="en",
    show_default=True,
    help="Language of the explanation texts.",
)
@click.option(
    "--tier-labels",
    "tier_labels_csv",
    type=_INPUT,
    default=None,
    help="tier,label_en,label_es: names of the tiers in explanations.",
)
def allocate(
    *,
    students_csv: Path,
    sections_csv: Path,
    applications_csv: Path,
    seed: int,
    output_csv: Path,
    waitlists_csv: Path | None,
    explain_csv: Path | None,
    lang: str,
    tier_labels_csv: Path | None,
) -> None:
    """Place each student in at most one section: the student-optimal stable matching.

    Students propose to sections in the order they ranked them; a section keeps the students with
    the best (priority, lottery) up to its capacity. Inputs are checked in full first: on any
    error nothing is written and the command exits with status 1.
    """
    import numpy as np
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from openpathways.allocation import deferred_acceptance, draw_lottery, waitlists
    from openpathways.allocation.files import (
        InvalidInputError,
        read_inputs,
        read_tier_labels,
        write_csv_files,
    )

    out = Console()
    err = Console(stderr=True)
    inputs_paths = [students_csv, sections_csv, applications_csv]
    written = [p for p in (output_csv, waitlists_csv, explain_csv) if p is not None]
    resolved = [p.resolve() for p in written]
    read = {p.resolve() for p in inputs_paths + ([tier_labels_csv] if tier_labels_csv else [])}
    if len(set(resolved)) != len(resolved) or read & set(resolved):
        raise click.UsageError("each output needs its own file, distinct from the inputs")
    total_bytes = sum(p.stat().st_size for p in inputs_paths if p.is_file())

    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("Reading and checking files", total=total_bytes or None)

        def advance(done: int) -> None:
            progress.update(task, completed=done)

        try:
            inputs = read_inputs(students_csv, sections_csv, applications_csv, progress=advance)
            labels = read_tier_labels(tier_labels_csv) if tier_labels_csv else None
        except InvalidInputError as exc:
            progress.stop()
            _report_errors(exc.errors)
            raise SystemExit(1) from None
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    drawn = inputs.lottery is None
    lottery = draw_lottery(inputs.student_ids, seed) if inputs.lottery is None else inputs.lottery
    problem = inputs.problem(lottery)
    lottery_seconds = time.perf_counter() - started

    started = time.perf_counter()
    result = deferred_acceptance(problem)
    algorithm_seconds = time.perf_counter() - started

    started = time.perf_counter()
    sids, secs = inputs.student_ids, inputs.section_ids
    ranks = result.rank()
    outputs: dict[Path, tuple[Sequence[str], Rows]] = {
        output_csv: (
            ("student_id", "section_id", "rank", "lottery"),
            (
                (sid, secs[sec] if sec >= 0 else "", rank if rank >= 0 else "", lot)
                for sid, sec, rank, lot in zip(
                    sids, result.section.tolist(), ranks.tolist(), lottery.tolist(), strict=True
                )
            ),
        )
    }
    if waitlists_csv is not None:
        lists = waitlists(result)
        outputs[waitlists_csv] = (
            ("section_id", "position", "student_id", "rank"),
            (
                (secs[sec], pos, sids[st], rank)
                for sec, pos, st, rank in zip(
                    lists.section.tolist(),
                    lists.position.tolist(),
                    lists.student.tolist(),
                    lists.rank.tolist(),
                    strict=True,
                )
            ),
        )
    if explain_csv is not None:
        outputs[explain_csv] = (EXPLAIN_COLUMNS, _explain_rows(result, sids, secs, lang, labels))
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        lengths = np.diff(problem.offsets)
        n_rows = len(sids)
        if waitlists_csv is not None:
            n_rows += int(lists.section.size)
        if explain_csv is not None:
            n_rows += int(np.where(result.placed, result.position + 1, lengths + 1).sum())
        task = progress.add_task("Writing results (rows)", total=n_rows)
        write_csv_files(
            {
                path: (header, _ticking(rows, lambda k: progress.advance(task, k)))
                for path, (header, rows) in outputs.items()
            }
        )
    write_seconds = time.perf_counter() - started

    _summary(out, result, ranks, drawn=drawn, seed=seed)
    out.print(
        f"Times: reading and checking {parse_seconds:.2f} s, lottery and encoding "
        f"{lottery_seconds:.2f} s, algorithm {algorithm_seconds:.3f} s ({result.rounds} rounds), "
        f"writing {write_seconds:.2f} s."
    )


def _ticking(rows: Rows, advance: Callable[[int], object], every: int = 20_000) -> Rows:
    count = 0
    for row in rows:
        yield row
        count += 1
        if count == every:
            advance(count)
            count = 0
    advance(count)


EXPLAIN_COLUMNS = (
    "student_id",
    "order",
    "code",
    "section_id",
    "rank",
    "priority",
    "lottery",
    "cutoff_priority",
    "cutoff_lottery",
    "text",
)


def _explain_rows(
    result: Assignment,
    sids: list[str],
    secs: list[str],
    lang: str,
    labels: PriorityLabels | None,
) -> Iterator[tuple[object, ...]]:
    from openpathways.allocation import explain, render

    for student, sid in enumerate(sids):
        reasons = explain(result, student, section_ids=secs)
        ordered = reasons[-1:] + reasons[:-1]  # the outcome first
        for order, reason in enumerate(ordered, start=1):
            p = reason.params
            yield (
                sid,
                order,
                reason.code,
                p.get("section", ""),
                p.get("rank", ""),
                p.get("priority", ""),
                p.get("lottery", ""),
                p.get("cutoff_priority", ""),
                p.get("cutoff_lottery", ""),
                render(reason, lang=lang, labels=labels),
            )


def _report_errors(errors: list[InputError]) -> None:
    from openpathways.allocation.files import MAX_REPORTED_ERRORS

    for e in errors[:MAX_REPORTED_ERRORS]:
        click.echo(f"error: {e}", err=True)
    if len(errors) > MAX_REPORTED_ERRORS:
        click.echo(f"... and {len(errors) - MAX_REPORTED_ERRORS} more errors", err=True)
    click.echo(f"{len(errors)} error(s) found; nothing was written.", err=True)


def _summary(out: Console, result: Assignment, ranks: IntArray, *, drawn: bool, seed: int) -> None:
    import numpy as np
    from rich.table import Table

    n = result.problem.n_students
    placed = int(result.placed.sum())
    table = Table(title="Seat allocation", show_header=True)
    table.add_column("outcome")
    table.add_column("students", justify="right")
    table.add_column("share", justify="right")

    def share(k: int) -> str:
        return f"{100 * k / n:.1f}%" if n else "-"

    table.add_row("placed", str(placed), share(placed))
    for rank, count in zip(*np.unique(ranks[ranks >= 0], return_counts=True), strict=True):
        table.add_row(f"  in rank {int(rank)}", str(int(count)), share(int(count)))
    table.add_row("unplaced", str(n - placed), share(n - placed))
    out.print(table)
    source = f"drawn from seed {seed}" if drawn else "taken from the students file"
    out.print(f"Lottery numbers {source}.")


# --- allocation runs in the database ----------------------------------------------------------


@command.group(name="runs")
def runs() -> None:
    """Allocation runs stored in the database: create, run, review, publish, expire offers."""


def _actor(username: str | None) -> object:
    from django.contrib.auth import get_user_model

    if not username:
        raise click.UsageError("name the coordinator who acts with --as USERNAME")
    actor = get_user_model().objects.filter(username=username).first()
    if actor is None:
        raise click.UsageError(f"--as: no user named {username!r}")
    return actor


def _fail(exc: Exception) -> NoReturn:
    click.echo(f"Refused: {exc}", err=True)
    raise SystemExit(1)


_AS = click.option("--as", "username", help="The coordinator who acts (username).")


@runs.command(name="list")
@_AS
def runs_list(username: str | None) -> None:
    """The runs you coordinate."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from rich.console import Console
    from rich.table import Table

    from openpathways.seats.selectors import run_list

    table = Table(title="Allocation runs")
    for col in ("id", "name", "term", "program", "seed", "status", "placed"):
        table.add_column(col)
    for r in run_list(actor=_actor(username)):
        placed = f"{r.summary.get('placed', '')}/{r.summary.get('students', '')}"
        table.add_row(
            str(r.pk), r.name, r.term.code, r.program, str(r.seed), r.status,
            placed if r.summary else "",
        )  # fmt: skip
    Console().print(table)


@runs.command(name="create")
@_AS
@click.option("--term", "term_id", type=int, required=True, help="Term id.")
@click.option("--program", required=True, help="ccap, special-admit, adult-ed or wbl.")
@click.option(
    "--organization", "organization_id", type=int, required=True, help="Coordinating org id."
)
@click.option("--seed", type=int, default=None, help="Lottery seed (drawn and recorded if absent).")
@click.option(
    "--tiers",
    "tiers_json",
    type=_INPUT,
    default=None,
    help="JSON file: the ordered list of priority tiers (see docs/seats.md).",
)
@click.option("--offer-days", type=int, default=7, show_default=True)
@click.option(
    "--max-sections",
    type=int,
    default=1,
    show_default=True,
    help="Sections a student may get (more than 1: seat rounds within the unit cap).",
)
@click.option("--unit-cap", type=float, default=None, help="Default: the program's cap.")
@click.option("--name", default="", help="Name shown to coordinators.")
def runs_create(
    *,
    username: str | None,
    term_id: int,
    program: str,
    organization_id: int,
    seed: int | None,
    tiers_json: Path | None,
    offer_days: int,
    max_sections: int,
    unit_cap: float | None,
    name: str,
) -> None:
    """Create a draft run."""
    import json

    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.seats import services

    tiers = []
    if tiers_json is not None:
        try:
            tiers = json.loads(tiers_json.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            click.echo(f"Refused: {tiers_json}: not valid JSON: {exc}", err=True)
            raise SystemExit(1) from exc
    try:
        run = services.run_create(
            actor=_actor(username), term_id=term_id, program=program,
            organization_id=organization_id, seed=seed, tiers=tiers, offer_days=offer_days,
            name=name, max_sections=max_sections, unit_cap=unit_cap,
        )  # fmt: skip
    except services.SeatError as exc:
        _fail(exc)
    click.echo(f"Created run {run.pk} ({run.name}), seed {run.seed}.")


@runs.command(name="run")
@_AS
@click.argument("run_id", type=int)
def runs_run(username: str | None, run_id: int) -> None:
    """Run the allocation (again, until published): same seed, same result."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.seats import services

    try:
        run = services.run_execute(actor=_actor(username), run_id=run_id)
    except services.SeatError as exc:
        _fail(exc)
    s = run.summary
    ranks = ", ".join(
        f"choice {k}: {v}" for k, v in sorted(s["by_rank"].items(), key=lambda kv: int(kv[0]))
    )
    click.echo(
        f"Run {run.pk}: {s['placed']} of {s['students']} students placed in {s['sections']} "
        f"sections (seed {run.seed}). {ranks}"
    )


@runs.command(name="results")
@_AS
@click.argument("run_id", type=int)
@click.option("--lang", type=click.Choice(["en", "es"]), default="en", show_default=True)
@click.option("--limit", type=int, default=50, show_default=True)
def runs_results(username: str | None, run_id: int, lang: str, limit: int) -> None:
    """Review a run's results with each student's explanation (reads are logged)."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from rich.console import Console
    from rich.table import Table

    from openpathways.seats import selectors

    try:
        results = selectors.run_results(
            actor=_actor(username), run_id=run_id, lang=lang, limit=limit, channel="cli"
        )
    except selectors.RunNotFoundError as exc:
        _fail(exc)
    table = Table(title=f"{results.run.name}: {results.total} students")
    for col in ("student", "section", "rank", "tier", "lottery", "explanation"):
        table.add_column(col)
    for r in results.rows:
        table.add_row(
            f"{r.student_name} ({r.state_student_id})", r.section, str(r.rank or ""), r.tier,
            str(r.lottery), r.explanation,
        )  # fmt: skip
    Console().print(table)


@runs.command(name="publish")
@_AS
@click.argument("run_id", type=int)
def runs_publish(username: str | None, run_id: int) -> None:
    """Publish: offers with deadlines for the placed, waitlists for the rest."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.seats import services

    try:
        run = services.run_publish(actor=_actor(username), run_id=run_id)
    except services.SeatError as exc:
        _fail(exc)
    click.echo(
        f"Published run {run.pk}: {run.offers.count()} offers, {run.waitlist.count()} waiting."
    )


@runs.command(name="expire-offers")
def runs_expire_offers() -> None:
    """Expire offers past their deadline, release seats of withdrawn, denied or dropped
    applications, and offer the seats to the waitlists (idempotent: run it daily)."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.seats import services

    n = services.offers_expire()
    released, removed = services.seats_release_closed()
    click.echo(
        f"{n} offers expired. {released} seats and {removed} waitlist places of closed "
        "applications released."
    )
