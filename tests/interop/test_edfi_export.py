"""`openpathways export edfi`: Ed-Fi JSON studentSectionAssociations with DualCredit fields.

A golden file pins the output on synthetic data; every resource is validated against the Ed-Fi
resource's required properties (openpathways.interop.edfi.schema). Set UPDATE_GOLDEN=1 to rewrite
the golden file after an intended change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from openpathways.audit.models import AuditEvent
from openpathways.cli.main import cli
from openpathways.enrollments.models import CourseEnrollment
from openpathways.interop.base import run_import
from openpathways.interop.edfi.schema import EXPORT_FILE, STUDENT_SECTION_ASSOCIATION
from openpathways.interop.exporters.edfi import EXPORTER
from openpathways.interop.importers.edfi import IMPORTER
from tests.factories import (
    CourseFactory,
    DistrictFactory,
    OrganizationFactory,
    SchoolFactory,
    SchoolOrgFactory,
    SectionFactory,
    StudentFactory,
    TermFactory,
    UserFactory,
)

FIXTURES = Path(__file__).parent / "fixtures" / "edfi"
GOLDEN = FIXTURES / "golden" / "student_section_associations.json"

pytestmark = pytest.mark.django_db


def _enrol(*, student: Any, section: Any, **values: Any) -> None:
    CourseEnrollment.objects.create(student=student, section=section, **values)


@pytest.fixture
def partnership() -> dict[str, Any]:
    district = DistrictFactory(name="Riverside Unified", code="19999990000000")
    high_org = SchoolOrgFactory(name="Riverside High", parent=district, code="19999991234567")
    SchoolFactory(organization=high_org, cds_code="19999991234567")
    other_org = SchoolOrgFactory(name="Elsewhere High", code="19888881234567")
    SchoolFactory(organization=other_org, cds_code="19888881234567")
    college = OrganizationFactory(kind="college", name="Valley College", code="VC")
    adult = OrganizationFactory(kind="adult_ed", name="Riverside Adult School", code="RAS")
    fall = TermFactory(institution=college, code="2025FA", name="Fall 2025", academic_year=2025,
                       start_date=dt.date(2025, 8, 25), end_date=dt.date(2025, 12, 19))  # fmt: skip
    spring = TermFactory(institution=college, code="2026SP", name="Spring 2026",
                         academic_year=2025, start_date=dt.date(2026, 2, 9),
                         end_date=dt.date(2026, 6, 5))  # fmt: skip
    engl = CourseFactory(provider_org=college, code="ENGL 101", provider="college")
    cis = CourseFactory(provider_org=college, code="CIS 120", provider="college")
    auto = CourseFactory(provider_org=adult, code="AUTO 10", provider="adult_ed")
    at_school = SectionFactory(course=engl, term=fall, code="10001", host_site=high_org)
    at_college = SectionFactory(course=cis, term=spring, code="20417", host_site=college)
    adult_section = SectionFactory(course=auto, term=fall, code="A1", host_site=high_org)
    ana = StudentFactory(state_student_id="9100000101", first_name="Ana", school=high_org)
    ben = StudentFactory(state_student_id="9100000102", first_name="Ben", school=high_org)
    cy = StudentFactory(state_student_id="E55501", local_id="55501", first_name="Cy",
                        school=high_org)  # fmt: skip
    outsider = StudentFactory(state_student_id="9100000199", school=other_org)
    _enrol(student=ana, section=at_school, credit_type="dual")
    _enrol(
        student=ben, section=at_college, credit_type="college", status="completed",
        grade="A", completed_on=dt.date(2026, 6, 1),
    )  # fmt: skip
    _enrol(student=cy, section=at_school, credit_type="dual")
    _enrol(student=ana, section=adult_section, credit_type="none")
    _enrol(student=ben, section=at_school, credit_type="high_school")
    _enrol(student=outsider, section=at_school, credit_type="dual")
    admin = UserFactory(username="district.admin", role="district_admin", organization=district)
    return {"admin": admin, "ana": ana, "ben": ben, "cy": cy, "outsider": outsider}


def _export(actor: Any, tmp_path: Path, **options: Any) -> list[dict[str, Any]]:
    out = tmp_path / "ssa.json"
    EXPORTER.export(out=out, actor=actor, **options)
    data: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_export_matches_the_golden_file(partnership: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "ssa.json"
    EXPORTER.export(out=out, actor=partnership["admin"])
    text = out.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_every_resource_has_the_ed_fi_required_properties(
    partnership: dict[str, Any], tmp_path: Path
) -> None:
    data = _export(partnership["admin"], tmp_path)
    errors = list(Draft202012Validator(EXPORT_FILE).iter_errors(data))
    assert errors == []
    assert len(data) == 3


def test_schema_refuses_a_resource_without_its_required_properties() -> None:
    validator = Draft202012Validator(STUDENT_SECTION_ASSOCIATION)
    resource = {"studentReference": {"studentUniqueId": "1"}, "dualCreditIndicator": "yes"}
    messages = sorted(e.message for e in validator.iter_errors(resource))
    assert "'beginDate' is a required property" in messages
    assert "'sectionReference' is a required property" in messages
    assert "'yes' is not of type 'boolean'" in messages


def test_dual_credit_fields_follow_credit_type_and_where_the_section_meets(
    partnership: dict[str, Any], tmp_path: Path
) -> None:
    by_student = {
        r["studentReference"]["studentUniqueId"]: r for r in _export(partnership["admin"], tmp_path)
    }
    assert set(by_student) == {"9100000101", "9100000102", "55501"}  # local id when no SSID
    ana, ben = by_student["9100000101"], by_student["9100000102"]
    assert ana["dualCreditTypeDescriptor"].endswith("#Concurrent Enrollment")
    assert ana["dualHighSchoolCreditIndicator"] is True
    assert ana["sectionReference"]["schoolId"] == 19999991234567
    assert ana["sectionReference"]["schoolYear"] == 2026
    assert ben["dualCreditTypeDescriptor"].endswith("#Dual Enrollment")
    assert ben["dualHighSchoolCreditIndicator"] is False
    assert ben["endDate"] == "2026-06-01"
    assert ben["dualCreditInstitutionDescriptor"] == (
        "uri://openpathways.org/DualCreditInstitutionDescriptor#VC"
    )


def test_each_exported_student_is_logged(partnership: dict[str, Any], tmp_path: Path) -> None:
    _export(partnership["admin"], tmp_path)
    logged = set(
        AuditEvent.objects.filter(action="students.exported").values_list("student_id", flat=True)
    )
    assert {partnership[n].pk for n in ("ana", "ben", "cy")} <= logged
    assert partnership["outsider"].pk not in logged


def test_year_option_limits_the_sections(partnership: dict[str, Any], tmp_path: Path) -> None:
    assert len(_export(partnership["admin"], tmp_path, year=2025)) == 3
    assert _export(partnership["admin"], tmp_path, year=2024) == []


def test_round_trip_keeps_ed_fi_identities(tmp_path: Path) -> None:
    run_import(IMPORTER, FIXTURES)
    admin = UserFactory(username="root", role="district_admin", is_superuser=True)
    data = _export(admin, tmp_path)
    assert list(Draft202012Validator(EXPORT_FILE).iter_errors(data)) == []
    assert {r["studentReference"]["studentUniqueId"] for r in data} == {"9100000001", "77001"}
    first = next(r for r in data if r["studentReference"]["studentUniqueId"] == "9100000001")
    assert first["sectionReference"] == {
        "localCourseCode": "HLTH-110", "schoolId": 100100001, "schoolYear": 2026,
        "sectionIdentifier": "MVHS-HLTH-01", "sessionName": "2025-2026 Fall Semester",
    }  # fmt: skip


def test_command_needs_a_user_and_writes_the_file(
    partnership: dict[str, Any], tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "ssa.json"
    refused = runner.invoke(cli, ["export", "edfi", "--out", str(out)])
    assert refused.exit_code != 0
    assert "--as USER" in refused.output
    result = runner.invoke(cli, ["export", "edfi", "--out", str(out), "--as", "district.admin"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3


def test_college_with_a_numeric_id_is_referenced(
    partnership: dict[str, Any], tmp_path: Path
) -> None:
    college = OrganizationFactory(kind="college", name="Harbor College", code="7100")
    course = CourseFactory(provider_org=college, code="MATH 227", provider="college")
    fall = TermFactory(institution=college, code="2025FA-H", name="Fall 2025", academic_year=2025,
                       start_date=dt.date(2025, 8, 25), end_date=dt.date(2025, 12, 19))  # fmt: skip
    section = SectionFactory(course=course, term=fall, code="30001", host_site=college)
    _enrol(student=partnership["ana"], section=section, credit_type="dual")
    [resource] = [
        r for r in _export(partnership["admin"], tmp_path)
        if r["sectionReference"]["localCourseCode"] == "MATH 227"
    ]  # fmt: skip
    assert resource["dualCreditEducationOrganizationReference"] == {"educationOrganizationId": 7100}
    assert "dualCreditInstitutionDescriptor" not in resource
    assert resource["sectionReference"]["schoolId"] == 19999991234567  # the student's school
