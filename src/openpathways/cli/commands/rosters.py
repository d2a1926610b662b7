"""`openpathways rosters`: term roster reconciliation.

    openpathways rosters reconcile --term 2026FA [--college CODE] [--today YYYY-MM-DD]

Compares each college's roster (the course enrollments the college-roster import writes) with the
high schools' approved and registered applications, and brings the discrepancy queue up to date:
registered without consent, approved but not registered, dropped, section cancelled, grade missing
after the term. Running it again the same day changes nothing.
"""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console
from rich.table import Table

from openpathways.cli.django_setup import setup_django


@click.group(name="rosters")
def command() -> None:
    """Term roster reconciliation between colleges and high schools."""


@command.command()
@click.option("--term", "term_code", required=True, help="Term code, for example 2026FA.")
@click.option(
    "--college", default=None,
    help="Only this college or adult-education provider (its code, or its exact name).",
)  # fmt: skip
@click.option(
    "--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Reconcile as of this date (YYYY-MM-DD); default today.",
)  # fmt: skip
def reconcile(term_code: str, college: str | None, today: dt.datetime | None) -> None:
    """Find roster discrepancies for every section of term TERM."""
    setup_django()
    from django.db.models import Q

    from openpathways.organizations.models import Organization
    from openpathways.rosters.models import DiscrepancyKind
    from openpathways.rosters.services import RosterError, roster_reconcile

    college_id = None
    if college:
        found = list(
            Organization.objects.filter(Q(code=college) | Q(name=college)).values_list(
                "pk", flat=True
            )[:2]
        )
        if len(found) != 1:
            what = "no organization" if not found else "more than one organization"
            raise click.ClickException(f"--college {college!r}: {what} has that code or name.")
        college_id = found[0]
    console = Console(stderr=True)
    try:
        with console.status(f"Reconciling the rosters of {term_code}..."):
            result = roster_reconcile(
                actor=None, term_code=term_code, college_id=college_id,
                today=today.date() if today else None,
            )  # fmt: skip
    except RosterError as exc:
        raise click.ClickException(f"--term {term_code!r}: {exc.messages[0]}") from exc
    table = Table(title=f"Roster discrepancies in {term_code} ({result.sections} sections)")
    table.add_column("kind")
    table.add_column("found", justify="right")
    for value, label in DiscrepancyKind.choices:
        table.add_row(str(label), f"{result.by_kind.get(value, 0):,}")
    Console().print(table)
    click.echo(
        f"new {result.created:,}, reopened {result.reopened:,}, "
        f"already known {result.unchanged:,}, cleared {result.cleared:,}"
    )
