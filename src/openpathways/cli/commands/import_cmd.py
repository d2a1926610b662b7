"""`openpathways import <format> PATH`: all-or-nothing, idempotent imports with located errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from openpathways.cli.django_setup import setup_django

FORMAT_HELP = {
    "cde-directory": "CDE public schools directory (.txt/.tsv as CDE publishes it, or .xlsx)",
    "oneroster": "OneRoster 1.1 / 1.2 CSV package (zip or folder, bulk or delta)",
    "edfi": "Ed-Fi Data Standard 5.x XML interchange files in a folder",
    "college-roster": "College section rosters and final grades (CSV template, docs/interop)",
    "outcomes": "Certificates, certifications, CTE completions, AA pathways (CSV, docs/interop)",
}


class ImportGroup(click.Group):
    """One subcommand per registered importer."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        setup_django()
        from openpathways.interop.registry import importer_registry

        return list(importer_registry())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        setup_django()
        from openpathways.interop.registry import importer_registry

        importer = importer_registry().get(cmd_name)
        if importer is None:
            return None
        return _make_command(cmd_name, importer)


def _make_command(name: str, importer: object) -> click.Command:
    @click.command(name=name, help=FORMAT_HELP.get(name, f"Import {name} files."))
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Validate and count, write nothing.")
    @click.option("--lenient", is_flag=True, help="Accept known real-world deviations, warn.")
    @click.option(
        "--report",
        "report_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Report format on standard output.",
    )
    @click.option("--report-file", type=click.Path(path_type=Path), help="Also write JSON here.")
    @click.option("--as", "username", help="Username recorded as the actor (default: system).")
    def run(  # noqa: PLR0917 (click passes each option as an argument)
        path: Path,
        dry_run: bool,
        lenient: bool,
        report_format: str,
        report_file: Path | None,
        username: str | None,
    ) -> None:
        from django.contrib.auth import get_user_model

        from openpathways.interop.base import run_import

        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise click.UsageError(f"no user named {username!r}")
        console = Console(stderr=True)
        quiet = report_format == "json" or not console.is_terminal
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as progress:
            task = progress.add_task(f"Reading {path.name}", total=None)
            report = run_import(
                importer,  # type: ignore[arg-type]
                path,
                actor=actor,
                dry_run=dry_run,
                lenient=lenient,
                progress=lambda n: progress.advance(task, n),
            )
        data = report.as_dict()
        if report_file:
            report_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
        if report_format == "json":
            click.echo(json.dumps(data, indent=2))
        else:
            _print_text(report, Console())
        if report.status == "rejected":
            sys.exit(1)

    return run


def _print_text(report: object, console: Console) -> None:
    data = report.as_dict()  # type: ignore[attr-defined]
    for problem in report.errors:  # type: ignore[attr-defined]
        console.print(f"[red]error[/red] {problem}", highlight=False)
    for problem in report.warnings:  # type: ignore[attr-defined]
        console.print(f"[yellow]warning[/yellow] {problem}", highlight=False)
    table = Table(title=f"{data['format']} import: {data['status']}")
    for col in ("entity", "created", "updated", "unchanged", "rejected"):
        table.add_column(col, justify="left" if col == "entity" else "right")
    for entity, c in data["counts"].items():
        table.add_row(
            entity, str(c["created"]), str(c["updated"]), str(c["unchanged"]), str(c["rejected"])
        )
    console.print(table)
    if data["status"] == "rejected":
        console.print(f"[red]Rejected: {len(data['errors'])} error(s); nothing was written.[/red]")
    elif data["status"] == "dry_run":
        console.print("Dry run: nothing was written.")


@click.group(name="import", cls=ImportGroup)
def command() -> None:
    """Import data in the field's standards (all-or-nothing; re-running changes nothing)."""
