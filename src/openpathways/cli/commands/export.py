"""`openpathways export <format> --out PATH`: one subcommand per registered exporter.

Exporters live in `openpathways.interop.exporters.<module>` (each exposes `EXPORTER`); this group
finds them, so adding a format needs no change here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from openpathways.cli.django_setup import setup_django


class ExportGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        setup_django()
        from openpathways.interop.exporters import exporter_registry

        return list(exporter_registry())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        setup_django()
        from openpathways.interop.exporters import exporter_registry

        exporter = exporter_registry().get(cmd_name)
        return None if exporter is None else _make_command(exporter)


def _make_command(exporter: Any) -> click.Command:
    def run(out: Path, username: str | None, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        from openpathways.students.access import StudentAccessDenied

        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None:
                raise click.UsageError(f"no user named {username!r}")
        elif exporter.requires_actor:
            raise click.UsageError(
                f"{exporter.format} exports student records: name the user whose scope it "
                "covers with --as USER (for example a district administrator)"
            )
        if out.parent and not out.parent.exists():
            raise click.UsageError(f"folder {str(out.parent)!r} does not exist")
        try:
            result = exporter.export(out=out, actor=actor, **options)
        except StudentAccessDenied as exc:
            click.echo(f"Refused: {exc}", err=True)
            sys.exit(1)
        console = Console(stderr=True)
        for warning in result.warnings:
            console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
        table = Table(title=f"{exporter.format} export")
        table.add_column("record")
        table.add_column("rows", justify="right")
        for name, count in result.rows.items():
            table.add_row(name, str(count))
        console.print(table)
        for path in result.files:
            console.print(f"Wrote {path}", highlight=False)

    params: list[click.Parameter] = [
        click.Option(
            ["--out"],
            required=True,
            type=click.Path(path_type=Path, dir_okay=True),
            help="File (or folder, for multi-file formats) to write.",
        ),
        click.Option(
            ["--as", "username"],
            help="User whose scope the export covers (required for student records).",
        ),
        *exporter.options,
    ]
    return click.Command(
        name=exporter.format, callback=run, params=params, help=exporter.help or None
    )


@click.group(name="export", cls=ExportGroup)
def command() -> None:
    """Export data in the field's standards (CALPADS, OneRoster, Ed-Fi)."""
