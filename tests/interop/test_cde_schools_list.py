"""`openpathways schools list` after a directory import: filters and output formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli
from openpathways.interop.base import run_import
from openpathways.interop.importers.cde_directory import IMPORTER

FIXTURE = Path(__file__).parent / "fixtures" / "cde_directory_sample.tsv"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _directory() -> None:
    assert run_import(IMPORTER, FIXTURE).status == "applied"


def _list(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["schools", "list", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_active_schools_serving_9_12() -> None:
    rows = _list("--status", "active", "--serving", "9-12")
    assert [r["cds_code"] for r in rows] == [
        "99646469900003",  # Riverview Academy 6-12
        "99646469900002",  # continuation: offered 10-12, served missing
        "99646469900001",  # Riverview High
        "99100991999901",  # Sample Court School
        "99888889900021",  # Valley College Early College High
    ]
    assert all(r["serves_9_12"] for r in rows)


def test_district_filter_and_other_spans() -> None:
    rows = _list("--district-cds", "99646460000000")
    assert len(rows) == 8
    assert {r["district"] for r in rows} == {"Riverside Unified"}
    middle = _list("--district-cds", "99646460000000", "--serving", "6-8", "--status", "active")
    assert {r["name"] for r in middle} == {"Lakeside Middle", "Riverview Academy 6-12"}
    assert [r["name"] for r in _list("--status", "pending")] == ["Hilltop K-12 Charter"]


def test_csv_has_a_header_and_one_row_per_school() -> None:
    result = CliRunner().invoke(cli, ["schools", "list", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 11
    high = next(r for r in rows if r["cds_code"] == "99646469900001")
    assert high["grades_offered"] == "9-12"
    assert high["district_cds"] == "99646460000000"
    adult = next(r for r in rows if r["cds_code"] == "99646469900006")
    assert adult["grades_offered"] == "Adult"
    assert adult["serves_9_12"] == "False"


def test_table_and_bad_input() -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["schools", "list", "--search", "Riverview High"])
    assert table.exit_code == 0
    assert "99646469900001" in table.output
    bad = runner.invoke(cli, ["schools", "list", "--serving", "ninth"])
    assert bad.exit_code == 2
    assert "'ninth': expected a grade span" in bad.output
    bad_cds = runner.invoke(cli, ["schools", "list", "--district-cds", "1964"])
    assert bad_cds.exit_code == 2
    assert "expected a CDS code" in bad_cds.output
