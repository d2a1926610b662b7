"""OneRoster import on the real public sample packages (Moodle plugin fixtures, ../shared/data).

Test_full_data_set (1.1) and v1p2_full_dataset (1.2) break the bindings in documented ways: strict
mode rejects them with located errors and writes nothing; lenient mode imports what they hold with
a warning per deviation. oneroster_test_data (a 1.2 delta) follows the binding and imports
strictly. Zips and their unpacked folders give the same result.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openpathways.interop.base import run_import
from openpathways.interop.importers.oneroster import IMPORTER

from .test_oneroster_import import BULK, counts, table_counts

pytestmark = [pytest.mark.shared_data, pytest.mark.django_db]

FULL_11 = {
    "organizations": {"created": 1},
    "terms": {"created": 5},
    "courses": {"created": 2},
    "sections": {"created": 2},
    "students": {"created": 3},
    "guardians": {"created": 1},
    "student_guardians": {"created": 1},
    # The two rows enrolling a teacher as a student are skipped (reported rejected).
    "course_enrollments": {"created": 2, "rejected": 2},
}
FULL_12 = {**FULL_11, "student_guardians": {"created": 2}}


@pytest.fixture
def samples(shared_data: Path) -> Path:
    return shared_data / "oneroster_samples_moodle"


def located(report) -> set[tuple[str, int | None, str | None, str | None]]:
    return {(p.file, p.line, p.column, p.value) for p in report.errors}


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_strict_rejects_the_11_full_data_set_with_located_errors(
    samples: Path, suffix: str
) -> None:
    report = run_import(IMPORTER, samples / f"Test_full_data_set{suffix}")
    assert report.status == "rejected"
    assert located(report) >= {
        ("orgs.csv", 2, "status", "active"),  # bulk rows carry a status
        ("orgs.csv", 2, "parentSourcedId", "org-sch-222-3456"),  # parent org missing
        ("academicSessions.csv", 4, "status", "inactive"),
        ("classes.csv", 2, "classType", "Scheduled"),
        ("classes.csv", 2, "courseSourcedId", "crs-222-2023-456-12345"),  # courses absent
        ("enrollments.csv", 3, "userSourcedId", "usr-222-987654"),  # a teacher as student
    }
    assert set(table_counts().values()) == {0}


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_strict_rejects_the_12_full_dataset_with_located_errors(samples: Path, suffix: str) -> None:
    report = run_import(IMPORTER, samples / f"v1p2_full_dataset{suffix}")
    assert report.status == "rejected"
    assert located(report) >= {
        ("manifest.csv", 22, "file.userProfiles", ""),
        ("userprofiles.csv", None, None, "userprofiles.csv"),
        ("users.csv", 1, "prefferedGivenName", "prefferedGivenName"),
        ("users.csv", 2, "status", "active"),
        ("roles.csv", 1, "dataLastModified", "dataLastModified"),
        ("roles.csv", 1, "userProfileSourcedId", None),
    }
    messages = {str(p) for p in report.errors}
    assert (
        "users.csv, line 1, column prefferedGivenName: expected the column preferredGivenName "
        "(value 'prefferedGivenName')"
    ) in messages


def test_rejected_real_package_leaves_the_database_unchanged(samples: Path) -> None:
    run_import(IMPORTER, BULK)
    before = table_counts()
    for name in ("Test_full_data_set", "v1p2_full_dataset"):
        assert run_import(IMPORTER, samples / name).status == "rejected"
    assert table_counts() == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Test_full_data_set", FULL_11),
        ("Test_minimal_data_set", {k: v for k, v in FULL_11.items() if k != "student_guardians"}),
        ("v1p2_full_dataset", FULL_12),
    ],
)
def test_lenient_imports_what_the_files_hold(samples: Path, name: str, expected: dict) -> None:
    folder = run_import(IMPORTER, samples / name, lenient=True)
    assert folder.status == "applied", [str(p) for p in folder.errors]
    assert counts(folder) == expected
    again = run_import(IMPORTER, samples / f"{name}.zip", lenient=True)
    assert again.status == "applied"
    assert all(set(c) - {"rejected"} == {"unchanged"} for c in counts(again).values())


def test_lenient_warns_once_per_deviation(samples: Path) -> None:
    report = run_import(IMPORTER, samples / "v1p2_full_dataset", lenient=True)
    warned = {(p.file, p.line, p.column) for p in report.warnings}
    assert warned >= {
        ("manifest.csv", 22, "file.userProfiles"),
        ("users.csv", 1, "prefferedGivenName"),
        ("users.csv", 1, "prefferedMiddleName"),
        ("users.csv", 1, "prefferedFamilyName"),
        ("roles.csv", 1, "dataLastModified"),
        ("classes.csv", 2, "courseSourcedId"),
        ("classes.csv", 2, "classType"),
        ("orgs.csv", 2, "parentSourcedId"),
    }
    # Repeated deviations are summarised, not listed row by row.
    status_warnings = [p for p in report.warnings if p.file == "users.csv" and p.column == "status"]
    assert len(status_warnings) == 2
    assert "(and 4 more row(s) like it)" in status_warnings[1].message


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_the_12_delta_test_data_imports_strictly(samples: Path, suffix: str) -> None:
    report = run_import(IMPORTER, samples / f"oneroster_test_data{suffix}")
    assert report.status == "applied", [str(p) for p in report.errors]
    assert counts(report) == {
        "organizations": {"created": 1},
        "terms": {"created": 1},
        "courses": {"created": 1},
        "sections": {"created": 1},
        "students": {"created": 1},
        "course_enrollments": {"created": 1},
    }
    # The student has no state ID in the file: one warning says which stand-in was stored.
    assert [(p.file, p.column) for p in report.warnings] == [
        ("userProfiles.csv", None),
        ("users.csv", "userIds"),
    ]
