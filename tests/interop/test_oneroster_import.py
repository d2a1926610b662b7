"""OneRoster import on synthetic packages: mapping, idempotence, deltas, strict errors, lenient."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.catalog.models import Course, Section
from openpathways.enrollments.models import CourseEnrollment
from openpathways.interop.base import run_import
from openpathways.interop.importers.oneroster import IMPORTER, provisional_ssid
from openpathways.interop.models import ExternalId, ImportRun
from openpathways.organizations.models import Organization
from openpathways.students.models import Guardian, Student, StudentGuardian
from openpathways.terms.models import Term

FIXTURES = Path(__file__).parent / "fixtures" / "oneroster"
BULK = FIXTURES / "v1p2_bulk"
DELTA = FIXTURES / "v1p2_delta"
V11 = FIXTURES / "v1p1_bulk"

pytestmark = pytest.mark.django_db


def counts(report) -> dict[str, dict[str, int]]:
    return {k: {o: n for o, n in v.items() if n} for k, v in report.as_dict()["counts"].items()}


def copy_package(tmp_path: Path, source: Path = BULK) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def zip_package(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, p.name)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def table_counts() -> dict[str, int]:
    return {
        "orgs": Organization.objects.count(),
        "terms": Term.objects.count(),
        "courses": Course.objects.count(),
        "sections": Section.objects.count(),
        "students": Student.objects.count(),
        "guardians": Guardian.objects.count(),
        "links": StudentGuardian.objects.count(),
        "enrollments": CourseEnrollment.objects.count(),
        "external_ids": ExternalId.objects.count(),
    }


def test_bulk_package_maps_onto_the_domain() -> None:
    report = run_import(IMPORTER, BULK)
    assert report.status == "applied", [str(p) for p in report.errors]
    assert counts(report) == {
        "organizations": {"created": 6, "unchanged": 1},
        "terms": {"created": 4},
        "courses": {"created": 4},
        "sections": {"created": 4},
        "students": {"created": 4},
        "guardians": {"created": 2},
        "student_guardians": {"created": 3},
        "course_enrollments": {"created": 5},
    }
    college = Organization.objects.get(name="Mesa Verde City College")
    assert college.kind == "college"
    assert college.parent is not None
    assert college.parent.kind == "college_district"
    assert Organization.objects.get(name="Mesa Verde Adult School").kind == "adult_ed"
    hs1 = Organization.objects.get(name="Alder Grove High School")
    assert (hs1.kind, hs1.code, hs1.parent.name) == (
        "school", "19000001900001", "Mesa Verde Unified School District",
    )  # fmt: skip
    # A college class taught at a high school: the college's course, hosted at the school.
    engl = Section.objects.get(course__code="ENGL 101")
    assert (engl.course.provider, engl.course.provider_org, engl.host_site) == (
        "college",
        college,
        hs1,
    )
    assert engl.code == "40123"
    assert engl.instructor == "Hannah Ito"
    assert engl.term.name == "Fall 2026"
    assert engl.term.kind == "semester"
    assert engl.term.academic_year == 2026
    assert Course.objects.get(code="MA 100").provider == "adult_ed"
    # A high school's own class (its department stands for the school).
    eng9 = Section.objects.get(course__code="ENG9")
    assert (eng9.course.provider, eng9.host_site) == ("school", hs1)
    ana = Student.objects.get(state_student_id="9000000001")
    assert (ana.first_name, ana.school, ana.grade, ana.graduation_cohort) == ("Ana", hs1, 11, 2028)
    assert (ana.birth_date, ana.gender, ana.race_ethnicity) == (
        dt.date(2010, 3, 14), "F", "hispanic",
    )  # fmt: skip
    carla = Student.objects.get(state_student_id="9000000003")
    assert carla.race_ethnicity == "two_or_more"
    assert sorted(g.first_name for g in carla.guardians.all()) == ["Rosa", "Tam"]
    assert StudentGuardian.objects.get(student=ana).relationship == "parent"
    # A ten-digit identifier serves as the SSID when userIds has none.
    assert Student.objects.filter(state_student_id="9000000004", grade=9).exists()
    credit = dict(
        CourseEnrollment.objects.values_list("section__course__code", "credit_type").distinct()
    )
    assert credit == {"ENGL 101": "dual", "CIS 101": "dual", "MA 100": "high_school",
                      "ENG9": "high_school"}  # fmt: skip
    assert not report.warnings


def test_second_run_changes_nothing_and_zip_equals_folder(tmp_path: Path) -> None:
    first = run_import(IMPORTER, BULK)
    before = table_counts()
    second = run_import(IMPORTER, zip_package(BULK, tmp_path / "bulk.zip"))
    assert second.status == "applied"
    assert all(set(c) == {"unchanged"} for c in counts(second).values()), counts(second)
    assert {k: sum(v.values()) for k, v in counts(second).items()} == {
        k: sum(v.values()) for k, v in counts(first).items()
    }
    assert table_counts() == before


def test_changed_values_are_updated(tmp_path: Path) -> None:
    run_import(IMPORTER, BULK)
    package = copy_package(tmp_path)
    rewrite(package / "users.csv", "Ana,Rivera", "Ana Sofia,Rivera")
    rewrite(package / "classes.csv", "crs-engl101,40123", "crs-engl101,40124")
    report = run_import(IMPORTER, package)
    assert counts(report)["students"] == {"updated": 1, "unchanged": 3}
    assert counts(report)["sections"] == {"updated": 1, "unchanged": 3}
    assert Student.objects.get(state_student_id="9000000001").first_name == "Ana Sofia"
    assert Section.objects.filter(code="40124").count() == 1


def test_delta_deletes_adds_and_updates() -> None:
    run_import(IMPORTER, BULK)
    report = run_import(IMPORTER, DELTA)
    assert report.status == "applied", [str(p) for p in report.errors]
    assert counts(report) == {
        "sections": {"updated": 1},
        "students": {"created": 1, "updated": 1},
        "course_enrollments": {"created": 2, "updated": 1},
    }
    assert Student.objects.get(state_student_id="9000000002").status == "left"
    assert CourseEnrollment.objects.get(student__state_student_id="9000000002").status == "dropped"
    assert Section.objects.filter(code="40457").exists()
    # A new enrollment in a college class the delta names by id only still earns dual credit.
    added = CourseEnrollment.objects.get(student__state_student_id="9000000001",
                                         section__course__code="CIS 101")  # fmt: skip
    assert added.credit_type == "dual"
    eva = Student.objects.get(state_student_id="9000000005")
    assert list(eva.course_enrollments.values_list("section__course__code", flat=True)) == [
        "ENGL 101"
    ]
    # Applying the same delta again changes nothing.
    again = run_import(IMPORTER, DELTA)
    assert all(set(c) == {"unchanged"} for c in counts(again).values()), counts(again)


def test_oneroster_11_package_with_role_column() -> None:
    report = run_import(IMPORTER, V11)
    assert report.status == "applied", [str(p) for p in report.errors]
    assert counts(report) == {
        "organizations": {"created": 2},
        "terms": {"created": 2},
        "courses": {"created": 1},
        "sections": {"created": 1},
        "students": {"created": 1},
        "guardians": {"created": 1},
        "student_guardians": {"created": 1},
        "course_enrollments": {"created": 1},
    }
    assert Term.objects.get(name="Summer 2027").kind == "summer"
    student = Student.objects.get(state_student_id="9100000001")
    assert student.guardians.get().last_name == "Mora"
    assert Section.objects.get().instructor == "Grace Park"


def test_student_without_ssid_gets_a_provisional_id_with_a_warning(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    rewrite(package / "users.csv", "{SSID:9000000002}", "")
    report = run_import(IMPORTER, package)
    assert report.status == "applied"
    ssid = provisional_ssid("stu-2")
    assert Student.objects.filter(state_student_id=ssid, first_name="Ben").exists()
    [warning] = report.warnings
    assert (warning.file, warning.line, warning.column) == ("users.csv", 3, "userIds")
    assert ssid in warning.message


def test_dry_run_counts_but_writes_nothing() -> None:
    report = run_import(IMPORTER, BULK, dry_run=True)
    assert report.status == "dry_run"
    assert counts(report)["course_enrollments"] == {"created": 5}
    assert table_counts()["students"] == 0
    assert table_counts()["external_ids"] == 0


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "column", "value", "message"),
    [
        ("users.csv", "givenName,familyName", "familyName,givenName", 1, None, None,
         "columns out of the binding's order"),
        ("orgs.csv", "Birch Canyon High School,school", "Birch Canyon High School,highschool", 4,
         "type", "highschool", "expected one of"),
        ("enrollments.csv", "enr-3,,,cls-cis101-bc", "enr-3,,,cls-nope", 4, "classSourcedId",
         "cls-nope", "no such class"),
        ("classes.csv", "org-hs2,\"as-2026-fa", "org-hs9,\"as-2026-fa", 3, "schoolSourcedId",
         "org-hs9", "no such org"),
        ("academicSessions.csv", "2026-08-24,2026-12-18", "2026-08-24,2026-02-30", 3, "endDate",
         "2026-02-30", "expected a date"),
        ("demographics.csv", "stu-2,,,2009-11-02", "stu-2,active,,2009-11-02", 3, "status",
         "active", "bulk rows carry no status"),
        ("users.csv", "stu-4,,,true", "stu-3,,,true", 5, "sourcedId", "stu-3", "duplicate"),
        ("roles.csv", "primary,parent", "primary,mother", 6, "role", "mother", "expected one of"),
        ("manifest.csv", "file.users,bulk", "file.users,full", 24, "file.users", "full",
         "expected bulk, delta or absent"),
    ],
)  # fmt: skip
def test_strict_errors_name_file_line_column_and_value(  # noqa: PLR0917 (parametrized)
    tmp_path: Path, file: str, old: str, new: str, line: int, column: str | None,
    value: str | None, message: str,
) -> None:  # fmt: skip
    package = copy_package(tmp_path)
    rewrite(package / file, old, new)
    report = run_import(IMPORTER, package)
    assert report.status == "rejected"
    assert any(
        (p.file, p.line, p.column) == (file, line, column)
        and (value is None or p.value == value)
        and message in p.message
        for p in report.errors
    ), [str(p) for p in report.errors]
    assert set(table_counts().values()) == {0}
    assert ImportRun.objects.get().status == "rejected"


def test_rejected_import_leaves_earlier_data_unchanged(tmp_path: Path) -> None:
    run_import(IMPORTER, BULK)
    before = table_counts()
    names = sorted(Student.objects.values_list("first_name", flat=True))
    package = copy_package(tmp_path)
    rewrite(package / "users.csv", "Ana,Rivera", "Anita,Rivera")
    rewrite(package / "enrollments.csv", "stu-4,student", "stu-404,student")
    report = run_import(IMPORTER, package)
    assert report.status == "rejected"
    assert [(p.file, p.line, p.column, p.value) for p in report.errors] == [
        ("enrollments.csv", 6, "userSourcedId", "stu-404")
    ]
    assert table_counts() == before
    assert sorted(Student.objects.values_list("first_name", flat=True)) == names


def test_lenient_accepts_known_deviations_with_a_warning_each(tmp_path: Path) -> None:
    package = copy_package(tmp_path)
    rewrite(package / "users.csv", "preferredGivenName", "prefferedGivenName")
    rewrite(package / "classes.csv", "40123,scheduled", "40123,Scheduled")
    rewrite(package / "enrollments.csv", "enr-1,,,", "enr-1,active,2026-08-01,")
    (package / "roles.csv").rename(package / "Roles.csv")
    strict = run_import(IMPORTER, package)
    assert strict.status == "rejected"
    assert {(p.file, p.column) for p in strict.errors} >= {
        ("users.csv", "prefferedGivenName"),
        ("classes.csv", "classType"),
        ("enrollments.csv", "status"),
        ("Roles.csv", None),
    }
    lenient = run_import(IMPORTER, package, lenient=True)
    assert lenient.status == "applied", [str(p) for p in lenient.errors]
    assert counts(lenient)["course_enrollments"] == {"created": 5}
    warned = {(p.file, p.line, p.column) for p in lenient.warnings}
    assert warned == {
        ("users.csv", 1, "prefferedGivenName"),
        ("classes.csv", 2, "classType"),
        ("enrollments.csv", 2, "status"),
        ("Roles.csv", None, None),
    }


def test_delta_rows_need_status_and_a_datetime(tmp_path: Path) -> None:
    run_import(IMPORTER, BULK)
    package = copy_package(tmp_path, DELTA)
    rewrite(package / "enrollments.csv", "enr-8,active,2026-09-01T08:00:00.000Z",
            "enr-8,active,2026-09-01")  # fmt: skip
    rewrite(package / "enrollments.csv", "enr-9,active,", "enr-9,,")
    report = run_import(IMPORTER, package)
    assert [(p.file, p.line, p.column, p.value) for p in report.errors] == [
        ("enrollments.csv", 3, "dateLastModified", "2026-09-01"),
        ("enrollments.csv", 4, "status", ""),
    ]


def test_command_reports_json_and_exits_non_zero_on_rejection(tmp_path: Path) -> None:
    from openpathways.cli.main import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["import", "oneroster", str(BULK), "--report", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "applied"
    assert data["counts"]["students"]["created"] == 4
    package = copy_package(tmp_path)
    rewrite(package / "orgs.csv", "district,19000000000000", "districts,19000000000000")
    result = runner.invoke(cli, ["import", "oneroster", str(package)])
    assert result.exit_code == 1
    assert "orgs.csv, line 2, column type" in result.stdout
    assert "'districts'" in result.stdout


def test_delta_of_demographics_alone_updates_stored_students(tmp_path: Path) -> None:
    run_import(IMPORTER, BULK)
    package = tmp_path / "demo_delta"
    package.mkdir()
    manifest = (DELTA / "manifest.csv").read_text(encoding="utf-8")
    for name in ("classes", "enrollments", "roles", "users"):
        manifest = manifest.replace(f"file.{name},delta", f"file.{name},absent")
    manifest = manifest.replace("file.demographics,absent", "file.demographics,delta")
    (package / "manifest.csv").write_text(manifest, encoding="utf-8")
    header = (BULK / "demographics.csv").read_text(encoding="utf-8").splitlines()[0]
    (package / "demographics.csv").write_text(
        header + "\nstu-4,active,2026-09-02T10:00:00Z,2011-01-05,male,false,false,true,false,"
        "false,false,false,,,,\n",
        encoding="utf-8",
    )
    report = run_import(IMPORTER, package)
    assert report.status == "applied", [str(p) for p in report.errors]
    assert counts(report) == {"students": {"updated": 1}}
    dario = Student.objects.get(state_student_id="9000000004")
    assert (dario.birth_date, dario.gender, dario.race_ethnicity) == (
        dt.date(2011, 1, 5), "M", "black",
    )  # fmt: skip
    assert dario.first_name == "Dario"
