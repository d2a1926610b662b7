"""`openpathways demo`: build the demo partnership (modelled on Los Angeles) and serve it."""

from __future__ import annotations

import os
import time
from typing import Any

import click

from openpathways.demo.sizes import SIZES


class RichProgress:
    """A rich progress bar per build phase."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.task: Any = None
        self.total = 1

    def start(self, phase: str, total: int) -> None:
        self.total = max(total, 1)
        self.task = self.progress.add_task(phase, total=self.total)

    def advance(self, n: int = 1) -> None:
        self.progress.advance(self.task, n)

    def finish(self) -> None:
        self.progress.update(self.task, completed=self.total)


@click.command("demo")
@click.option(
    "--size",
    type=click.Choice(list(SIZES)),
    default="small",
    show_default=True,
    help="small: a few thousand students; district: ~150,000 (LA Unified); county: ~420,000; "
    "state: ~2,000,000.",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Same seed, same data.")
@click.option("--no-serve", is_flag=True, help="Build and print the accounts, do not serve.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def command(size: str, seed: int, no_serve: bool, port: int, host: str) -> None:
    """Apply migrations, (re)build the demo database from SEED, print a sign-in link and the
    username/password of each demo role, then serve the app."""
    if not no_serve:
        os.environ["OPENPATHWAYS_DEMO_LOGIN"] = "1"
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from openpathways.cli.commands.migrate import describe_database
    from openpathways.cli.commands.serve import print_demo_links, run_server
    from openpathways.demo.services import demo_build, demo_database_has_data

    if not no_serve:
        settings.DEMO_LOGIN = True
    console = Console()
    console.print(f"Database: {describe_database(connection.settings_dict)}")
    console.print("Applying migrations ...")
    call_command("migrate", interactive=False, verbosity=0)
    if demo_database_has_data():
        console.print(
            "[bold yellow]Rebuilding from scratch:[/] every row of the existing database is "
            "replaced by the demo data."
        )
    profile = SIZES[size]
    console.print(
        f"Building the [bold]{size}[/] demo (seed {seed}): {profile.students:,} students in "
        "grades 9-12 ..."
    )
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<52}"),
        BarColumn(),
        TextColumn("{task.completed:>9,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        result = demo_build(size=size, seed=seed, progress=RichProgress(bar))
    console.print(
        f"Built {result.rows_written:,} rows in {time.perf_counter() - started:.1f} s. "
        "Counts: `openpathways stats`."
    )
    print_demo_links(f"http://{host}:{port}")
    if no_serve:
        console.print(
            "Not serving (--no-serve). To use the links: "
            "OPENPATHWAYS_DEMO_LOGIN=1 openpathways serve (it prints fresh ones)."
        )
        return
    run_server(host, port)
