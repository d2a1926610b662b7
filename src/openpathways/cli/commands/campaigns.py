"""`openpathways campaigns`: senior college and financial-aid application campaigns (EC 51225.7).

    openpathways campaigns import FILE.csv [--as USERNAME] [--today YYYY-MM-DD] [--dry-run]
    openpathways campaigns list --as USERNAME [--list no_decision|not_started|stuck|
        no_college_application|all] [--mine] [--format table|csv]
    openpathways campaigns progress --as USERNAME

The CSV file has a header with `state_student_id` and one or more of `financial_aid`,
`community_college`, `university` (status codes), each optionally with a date column
`<status>_on` (YYYY-MM-DD). An import is all or nothing: any bad line and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from openpathways.cli.django_setup import setup_django

LISTS = ("no_decision", "not_started", "stuck", "no_college_application", "all")


def _actor(username: str | None, *, required: bool) -> Any:
    if not username:
        if required:
            raise click.UsageError("--as USERNAME is required: lists are read in a user's scope.")
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.UsageError(f"--as {username!r}: no active user has that name.")
    return user


_TODAY = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Act as of this date (YYYY-MM-DD); default today. Sets the graduating class.",
)  # fmt: skip


@click.group(name="campaigns")
def command() -> None:
    """Senior campaigns: FAFSA / California Dream Act / opt-out and college applications."""


@command.command(name="import")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--as", "username", help="Username recorded as the actor (default: system).")
@click.option("--dry-run", is_flag=True, help="Check the whole file, write nothing.")
@_TODAY
def import_(path: Path, username: str | None, dry_run: bool, today: dt.datetime | None) -> None:
    """Import campaign statuses from a CSV file, all or nothing."""
    setup_django()
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from openpathways.outcomes.campaign_rules import CampaignCsvError, campaign_csv_parse
    from openpathways.outcomes.services import campaign_statuses_import

    actor = _actor(username, required=False)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise click.ClickException(f"{path}: no such file.") from None
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not UTF-8 text ({exc.reason}).") from None
    console = Console(stderr=True)
    try:
        with Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn(),
            console=console, disable=not console.is_terminal, transient=True,
        ) as progress:  # fmt: skip
            task = progress.add_task(f"Reading {path.name}", total=2)
            rows = campaign_csv_parse(text, file=path.name)
            progress.update(task, advance=1, description=f"Writing {len(rows):,} rows")
            with transaction.atomic():
                result = campaign_statuses_import(
                    actor=actor, rows=rows, file=path.name,
                    today=today.date() if today else None,
                )  # fmt: skip
                if dry_run:
                    transaction.set_rollback(True)
            progress.advance(task)
    except CampaignCsvError as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(exc.errors)} error(s): nothing was written.", err=True)
        sys.exit(1)
    except PermissionDenied as exc:
        raise click.ClickException(f"--as {username!r}: {exc}") from exc
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{result.rows:,} rows read: {result.created:,} seniors {verb} added, "
        f"{result.changed:,} {verb} updated, {result.unchanged:,} unchanged."
    )


@command.command(name="list")
@click.option("--as", "username", required=True, help="The counselor or staff member who reads.")
@click.option("--list", "list_code", type=click.Choice(LISTS), default="no_decision",
              show_default=True, help="Which campaign list.")  # fmt: skip
@click.option("--mine", is_flag=True, help="Counselors: only my caseload.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@_TODAY
def list_(  # noqa: PLR0917 (click passes each option by keyword)
    username: str, list_code: str, mine: bool, fmt: str, limit: int, today: dt.datetime | None
) -> None:
    """List this school year's seniors on one campaign list (each senior listed is logged)."""
    setup_django()
    from openpathways.outcomes.selectors import campaign_list
    from openpathways.students.access import StudentAccessDenied

    actor = _actor(username, required=True)
    try:
        page = campaign_list(
            actor=actor, list_code=list_code, channel="cli", caseload_only=mine,
            today=today.date() if today else None, limit=limit,
        )  # fmt: skip
    except StudentAccessDenied as exc:
        raise click.ClickException(str(exc)) from exc
    header = ["state_student_id", "last_name", "first_name", "school", "financial_aid",
              "community_college", "university", "stuck", "next_action"]  # fmt: skip
    rows = [
        [r.student.state_student_id, r.student.last_name, r.student.first_name,
         r.student.school.name, r.financial_aid, r.community_college, r.university,
         "yes" if r.stuck else "", r.next_action]
        for r in page.rows
    ]  # fmt: skip
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(header)
        writer.writerows(rows)
        return
    table = Table(title=f"Class of {page.class_of}: {list_code} ({page.total:,})")
    for name in header:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@command.command()
@click.option("--as", "username", required=True, help="The staff member or analyst who reads.")
@_TODAY
def progress(username: str, today: dt.datetime | None) -> None:
    """Campaign progress by school (suppressed for analysts)."""
    setup_django()
    from openpathways.outcomes.selectors import campaign_progress_by_school
    from openpathways.students.access import StudentAccessDenied

    actor = _actor(username, required=True)
    try:
        result = campaign_progress_by_school(actor=actor, today=today.date() if today else None)
    except StudentAccessDenied as exc:
        raise click.ClickException(str(exc)) from exc
    table = Table(
        title="Senior campaigns by school" + (" (suppressed)" if result.suppressed else "")
    )
    for name in result.columns:
        table.add_column(name, justify="left" if name == "school" else "right")
    for row in result.rows:
        table.add_row(*[row.get(c, "") for c in result.columns])
    Console().print(table)
