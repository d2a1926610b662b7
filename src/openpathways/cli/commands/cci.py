"""`openpathways cci`: the College/Career Indicator (CCI) projection from CSV files.

    openpathways cci project --students S.csv --courses C.csv [--format csv|json] [--summary]
                             [--term-rule combined|separate] [--output FILE]

Needs no database: the rules live in `openpathways.analytics.cci` (docs/metrics/cci.md).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

MAX_PROBLEMS_SHOWN = 50


@click.group(name="cci")
def command() -> None:
    """College/Career Indicator (CCI): project graduates' Prepared levels."""


def _write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@command.command(name="project")
@click.option(
    "--students",
    "students_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: student_id,graduated,ag_complete,sbac_ela,sbac_math (the cohort).",
)
@click.option(
    "--courses",
    "courses_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: student_id,year,kind,term_length,grade,units,college_credit,subject,pathway.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--summary", is_flag=True, help="Add the status (Prepared / cohort) and counts per level."
)
@click.option(
    "--term-rule",
    type=click.Choice(["combined", "separate"]),
    default="combined",
    show_default=True,
    help="How semester, quarter and trimester courses add up (see docs/metrics/cci.md).",
)
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of standard output (written whole, or not at all).",
)
def project_command(  # noqa: PLR0917 - click passes each option as an argument
    students_path: Path,
    courses_path: Path,
    fmt: str,
    summary: bool,
    term_rule: str,
    output: Path | None,
) -> None:
    """Each student's CCI level, measures met and dual-enrollment units.

    Only graduates can be Prepared or Approaching Prepared; every student in the students file is
    in the cohort (the denominator).
    """
    from rich.console import Console
    from rich.progress import Progress

    from openpathways.analytics import cci, cci_io

    rule = cci.TermRule(term_rule)
    try:
        students, courses = cci_io.load(students_path, courses_path)
    except cci_io.CciInputError as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            click.echo(f"Error: {problem}", err=True)
        hidden = len(exc.problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            click.echo(f"... and {hidden} more problems.", err=True)
        click.echo("Nothing was written.", err=True)
        sys.exit(1)

    by_student = cci.courses_by_student(courses)
    results: list[cci.StudentResult] = []
    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("Projecting CCI levels", total=len(students))
        for student in students:
            results.append(
                cci.student_result(student, by_student.get(student.student_id, []), term_rule=rule)
            )
            progress.advance(task)

    totals = cci.summarize(results) if summary else None
    render = cci_io.render_json if fmt == "json" else cci_io.render_csv
    text = render(results, totals, term_rule=rule)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)
        click.echo(f"Wrote {len(results)} students to {output}", err=True)
