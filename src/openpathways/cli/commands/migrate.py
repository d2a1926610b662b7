"""`openpathways migrate`: apply the database migrations."""

from __future__ import annotations

import click


@click.command("migrate")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def command(quiet: bool) -> None:
    """Apply database migrations to the database DATABASE_URL names."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    if not quiet:
        click.echo(f"Database: {describe_database(connection.settings_dict)}")
    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


def describe_database(settings_dict: dict[str, object]) -> str:
    """Engine and name of a database, without its password."""
    engine = str(settings_dict.get("ENGINE", "")).rsplit(".", 1)[-1]
    name = settings_dict.get("NAME", "")
    host = settings_dict.get("HOST") or ""
    return f"{engine} {name}" + (f" on {host}" if host else "")
