"""OneRoster 1.2 export: golden files, the binding's headers and codes, access, round trip."""

from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import Course, Section
from openpathways.enrollments.models import CourseEnrollment
from openpathways.interop.base import run_import
from openpathways.interop.exporters.oneroster import EXPORTER, FILES
from openpathways.interop.importers.oneroster import IMPORTER
from openpathways.interop.models import ExternalId
from openpathways.interop.oneroster import spec
from openpathways.organizations.models import Organization
from openpathways.students.access import StudentAccessDenied
from openpathways.students.models import Guardian, Student, StudentGuardian
from openpathways.terms.models import Term

from .test_oneroster_import import BULK, counts

GOLDEN = Path(__file__).parent / "fixtures" / "oneroster" / "export_golden"

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("or-admin", "a@example.org", "x")


@pytest.fixture
def exported(tmp_path: Path, admin) -> Path:
    assert run_import(IMPORTER, BULK).status == "applied"
    out = tmp_path / "export"
    EXPORTER.export(out=out, actor=admin)
    return out


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_export_matches_the_golden_files(exported: Path) -> None:
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(["manifest.csv", *(f"{n}.csv" for n in FILES)])
    if os.environ.get("OPENPATHWAYS_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for name in names:
            (GOLDEN / name).write_bytes((exported / name).read_bytes())
    for name in names:
        assert (exported / name).read_bytes() == (GOLDEN / name).read_bytes(), name


def test_export_follows_the_12_binding(exported: Path) -> None:
    manifest = dict(read(exported / "manifest.csv")[1:])
    assert manifest["oneroster.version"] == "1.2"
    assert {k[5:] for k in manifest if k.startswith("file.")} == set(spec.manifest_files("1.2"))
    for name in FILES:
        rows = read(exported / f"{name}.csv")
        expected = [c for c in spec.HEADERS_12[name] if c != "resourceSourcedIds"]
        assert rows[0] == expected, name
        assert manifest[f"file.{name}"] == "bulk"
        assert all(len(r) == len(expected) for r in rows[1:])
        assert all(r[1] == "" and r[2] == "" for r in rows[1:]), "bulk rows carry no status"
    orgs = read(exported / "orgs.csv")[1:]
    assert {r[4] for r in orgs} <= spec.ORG_TYPES | spec.ORG_TYPE_EXTENSIONS
    assert {r[5] for r in read(exported / "roles.csv")[1:]} == {"student"}
    assert {r[6] for r in read(exported / "enrollments.csv")[1:]} == {"student"}
    assert {r[4] for r in read(exported / "academicSessions.csv")[1:]} <= spec.SESSION_TYPES
    # Only dual-enrollment and adult-education classes leave; the high school's own stay home.
    assert sorted(r[5] for r in read(exported / "courses.csv")[1:]) == [
        "CIS 101", "ENGL 101", "MA 100",
    ]  # fmt: skip
    # The strict importer, which checks headers, codes and references, accepts it silently.
    again = run_import(IMPORTER, exported, dry_run=True)
    assert (again.status, again.errors, again.warnings) == ("dry_run", [], [])


def test_round_trip_into_a_fresh_database_gives_the_same_counts(
    exported: Path, tmp_path: Path, admin
) -> None:
    def summary() -> set[tuple[str, str, str, str, str]]:
        return set(
            CourseEnrollment.objects.exclude(section__course__provider="school").values_list(
                "student__state_student_id", "section__course__code", "section__code",
                "section__term__name", "credit_type",
            )
        )  # fmt: skip

    before = summary()
    archive = tmp_path / "roster.zip"
    result = EXPORTER.export(out=archive, actor=admin)
    assert result.rows["enrollments"] == len(before) == 4
    for model in (CourseEnrollment, Section, Course, Term, StudentGuardian, Student, Guardian,
                  ExternalId):  # fmt: skip
        model.objects.all().delete()
    while Organization.objects.exists():
        Organization.objects.filter(children__isnull=True).delete()
    report = run_import(IMPORTER, archive)
    assert report.status == "applied", [str(p) for p in report.errors]
    created = {k: v.get("created", 0) for k, v in counts(report).items()}
    assert created["course_enrollments"] == result.rows["enrollments"]
    assert created["sections"] == result.rows["classes"]
    assert created["courses"] == result.rows["courses"]
    assert created["students"] == result.rows["users"]
    assert created["terms"] == result.rows["academicSessions"]
    assert created["organizations"] == result.rows["orgs"]
    assert summary() == before
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == sorted(["manifest.csv", *(f"{n}.csv" for n in FILES)])


def test_export_reads_through_the_access_layer(tmp_path: Path) -> None:
    run_import(IMPORTER, BULK)
    analyst = get_user_model().objects.create_user("analyst", password="x", role="analyst")
    with pytest.raises(StudentAccessDenied):
        EXPORTER.export(out=tmp_path / "x", actor=analyst)
    admin = get_user_model().objects.create_superuser("root", "r@example.org", "x")
    EXPORTER.export(out=tmp_path / "y", actor=admin)
    logged = AuditEvent.objects.filter(action="students.exported", actor=admin)
    assert sorted(logged.values_list("student__state_student_id", flat=True)) == [
        "9000000001", "9000000002", "9000000003",
    ]  # fmt: skip


def test_export_command_needs_a_user_and_writes_a_zip(tmp_path: Path, admin) -> None:
    from openpathways.cli.main import cli

    run_import(IMPORTER, BULK)
    runner = CliRunner()
    refused = runner.invoke(cli, ["export", "oneroster", "--out", str(tmp_path / "a.zip")])
    assert refused.exit_code != 0
    assert "--as USER" in refused.output
    done = runner.invoke(
        cli, ["export", "oneroster", "--out", str(tmp_path / "a.zip"), "--as", "or-admin"]
    )
    assert done.exit_code == 0, done.output
    assert zipfile.is_zipfile(tmp_path / "a.zip")
