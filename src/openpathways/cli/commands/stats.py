"""`openpathways stats`: how many rows of each entity the database holds (counts only)."""

from __future__ import annotations

import json

import click


@click.command("stats")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def command(fmt: str) -> None:
    """Print counts per entity: organizations by kind, schools, students, applications by
    status, ... Aggregates only; never a student row."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.demo.selectors import entity_counts, total

    counts = entity_counts()
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2, sort_keys=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="OpenPathways: rows per entity")
    table.add_column("entity")
    table.add_column("breakdown")
    table.add_column("count", justify="right")
    for key, value in counts.items():
        label = key.replace("_", " ")
        if isinstance(value, dict):
            table.add_row(label, "", f"{total(value):,}")
            for part, n in value.items():
                table.add_row("", part, f"{n:,}")
        else:
            table.add_row(label, "", f"{value:,}")
    Console().print(table)
