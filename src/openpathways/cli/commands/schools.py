"""`openpathways schools list`: check which schools arrived (public directory facts only)."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from openpathways.cli.django_setup import setup_django

COLUMNS = (
    "cds_code", "name", "district", "district_cds", "status", "school_type", "charter",
    "grades_offered", "grades_served", "serves_9_12", "city", "latitude", "longitude",
)  # fmt: skip
STATUSES = ("active", "closed", "merged", "pending")


def _span(low: int | None, high: int | None) -> str:
    from openpathways.organizations.models import grade_code

    if low is None or high is None:
        return ""
    return grade_code(low) if low == high else f"{grade_code(low)}-{grade_code(high)}"


def _parse_serving(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    from openpathways.interop.importers.cde_directory import parse_grade_span

    try:
        low, high = parse_grade_span(text)
    except ValueError:
        low = high = None
    if low is None or high is None:
        raise click.BadParameter(
            f"{text!r}: expected a grade span such as 9-12, K-8, 6 or Adult", param_hint="--serving"
        )
    return low, high


def _row(school: Any) -> dict[str, Any]:
    org = school.organization
    parent = org.parent
    return {
        "cds_code": school.cds_code,
        "name": org.name,
        "district": parent.name if parent else "",
        "district_cds": parent.code if parent else "",
        "status": school.status,
        "school_type": school.school_type,
        "charter": school.charter,
        "grades_offered": _span(school.grade_offered_low, school.grade_offered_high),
        "grades_served": _span(school.grade_served_low, school.grade_served_high),
        "serves_9_12": school.serves_9_12,
        "city": org.city,
        "latitude": str(org.latitude) if org.latitude is not None else "",
        "longitude": str(org.longitude) if org.longitude is not None else "",
    }


@click.group(name="schools")
def command() -> None:
    """Schools from the CDE public schools directory."""


@command.command(name="list")
@click.option(
    "--status", type=click.Choice(STATUSES, case_sensitive=False), help="Only this status."
)
@click.option("--serving", metavar="SPAN", help="Only schools serving grades in SPAN (e.g. 9-12).")
@click.option("--district-cds", metavar="CODE", help="Only schools of this district (CDS code).")
@click.option("--search", default="", help="Name contains, or CDS code starts with.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def list_schools(
    status: str | None, serving: str | None, district_cds: str | None, search: str, output: str
) -> None:
    """List schools with CDS code, status, grade spans and whether they serve grades 9-12.

    A school serves a span when its served grade span (the offered span when the served one is
    missing) overlaps it."""
    setup_django()
    span = _parse_serving(serving)
    if district_cds and not (district_cds.isdigit() and len(district_cds) in (7, 14)):
        raise click.BadParameter(
            f"{district_cds!r}: expected a CDS code of 14 digits (or its first 7)",
            param_hint="--district-cds",
        )
    from openpathways.organizations.selectors import school_queryset

    qs = school_queryset(
        status=status.lower() if status else None,
        search=search,
        district_cds=district_cds or "",
        serving=span,
    )
    rows = (_row(s) for s in qs.iterator(chunk_size=2000))
    if output == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif output == "json":
        click.echo(json.dumps(list(rows), indent=2, ensure_ascii=False))
    else:
        _print_table(list(rows))


def _print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} school(s)")
    table.add_column("cds code", no_wrap=True)
    for col in ("name", "district", "status", "school_type", "grades_served"):
        table.add_column(col.replace("_", " "))
    table.add_column("9-12")
    for r in rows:
        table.add_row(
            r["cds_code"], r["name"], r["district"], r["status"], r["school_type"],
            r["grades_served"] or r["grades_offered"], "yes" if r["serves_9_12"] else "",
        )  # fmt: skip
    Console().print(table)
