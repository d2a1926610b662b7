"""The CDE public schools directory importer on a small synthetic file (tab-delimited and .xlsx)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli
from openpathways.interop.base import run_import
from openpathways.interop.importers.cde_directory import IMPORTER, parse_grade_span
from openpathways.interop.models import ExternalId
from openpathways.organizations.models import Organization, School

FIXTURE = Path(__file__).parent / "fixtures" / "cde_directory_sample.tsv"

pytestmark = pytest.mark.django_db


def _import(path: Path, **kwargs: object):
    return run_import(IMPORTER, path, **kwargs)  # type: ignore[arg-type]


def _counts(report) -> dict[str, dict[str, int]]:
    return report.as_dict()["counts"]


def _lines() -> list[str]:
    return FIXTURE.read_text(encoding="utf-8").splitlines()


def _write(tmp_path: Path, lines: list[str], name: str = "pubschls.txt") -> Path:
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _replace_cell(line: str, column: str, value: str) -> str:
    header = _lines()[0].split("\t")
    cells = line.split("\t")
    cells[header.index(column)] = value
    return "\t".join(cells)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("K-12", (0, 12)),
        ("9-12", (9, 12)),
        ("P-8", (-1, 8)),
        ("Adult", (13, 13)),
        ("9-Adult", (9, 13)),
        ("9-Post Secondary", (9, 13)),
        ("K", (0, 0)),
        ("12", (12, 12)),
        ("No Data", (None, None)),
        ("", (None, None)),
    ],
)
def test_grade_spans_as_cde_writes_them(text: str, expected: tuple[int, int]) -> None:
    assert parse_grade_span(text) == expected


@pytest.mark.parametrize("text", ["12-9", "K-14", "9 to 12", "Grade 9"])
def test_nonsense_grade_spans_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        parse_grade_span(text)


def test_import_builds_the_tree_with_counts_per_entity() -> None:
    report = _import(FIXTURE)
    assert report.status == "applied", report.errors
    counts = _counts(report)
    assert counts["county_office"]["created"] == 1
    assert counts["district"]["created"] == 2
    assert counts["school"]["created"] == 11
    # The college district has no row of its own: it is created from its school's row, with a
    # warning naming the line.
    assert counts["district_inferred"]["created"] == 1
    assert any(w.line == 15 and "99888880000000" in w.message for w in report.warnings)

    coe = Organization.objects.get(code="99100990000000")
    district = Organization.objects.get(code="99646460000000")
    assert coe.kind == "county_office"
    assert district.kind == "district"
    assert district.parent == coe
    high = School.objects.get(cds_code="99646469900001")
    assert high.organization.parent == district
    assert high.organization.name == "Riverview High"
    assert high.organization.kind == "school"
    assert high.organization.website == "http://riverviewhigh.example"
    assert high.organization.phone == "(555) 010-0011"
    assert high.organization.latitude == Decimal("34.100000")
    assert high.status == "active"
    assert high.school_type == "high"
    assert high.serves_9_12
    merged = Organization.objects.get(code="99777770000000")
    assert merged.kind == "district"
    assert merged.active is False
    court = School.objects.get(cds_code="99100991999901")
    assert court.organization.parent == coe


@pytest.mark.parametrize(
    ("cds", "school_type", "status", "charter", "serves"),
    [
        ("99646469900002", "continuation", "active", False, True),  # served missing: offered 10-12
        ("99646469900003", "span_6_12", "active", True, True),
        ("99646469900004", "middle", "active", False, False),
        ("99646469900005", "elementary", "active", False, False),
        ("99646469900006", "adult_ed", "active", False, False),  # Adult is above grade 12
        ("99646469900007", "high", "closed", False, True),
        ("99646469900008", "other", "pending", True, False),  # offers K-12 but serves K-8
    ],
)
def test_school_details_follow_the_directory(
    cds: str, school_type: str, status: str, charter: bool, serves: bool
) -> None:
    _import(FIXTURE)
    school = School.objects.get(cds_code=cds)
    assert (school.school_type, school.status, school.charter, school.serves_9_12) == (
        school_type,
        status,
        charter,
        serves,
    )


def test_spans_are_stored_with_p_k_and_adult_codes() -> None:
    _import(FIXTURE)
    elementary = School.objects.get(cds_code="99646469900005")
    assert (elementary.grade_offered_low, elementary.grade_offered_high) == (-1, 5)
    assert elementary.served_span == "K-5"
    adult = School.objects.get(cds_code="99646469900006")
    assert (adult.grade_offered_low, adult.grade_served_low) == (13, None)


def test_second_run_changes_nothing_and_a_changed_row_is_one_update(tmp_path: Path) -> None:
    _import(FIXTURE)
    again = _counts(_import(FIXTURE))
    assert all(c["created"] == 0 and c["updated"] == 0 for c in again.values())
    assert again["school"]["unchanged"] == 11
    assert ExternalId.objects.filter(system="cde").count() == 1 + 2 + 1 + 11

    lines = _lines()
    lines[4] = _replace_cell(lines[4], "StatusType", "Closed")  # Riverview High closes
    third = _counts(_import(_write(tmp_path, lines)))
    assert third["school"] == {"created": 0, "updated": 1, "unchanged": 10, "rejected": 0}
    assert School.objects.get(cds_code="99646469900001").status == "closed"
    assert Organization.objects.filter(code="99646469900001").count() == 1


def test_xlsx_form_gives_the_same_rows(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in _lines():
        sheet.append(line.split("\t"))
    path = tmp_path / "pubschls.xlsx"
    book.save(path)
    first = _counts(_import(path))
    assert first["school"]["created"] == 11
    from_tsv = _counts(_import(FIXTURE))
    assert all(c["created"] == 0 and c["updated"] == 0 for c in from_tsv.values())


def test_dry_run_counts_but_writes_nothing() -> None:
    report = _import(FIXTURE, dry_run=True)
    assert report.status == "dry_run"
    assert _counts(report)["school"]["created"] == 11
    assert not Organization.objects.exists()
    assert not ExternalId.objects.exists()


@pytest.mark.parametrize(
    ("line_index", "column", "value", "message"),
    [
        (4, "CDSCode", "9964646990001", "14 digits"),
        (5, "StatusType", "Open", "Active, Closed, Merged or Pending"),
        (6, "GSoffered", "13-K", "grade span"),
        (7, "Latitude", "134.5", "between -90 and 90"),
        (8, "Charter", "Maybe", "Y, N"),
    ],
)
def test_a_bad_value_is_located_and_nothing_is_written(
    tmp_path: Path, line_index: int, column: str, value: str, message: str
) -> None:
    lines = _lines()
    lines[line_index] = _replace_cell(lines[line_index], column, value)
    report = _import(_write(tmp_path, lines))
    assert report.status == "rejected"
    [error] = report.errors
    assert (error.file, error.line, error.column, error.value) == (
        "pubschls.txt",
        line_index + 1,
        column,
        value,
    )
    assert message in error.message
    assert not Organization.objects.exists()


def test_lenient_mode_drops_a_bad_coordinate_with_a_warning(tmp_path: Path) -> None:
    lines = _lines()
    lines[7] = _replace_cell(lines[7], "Latitude", "north")
    report = _import(_write(tmp_path, lines), lenient=True)
    assert report.status == "applied"
    assert [(w.line, w.column, w.value) for w in report.warnings if w.column == "Latitude"] == [
        (8, "Latitude", "north")
    ]
    assert School.objects.get(cds_code="99646469900004").organization.latitude is None


def test_missing_column_is_reported_on_the_header_line(tmp_path: Path) -> None:
    lines = [
        line.replace("StatusType", "Status", 1) if i == 0 else line
        for i, line in enumerate(_lines())
    ]
    report = _import(_write(tmp_path, lines))
    assert [(e.line, e.column) for e in report.errors] == [(1, "StatusType")]


def test_command_reports_json_and_exits_non_zero_on_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["import", "cde-directory", str(FIXTURE), "--report", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["counts"]["school"]["created"] == 11
    lines = _lines()
    lines[3] = _replace_cell(lines[3], "CDSCode", "ABC")
    bad = runner.invoke(cli, ["import", "cde-directory", str(_write(tmp_path, lines))])
    assert bad.exit_code == 1
    assert "pubschls.txt, line 4, column CDSCode" in bad.output
    assert "nothing was written" in bad.output


def test_windows_1252_file_is_read(tmp_path: Path) -> None:
    lines = _lines()
    lines[4] = _replace_cell(lines[4], "School", "Riverview High Escuela Año")
    path = tmp_path / "pubschls.txt"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    report = _import(path)
    assert report.status == "applied", report.errors
    assert School.objects.get(cds_code="99646469900001").organization.name.endswith("Año")
