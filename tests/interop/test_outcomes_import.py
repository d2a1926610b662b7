"""Outcome records from partners: certificates, certifications, CTE completions and AA pathways,
all or nothing, idempotent, with corrections that keep history."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import AaDegreePathway, CtePathway, IndustryCertification
from openpathways.cli.main import cli
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.interop.base import run_import
from openpathways.interop.importers.outcomes import IMPORTER
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.outcomes.models import AaDegreePlan, OutcomeCorrection
from tests.factories import (
    CollegeFactory,
    CourseFactory,
    OrganizationFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    UserFactory,
)

FIXTURES = Path(__file__).parent / "fixtures" / "outcomes"
SAMPLE = FIXTURES / "outcomes_sample.csv"
CORRECTIONS = FIXTURES / "outcomes_corrections.csv"
BAD = FIXTURES / "outcomes_bad.csv"
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    school = SchoolFactory(organization__name="Bayview High").organization
    other_school = SchoolFactory(organization__name="Canyon High").organization
    adult = OrganizationFactory(kind=OrganizationKind.ADULT_ED, code="HAE", name="Harbor Adult")
    college = CollegeFactory(code="HCC", name="Harbor City College")
    AaDegreePathway.objects.create(college=college, title="AA in Liberal Arts", units_required=60)
    CtePathway.objects.create(code="176", title="Medical Assisting", sector="health")
    IndustryCertification.objects.create(
        name="ServSafe Food Handler", issuer="National Restaurant Association", sector="hospitality"
    )
    students = [StudentFactory(school=school, state_student_id=f"910000000{i}") for i in (1, 2)]
    return {
        "school": school,
        "students": students,
        "counselor": UserFactory(username="c1", role=Role.COUNSELOR, organization=school),
        "stranger": UserFactory(username="c2", role=Role.COUNSELOR, organization=other_school),
        "adult_staff": UserFactory(username="ae", role=Role.ADULT_ED_STAFF, organization=adult),
    }


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "outcomes.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_sample_records_every_kind_of_outcome_with_audit(world: dict) -> None:
    report = run_import(IMPORTER, SAMPLE, actor=world["counselor"])
    assert report.status == "applied", [str(p) for p in report.errors]
    counts = report.as_dict()["counts"]
    assert counts["certificate_of_completion"]["created"] == 1
    assert counts["industry_certification"]["created"] == 1
    assert counts["cte_pathway_completion"]["created"] == 1
    assert counts["aa_plan"]["created"] == 2
    cert = CredentialEarned.objects.get(kind="certificate_of_completion")
    assert (cert.title, cert.issuer.code, cert.elective_credits) == (
        "Medical Assistant",
        "HAE",
        Decimal(10),
    )
    assert CredentialEarned.objects.get(kind="industry_certification").title == (
        "ServSafe Food Handler"
    )
    cte = CredentialEarned.objects.get(kind="cte_pathway_completion")
    assert (cte.cte_pathway.code, cte.capstone_grade, cte.title) == (
        "176",
        "A-",
        "CTE pathway completion: Medical Assisting",
    )
    assert AaDegreePlan.objects.get(student=world["students"][0]).declared_on.isoformat() == (
        "2025-09-01"
    )
    assert AuditEvent.objects.filter(action="outcomes.credential_recorded").count() == 3
    assert AuditEvent.objects.filter(action="outcomes.aa_plan_declared").count() == 2


def test_second_run_is_all_unchanged(world: dict) -> None:
    run_import(IMPORTER, SAMPLE, actor=world["counselor"])
    report = run_import(IMPORTER, SAMPLE, actor=world["counselor"])
    counts = report.as_dict()["counts"]
    assert report.status == "applied"
    assert all(c["created"] == c["updated"] == 0 for c in counts.values()), counts
    assert sum(c["unchanged"] for c in counts.values()) == 5
    assert CredentialEarned.objects.count() == 3


def test_correction_keeps_history_and_needs_a_reason(world: dict, tmp_path: Path) -> None:
    run_import(IMPORTER, SAMPLE, actor=world["counselor"])
    no_reason = _write(tmp_path, "cte_pathway_completion,9100000002,,,,176,2026-06-05,B+,,,,")
    rejected = run_import(IMPORTER, no_reason, actor=world["counselor"])
    assert rejected.status == "rejected"
    (problem,) = rejected.errors
    assert (problem.line, problem.column) == (2, "correction_reason")
    assert "capstone_grade A- -> B+" in problem.message
    report = run_import(IMPORTER, CORRECTIONS, actor=world["counselor"])
    assert report.status == "applied", [str(p) for p in report.errors]
    assert report.as_dict()["counts"]["correction"]["created"] == 2
    assert CredentialEarned.objects.get(kind="cte_pathway_completion").capstone_grade == "B+"
    history = {
        (c.field, c.old_value, c.new_value): c.reason for c in OutcomeCorrection.objects.all()
    }
    assert history[("capstone_grade", "A-", "B+")].startswith("Capstone grade entered")
    assert ("elective_credits", "10.0", "7.5") in history
    assert AuditEvent.objects.filter(action="outcomes.credential_corrected").count() == 2
    again = run_import(IMPORTER, CORRECTIONS, actor=world["counselor"])
    assert again.as_dict()["counts"]["cte_pathway_completion"]["unchanged"] == 1
    assert OutcomeCorrection.objects.count() == 2


def test_bad_file_names_line_column_and_value_and_writes_nothing(world: dict) -> None:
    report = run_import(IMPORTER, BAD, actor=world["counselor"])
    assert report.status == "rejected"
    located = {(p.line, p.column, p.value) for p in report.errors}
    assert (2, "record_type", "diploma") in located
    assert (3, "state_student_id", "91000001") in located
    assert (4, "certification", "Forklift Wizard") in located
    assert (5, "capstone_grade", "Q") in located
    assert (6, "issuer_code", "NOPE") in located
    assert (7, "earned_on", "12/06/2026") in located
    assert [p.line for p in report.errors] == sorted(p.line for p in report.errors)
    assert CredentialEarned.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="outcomes.").exists()


def test_student_outside_the_actors_scope_rejects_the_whole_file(world: dict) -> None:
    report = run_import(IMPORTER, SAMPLE, actor=world["stranger"])
    assert report.status == "rejected"
    assert {p.line for p in report.errors} == {2, 3, 4, 5, 6}
    assert "scope" in report.errors[0].message
    assert report.errors[0].value == "9100000001"
    assert CredentialEarned.objects.count() == 0
    assert AaDegreePlan.objects.count() == 0


def test_adult_ed_staff_cannot_record_for_students_outside_their_sections(
    world: dict, tmp_path: Path
) -> None:
    path = _write(tmp_path, "certificate_of_completion,9100000001,HAE,Welding I,,,2026-06-01,,5,,,")
    report = run_import(IMPORTER, path, actor=world["adult_staff"])
    # Adult-ed staff see the students enrolled in their sections; this one is not.
    assert report.status == "rejected"
    assert "scope" in report.errors[0].message


def test_duplicate_outcome_in_one_file_names_the_first_line(world: dict, tmp_path: Path) -> None:
    line = "industry_certification,9100000001,,,ServSafe Food Handler,,2026-05-02,,,,,"
    report = run_import(IMPORTER, _write(tmp_path, line, line))
    assert report.status == "rejected"
    assert "already on line 2" in report.errors[0].message
    assert report.errors[0].line == 3


def test_cli_dry_run_writes_nothing_and_reports_json(world: dict) -> None:
    result = CliRunner().invoke(
        cli, ["import", "outcomes", str(SAMPLE), "--dry-run", "--report", "json", "--as", "c1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "dry_run"
    assert data["counts"]["aa_plan"]["created"] == 2
    assert CredentialEarned.objects.count() == 0


def test_cli_rejects_bad_file_with_exit_code(world: dict) -> None:
    result = CliRunner().invoke(cli, ["import", "outcomes", str(BAD), "--as", "c1"])
    assert result.exit_code == 1
    assert "outcomes_bad.csv, line 2, column record_type" in result.output


def test_aa_units_that_differ_from_the_rosters_are_a_warning(world: dict, tmp_path: Path) -> None:
    college = Organization.objects.get(code="HCC")
    section = SectionFactory(course=CourseFactory(provider_org=college, code="ENGL 101"))
    CourseEnrollment.objects.create(
        student=world["students"][0], section=section, status="completed", grade="B",
        units_attempted=3, units_earned=3, credit_type="dual",
    )  # fmt: skip
    report = run_import(IMPORTER, SAMPLE, actor=world["counselor"])
    assert report.status == "applied"
    warned = {(p.line, p.column, p.value) for p in report.warnings}
    assert warned == {(5, "units", "15"), (6, "units", "6")}
    assert "rosters hold 3.0 college units" in report.warnings[0].message
    path = _write(tmp_path, "aa_units,9100000001,HCC,,,,2025-09-01,,,3,AA in Liberal Arts,")
    assert run_import(IMPORTER, path, actor=world["counselor"]).warnings == []
