"""`openpathways analytics`: write the analytic snapshot and compute the published tables.

    openpathways analytics snapshot [--out DIR] [--as-of-year YEAR] [--as USERNAME]
    openpathways analytics compute [--engine duckdb|postgres|spark] [--snapshot DIR]
                                   [--table NAME] [--format table|csv|json] [--threshold N]
                                   [--years 2024,2025] [--pace UNITS] [--vendor-rule all|any]
    openpathways analytics tables

`compute` prints published tables: small cells suppressed (`*`), rates unrounded in csv and json,
rounded only in the on-screen table. See docs/metrics/README.md.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

ENGINES = ("duckdb", "postgres", "spark")


@click.group(name="analytics")
def command() -> None:
    """Analytics: the pseudonymised snapshot and the metric tables computed from it."""


def _default_snapshot() -> Path:
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings

    return Path(settings.HOME) / "analytics" / "snapshot"


@command.command(name="snapshot")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write (replaced whole). Default: <OPENPATHWAYS_HOME>/analytics/snapshot.",
)
@click.option("--as-of-year", type=int, default=None, help="School year of the snapshot.")
@click.option("--as", "username", help="Export the scope of this user (default: system, all).")
def snapshot_command(out: Path | None, as_of_year: int | None, username: str | None) -> None:
    """Write the pseudonymised analytic snapshot (Parquet) from the application database."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from openpathways.analytics_export import selectors, services
    from openpathways.students.access import StudentAccessDenied

    actor = None
    if username:
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None:
            raise click.UsageError(f"no user named {username!r}")
    target = out or _default_snapshot()
    console = Console(stderr=True)
    estimate = selectors.snapshot_row_estimate(actor=actor)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as progress:
        tasks = {
            name: progress.add_task(f"Reading {name}", total=total)
            for name, total in estimate.items()
        }
        try:
            result = services.snapshot_export(
                actor=actor,
                out_dir=target,
                as_of_year=as_of_year,
                progress=lambda label, n: progress.advance(tasks[label], n),
            )
        except StudentAccessDenied as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Snapshot written to {result.directory} (school year {result.as_of_year}):")
    for name, n in result.rows.items():
        click.echo(f"  {name:<18} {n:>10,} rows")


@command.command(name="tables")
def tables_command() -> None:
    """List the published tables."""
    from openpathways.analytics.tables import TABLES

    for name, spec in TABLES.items():
        click.echo(f"{name:<24} {spec.title}")


@command.command(name="compute")
@click.option(
    "--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True, help="Engine."
)
@click.option(
    "--snapshot",
    "snapshot",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Snapshot folder. Default: <OPENPATHWAYS_HOME>/analytics/snapshot.",
)
@click.option("--table", "table", default=None, help="One table (default: every table).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--threshold", type=click.IntRange(min=1), default=10, show_default=True,
    help="Counts from 1 to this are suppressed.",
)  # fmt: skip
@click.option(
    "--schema",
    default=None,
    help="PostgreSQL schema to load the snapshot into (default analytics_snapshot).",
)
@click.option(
    "--years",
    default=None,
    help="Only these school years, comma-separated start years (2024,2025).",
)
@click.option(
    "--pace",
    type=click.FloatRange(min=0),
    default=None,
    help="Units per remaining term assumed in the on-track projection (default 3).",
)
@click.option(
    "--vendor-rule",
    type=click.Choice(["all", "any"]),
    default=None,
    help="Vendor compliance: every commitment met (all, default) or any of them.",
)
def compute_command(  # noqa: PLR0917 - click passes each option as an argument
    engine: str,
    snapshot: Path | None,
    table: str | None,
    fmt: str,
    threshold: int,
    schema: str | None,
    years: str | None,
    pace: float | None,
    vendor_rule: str | None,
) -> None:
    """Compute the published tables on an engine, suppressed for publication."""
    from openpathways.analytics.engines import connect
    from openpathways.analytics.snapshot_schema import SnapshotError
    from openpathways.analytics.tables import TABLES, publish

    if table is not None and table not in TABLES:
        raise click.BadParameter(
            f"{table!r} is not a table; choose one of: {', '.join(TABLES)}", param_hint="--table"
        )
    year_list: tuple[int, ...] | None = None
    if years:
        try:
            year_list = tuple(int(y) for y in years.split(",") if y.strip())
        except ValueError:
            raise click.BadParameter(
                f"{years!r}: give school years as start years, e.g. 2024,2025",
                param_hint="--years",
            ) from None
    names = [table] if table else list(TABLES)
    if fmt == "csv" and len(names) > 1:
        raise click.BadParameter("csv prints one table: add --table NAME", param_hint="--format")
    folder = snapshot or _default_snapshot()
    if not folder.is_dir():
        raise click.ClickException(
            f"{folder}: no snapshot there; write one with `openpathways analytics snapshot`"
        )
    try:
        runner = connect(engine, folder, schema=schema)
    except SnapshotError as exc:
        raise click.ClickException(str(exc)) from None
    except (ValueError, RuntimeError, OSError) as exc:
        raise click.ClickException(f"{engine}: {exc}") from None
    try:
        params = runner.params(years=year_list, pace_units_per_term=pace, vendor_rule=vendor_rule)
        published = {
            n: publish(n, runner.compute(n, params), threshold=threshold).rows for n in names
        }
    finally:
        runner.close()
    if fmt == "json":
        body: Any = published[names[0]] if table else published
        click.echo(json.dumps(body, indent=2, default=str))
    elif fmt == "csv":
        _write_csv(published[names[0]], TABLES[names[0]].keys)
    else:
        _print_tables(published)


def _write_csv(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    if not rows:
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    sys.stdout.write(buffer.getvalue())


def _print_tables(published: dict[str, list[dict[str, Any]]]) -> None:
    from rich.console import Console
    from rich.table import Table

    from openpathways.analytics.tables import TABLES, format_rate, rate_columns

    console = Console()
    for name, rows in published.items():
        rates = set(rate_columns(name))
        grid = Table(title=f"{TABLES[name].title} ({name}, {len(rows)} rows)")
        columns = list(rows[0]) if rows else []
        for column in columns:
            grid.add_column(
                column,
                justify="left" if column in ("group_type", "group") else "right",
                overflow="fold",
            )
        for row in rows:
            grid.add_row(
                *[
                    format_rate(row[c]) if c in rates else ("" if row[c] is None else str(row[c]))
                    for c in columns
                ]
            )
        console.print(grid)
