"""Suppression on a real public table: CCCCO DataMart program awards by college, 2014-2024.

Counts of awards per college, program (TOP code) and year, as scraped from the CCCCO DataMart
(`labor_market/cccco_datamart_program_awards_by_college_2014-2024.csv` in the shared data; see
its README for provenance). Many programs award a handful of degrees a year, and larger counts
are written with thousands separators, so it exercises the reader and the complementary rules.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.analytics.suppression import (
    SUPPRESSED,
    CellGroup,
    determined_cells,
    suppress_rows,
)
from openpathways.cli.main import cli

pytestmark = pytest.mark.shared_data

FILE = "labor_market/cccco_datamart_program_awards_by_college_2014-2024.csv"
LACCD = {
    "East LA",
    "LA City",
    "LA Harbor",
    "LA Mission",
    "LA Pierce",
    "LA Swest",
    "LA Trade",
    "LA Valley",
    "West LA",
}


def laccd_rows(shared_data: Path) -> tuple[list[dict[str, str]], list[str]]:
    with (shared_data / FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        years = [c for c in reader.fieldnames or [] if c[:4].isdigit()]
        rows = [r for r in reader if r["College"].strip() in LACCD]
    return rows, years


def test_laccd_awards_table_leaves_nothing_recoverable(shared_data: Path) -> None:
    rows, years = laccd_rows(shared_data)
    assert len(rows) == 812
    result = suppress_rows(rows, count_cols=years, row_groups=lambda r: r["College"].strip())
    hidden = {(i, col) for i, col in result.hidden}
    # nothing from 1 to 10 is visible
    for i, row in enumerate(result.rows):
        for year in years:
            value = row[year]
            assert value == SUPPRESSED or not 1 <= int(value) <= 10, (i, year, value)
    # every college's column for a year has no hidden cell or at least two
    colleges: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        colleges.setdefault(row["College"].strip(), []).append(i)
    for members in colleges.values():
        for year in years:
            assert sum((i, year) in hidden for i in members) != 1
    # and no combination of the published college-year totals determines a hidden count
    index = {year: c for c, year in enumerate(years)}
    groups = [
        CellGroup(tuple((i, index[year]) for i in members))
        for members in colleges.values()
        for year in years
    ]
    cells = {(i, index[col]) for i, col in result.hidden}
    assert determined_cells(groups, cells) == set()
    assert len(result.primary) > 1000  # the table really has many small counts


def test_privacy_command_on_one_college(shared_data: Path, tmp_path: Path) -> None:
    rows, years = laccd_rows(shared_data)
    trade = [r for r in rows if r["College"].strip() == "LA Trade"]
    src = tmp_path / "la_trade.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(trade[0]))
        writer.writeheader()
        writer.writerows(trade)
    out = tmp_path / "la_trade_public.csv"
    result = CliRunner().invoke(
        cli,
        [
            "privacy",
            "suppress",
            "--input",
            str(src),
            "--count-cols",
            ",".join(years),
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    published = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(published) == len(trade)
    assert [r["Major"] for r in published] == [r["Major"] for r in trade]
    for year in years:
        column = [r[year] for r in published]
        assert column.count(SUPPRESSED) != 1
        assert all(v == SUPPRESSED or not 1 <= int(v) <= 10 for v in column)
