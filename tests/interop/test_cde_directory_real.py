"""The CDE importer on the real public directory files in ../shared/data (never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openpathways.interop.base import run_import
from openpathways.interop.importers.cde_directory import IMPORTER
from openpathways.interop.models import ImportRun
from openpathways.organizations.models import Organization, School

pytestmark = [pytest.mark.shared_data, pytest.mark.django_db]

LA_ROWS = 3684
LA_ORG_ROWS = 126  # rows without a School: 3 county offices, 123 districts


@pytest.fixture
def la_file(shared_data: Path) -> Path:
    return shared_data / "cde_public_schools_directory" / "pubschls_2018-06_LosAngelesCounty.tsv"


def _totals(report) -> dict[str, int]:
    counts = report.as_dict()["counts"]
    return {
        outcome: sum(c[outcome] for e, c in counts.items() if e != "district_inferred")
        for outcome in ("created", "updated", "unchanged")
    }


def test_la_county_counts_match_the_file(la_file: Path) -> None:
    report = run_import(IMPORTER, la_file)
    assert report.status == "applied", report.errors[:5]
    counts = report.as_dict()["counts"]
    assert _totals(report)["created"] == LA_ROWS
    assert counts["school"]["created"] == LA_ROWS - LA_ORG_ROWS
    assert counts["county_office"]["created"] + counts["district"]["created"] == LA_ORG_ROWS
    assert School.objects.count() == LA_ROWS - LA_ORG_ROWS

    active_schools = School.objects.filter(status="active").count()
    active_orgs = Organization.objects.filter(
        kind__in=["district", "county_office"], active=True, code__in=_org_codes(la_file)
    ).count()
    assert active_schools + active_orgs == 2427
    lausd = School.objects.filter(cds_code__startswith="1964733")
    assert lausd.count() + 1 == 1364  # the district's own row plus its schools
    assert lausd.filter(status="active").count() + 1 == 1022
    district = Organization.objects.get(code="19647330000000")
    assert district.kind == "district"
    assert district.name == "Los Angeles Unified"
    assert district.parent.code == "19101990000000"  # LACOE
    assert lausd.filter(organization__parent=district).count() == lausd.count()
    # Every active LAUSD high school (EILCode HS) is counted as serving grades 9-12.
    assert lausd.filter(status="active", serves_9_12=True).count() >= 221


def _org_codes(path: Path) -> list[str]:
    codes = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if cells[6] == "No Data":
            codes.append(cells[0])
    return codes


def test_second_run_is_all_unchanged(la_file: Path) -> None:
    run_import(IMPORTER, la_file)
    again = run_import(IMPORTER, la_file)
    assert _totals(again) == {"created": 0, "updated": 0, "unchanged": LA_ROWS}


def test_dry_run_writes_nothing(la_file: Path) -> None:
    report = run_import(IMPORTER, la_file, dry_run=True)
    assert report.status == "dry_run"
    assert _totals(report)["created"] == LA_ROWS
    assert not Organization.objects.exists()


def test_corrupted_copy_is_rejected_with_line_and_column(la_file: Path, tmp_path: Path) -> None:
    run_import(IMPORTER, la_file)
    before = list(School.objects.order_by("cds_code").values_list("cds_code", "status"))
    lines = la_file.read_text(encoding="utf-8").splitlines()
    cells = lines[1999].split("\t")
    cells[0] = cells[0][:-1]  # a 13-digit CDS code on line 2000
    lines[1999] = "\t".join(cells)
    cells = lines[2500].split("\t")
    cells[3] = "Closed"  # a real change elsewhere in the file must not be written either
    lines[2500] = "\t".join(cells)
    bad = tmp_path / la_file.name
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = run_import(IMPORTER, bad)
    assert report.status == "rejected"
    [error] = report.errors
    assert (error.file, error.line, error.column) == (la_file.name, 2000, "CDSCode")
    assert error.value is not None
    assert len(error.value) == 13
    assert list(School.objects.order_by("cds_code").values_list("cds_code", "status")) == before
    assert ImportRun.objects.latest("started_at").status == "rejected"


@pytest.mark.slow
def test_statewide_xlsx_imports_every_row(shared_data: Path) -> None:
    path = shared_data / "cde_public_schools_directory" / "pubschls_2018-06.xlsx"
    report = run_import(IMPORTER, path)
    assert report.status == "applied", report.errors[:5]
    # 17,892 data rows (the status counts 11,708 + 4,662 + 1,444 + 78 add up to it).
    assert _totals(report)["created"] == 17892
    active = (
        School.objects.filter(status="active").count()
        + Organization.objects.filter(kind__in=["district", "county_office"], active=True).count()
    )
    assert active == 11708
