"""College rosters and final grades: create and update enrollments, keep grade history."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.audit.models import AuditEvent
from openpathways.cli.main import cli
from openpathways.enrollments.models import CourseEnrollment, GradeChange
from openpathways.interop.base import run_import
from openpathways.interop.importers.college_roster import IMPORTER
from openpathways.interop.models import ExternalId
from tests.factories import (
    CollegeFactory,
    CourseFactory,
    SectionFactory,
    StudentFactory,
    TermFactory,
    UserFactory,
)

FIXTURE = Path(__file__).parent / "fixtures" / "college_roster_sample.csv"
HEADER = FIXTURE.read_text(encoding="utf-8").splitlines()[0]

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    college = CollegeFactory(code="VC", name="Valley College")
    term = TermFactory(institution=college, code="2026FA")
    engl = SectionFactory(course=CourseFactory(provider_org=college, code="ENGL 101"), term=term,
                          code="10001")  # fmt: skip
    cis = SectionFactory(course=CourseFactory(provider_org=college, code="CIS 101", units=4),
                         term=term, code="20001")  # fmt: skip
    students = [StudentFactory(state_student_id=f"910000000{i}") for i in (1, 2, 3)]
    return {"college": college, "term": term, "engl": engl, "cis": cis, "students": students}


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _enrollment(ssid: str, section: object) -> CourseEnrollment:
    return CourseEnrollment.objects.get(student__state_student_id=ssid, section=section)


def test_roster_creates_enrollments_with_units_and_credit(world: dict) -> None:
    report = run_import(IMPORTER, FIXTURE)
    assert report.status == "applied", report.errors
    counts = report.as_dict()["counts"]
    assert counts["enrollment"]["created"] == 5
    assert counts["grade_change"]["created"] == 4  # grades posted (the one in progress has none)
    assert counts["college_id"]["created"] == 3

    in_progress = _enrollment("9100000001", world["engl"])
    assert (in_progress.status, in_progress.grade, in_progress.credit_type) == (
        "enrolled", "", "dual",
    )  # fmt: skip
    assert in_progress.units_attempted == Decimal(3)
    assert in_progress.units_earned == 0
    passed = _enrollment("9100000002", world["engl"])
    assert (passed.grade, passed.units_earned, passed.completed_on) == (
        "B+", Decimal(3), world["term"].end_date,
    )  # fmt: skip
    dropped = _enrollment("9100000003", world["engl"])
    assert (dropped.status, dropped.grade, dropped.units_earned) == ("dropped", "W", 0)
    pass_grade = _enrollment("9100000001", world["cis"])
    assert (pass_grade.credit_type, pass_grade.units_earned) == ("college", Decimal(4))
    d_grade = _enrollment("9100000002", world["cis"])
    assert d_grade.units_earned == Decimal(4)
    assert not d_grade.successful  # D earns units but is not C- or better
    assert ExternalId.objects.get(system="college:VC", external_id="C10000002").object_pk == (
        world["students"][1].pk
    )


def test_second_run_changes_nothing(world: dict) -> None:
    run_import(IMPORTER, FIXTURE)
    again = run_import(IMPORTER, FIXTURE).as_dict()["counts"]
    assert again["enrollment"] == {"created": 0, "updated": 0, "unchanged": 5, "rejected": 0}
    assert again["grade_change"]["created"] == 0
    assert GradeChange.objects.count() == 4


def test_grade_correction_keeps_history(world: dict, tmp_path: Path) -> None:
    run_import(IMPORTER, FIXTURE)
    registrar = UserFactory(username="registrar", role="college_staff")
    corrected = _write(
        tmp_path,
        "9100000002,C10000002,VC,2026FA,ENGL 101,10001,3,A-,dual,completed",
        "9100000001,C10000001,VC,2026FA,ENGL 101,10001,3,C,dual,completed",
    )
    report = run_import(IMPORTER, corrected, actor=registrar)
    assert report.as_dict()["counts"]["enrollment"]["updated"] == 2
    enrollment = _enrollment("9100000002", world["engl"])
    assert enrollment.grade == "A-"
    history = [(g.old_grade, g.new_grade, g.actor_label) for g in enrollment.grade_changes.all()]
    assert history == [("", "B+", "system"), ("B+", "A-", "registrar")]
    assert "roster.csv" in enrollment.grade_changes.last().source
    finished = _enrollment("9100000001", world["engl"])
    assert (finished.status, finished.grade, finished.units_earned) == ("completed", "C", 3)
    corrections = AuditEvent.objects.filter(action="enrollments.grade_corrected")
    assert list(corrections.values_list("student_id", flat=True)) == [world["students"][1].pk]


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        ("9100000009,C1,VC,2026FA,ENGL 101,10001,3,,dual,enrolled", "state_student_id",
         "9100000009", "no student"),
        ("9100000001,C1,VC,2026FA,ENGL 101,99999,3,,dual,enrolled", "section_code",
         "VC/2026FA/ENGL 101/99999", "no such section"),
        ("91000001,C1,VC,2026FA,ENGL 101,10001,3,,dual,enrolled", "state_student_id",
         "91000001", "10-digit"),
        ("9100000001,C1,VC,2026FA,ENGL 101,10001,three,,dual,enrolled", "units", "three",
         "number of units"),
        ("9100000001,C1,VC,2026FA,ENGL 101,10001,3,E,dual,completed", "grade", "E",
         "letter grade"),
        ("9100000001,C1,VC,2026FA,ENGL 101,10001,3,,dual,completed", "grade", "",
         "final grade"),
        ("9100000001,C1,VC,2026FA,ENGL 101,10001,3,,audit,enrolled", "credit_type", "audit",
         "college or dual"),
        ("9100000001,C1,VC,2026FA,ENGL 101,10001,3,,dual,waitlisted", "status", "waitlisted",
         "enrolled, dropped or completed"),
    ],
)  # fmt: skip
def test_bad_line_is_located_and_nothing_is_written(  # noqa: PLR0917 (parametrized)
    world: dict, tmp_path: Path, line: str, column: str, value: str, message: str
) -> None:
    good = "9100000002,C10000002,VC,2026FA,ENGL 101,10001,3,B,dual,completed"
    report = run_import(IMPORTER, _write(tmp_path, good, line))
    assert report.status == "rejected"
    [error] = report.errors
    assert (error.file, error.line, error.column, error.value) == ("roster.csv", 3, column, value)
    assert message in error.message
    assert not CourseEnrollment.objects.exists()


def test_duplicate_lines_and_college_id_conflicts_are_errors(world: dict, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "9100000001,C1,VC,2026FA,ENGL 101,10001,3,,dual,enrolled",
        "9100000001,C1,VC,2026FA,ENGL 101,10001,3,,dual,enrolled",
        "9100000002,C1,VC,2026FA,CIS 101,20001,3,,dual,enrolled",
    )
    report = run_import(IMPORTER, path)
    assert [(e.line, e.column) for e in report.errors] == [(3, "section_code"), (4, "college_id")]
    assert "line 2" in report.errors[0].message


def test_header_must_follow_the_template(world: dict, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER.replace("grade", "mark") + ",notes\n", encoding="utf-8")
    report = run_import(IMPORTER, path)
    assert {(e.line, e.column) for e in report.errors} == {(1, "grade"), (1, "mark"), (1, "notes")}
    lenient = run_import(IMPORTER, path, lenient=True)
    assert [(e.line, e.column) for e in lenient.errors] == [(1, "grade")]


def test_command_dry_run_writes_nothing(world: dict) -> None:
    result = CliRunner().invoke(
        cli, ["import", "college-roster", str(FIXTURE), "--dry-run", "--report", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "dry_run"
    assert data["counts"]["enrollment"]["created"] == 5
    assert not CourseEnrollment.objects.exists()
