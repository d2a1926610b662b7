"""`openpathways metrics`: the goal figures of the Education Compacts and of vendors'
work-based-learning obligations (aggregates only; never a student row)."""

from __future__ import annotations

import json
from typing import Any

import click


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"


@click.group("metrics")
def command() -> None:
    """Goal figures: Education Compacts and vendor WBL compliance."""


@command.command("compacts")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def compacts(fmt: str) -> None:
    """Active compacts against the goal of 12, the cities they cover, and enrolled students
    covered by residence city (unknown or unincorporated residence counts as not covered) and,
    labelled as such, by school location."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.agreements.selectors import compact_coverage

    coverage = compact_coverage(actor=None, system=True, suppress=False)
    data: dict[str, Any] = coverage.as_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Education Compacts")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("active compacts", f"{coverage.compacts} of goal {coverage.goal}")
    table.add_row("cities", f"{len(coverage.cities)}: {', '.join(coverage.cities)}")
    for label, t in (
        ("by residence", coverage.residence),
        ("by school location", coverage.school_location),
    ):
        table.add_row(f"students covered {label}", f"{t.covered:,} of {t.students:,}")
        table.add_row(f"coverage share {label}", _percent(t.share))
    table.add_row("unknown or unincorporated residence", f"{int(coverage.residence.unknown):,}")
    Console().print(table)


@command.command("vendors")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--year", type=int, default=None, help="School year by its first year (2026).")
def vendors(fmt: str, year: int | None) -> None:
    """Vendors whose active contracts carry a WBL obligation, the share that delivered at least
    the placements and hours committed, and placements and hours committed, offered and
    delivered in the school year (default: the current one)."""
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from openpathways.agreements.selectors import vendor_compliance_summary

    summary = vendor_compliance_summary(actor=None, academic_year=year, system=True)
    data = summary.as_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Vendor work-based-learning compliance, {data['academic_year']}")
    table.add_column("figure")
    table.add_column("committed", justify="right")
    table.add_column("offered", justify="right")
    table.add_column("delivered", justify="right")
    table.add_row("vendors with obligations", f"{summary.vendors_with_obligations:,}", "", "")
    table.add_row(
        "compliant", "", "", f"{summary.compliant:,} ({_percent(summary.compliant_share)})"
    )
    table.add_row(
        "placements",
        f"{summary.placements_committed:,}",
        f"{summary.placements_offered:,}",
        f"{summary.placements_delivered:,}",
    )
    table.add_row(
        "hours",
        f"{summary.hours_committed:,}",
        f"{summary.hours_offered:,}",
        f"{float(summary.hours_delivered):,.1f}",
    )
    Console().print(table)
