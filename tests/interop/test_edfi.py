"""The Ed-Fi 5.x importer on a small synthetic folder written in the Ed-Fi 5.2 namespace."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import Course, Section
from openpathways.cli.main import cli
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.interop.base import ImportReport, run_import
from openpathways.interop.importers.edfi import IMPORTER
from openpathways.interop.models import ExternalId, ImportRun
from openpathways.organizations.models import Organization, School
from openpathways.students.models import Student
from openpathways.terms.models import Term

FIXTURES = Path(__file__).parent / "fixtures" / "edfi"

pytestmark = pytest.mark.django_db

MODELS = (Organization, School, Term, Course, Section, Student, CourseEnrollment, CredentialEarned,
          ExternalId)  # fmt: skip


def _import(path: Path, **kwargs: object) -> ImportReport:
    return run_import(IMPORTER, path, **kwargs)  # type: ignore[arg-type]


def _counts(report: ImportReport) -> dict[str, dict[str, int]]:
    return report.as_dict()["counts"]


def _created(report: ImportReport) -> dict[str, int]:
    return {entity: c["created"] for entity, c in _counts(report).items()}


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "edfi"
    shutil.copytree(FIXTURES, folder)
    return folder


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _table_sizes() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_import_creates_every_entity_the_files_hold() -> None:
    report = _import(FIXTURES)
    assert report.status == "applied", report.errors
    assert _created(report) == {
        "district": 1, "school": 1, "college": 1, "term": 2, "course": 2, "course_offering": 3,
        "section": 3, "student": 3, "course_enrollment": 3, "cte_participation_skipped": 2,
    }  # fmt: skip


def test_district_and_school_keep_identity_address_and_grade_span() -> None:
    _import(FIXTURES)
    district = Organization.objects.get(kind="district")
    assert (district.name, district.code) == ("Mesa Verde Unified", "19999990000000")
    school = School.objects.select_related("organization").get()
    assert school.cds_code == "E100100001"  # no CDS code given: E + the Ed-Fi SchoolId
    assert school.organization.parent == district
    assert school.organization.street == "200 School Road"  # the physical address
    assert school.organization.website == "http://www.example.org/mvhs"
    assert (school.grade_served_low, school.grade_served_high) == (9, 12)
    assert school.serves_9_12
    assert school.school_type == "high"
    assert not school.charter


def test_sessions_become_terms_of_the_school() -> None:
    _import(FIXTURES)
    fall = Term.objects.get(code="2025FA")
    assert fall.institution.name == "Mesa Verde High School"
    assert (fall.kind, fall.academic_year, fall.name) == (
        "semester",
        2025,
        "2025-2026 Fall Semester",
    )
    assert str(fall.start_date) == "2025-08-18"


def test_courses_map_credit_level_sector_and_state_code() -> None:
    _import(FIXTURES)
    health = Course.objects.get(code="HLTH-110")
    assert (health.provider, health.subject, health.sector) == ("college", "cte", "health")
    assert health.units == Decimal("3.0")
    algebra = Course.objects.get(code="ALG-2")
    assert (algebra.provider, algebra.state_course_code) == ("school", "2403")
    assert algebra.units == Decimal("1.0")  # from its sections' available credits


def test_sections_meet_at_the_high_school_during_the_day() -> None:
    _import(FIXTURES)
    section = Section.objects.select_related("term", "host_site").get(code="MVHS-HLTH-02")
    assert section.term.code == "2026SP"
    assert section.host_site.name == "Mesa Verde High School"
    assert section.high_school_only
    assert (section.schedule, section.modality) == ("school_day", "in_person")


def test_students_get_ssid_or_local_id_demographics_school_and_grade() -> None:
    _import(FIXTURES)
    ana = Student.objects.get(state_student_id="9100000001")
    assert (ana.race_ethnicity, ana.gender, ana.grade, ana.graduation_cohort) == (
        "hispanic", "F", 11, 2027,
    )  # fmt: skip
    assert ana.school.name == "Mesa Verde High School"
    beto = Student.objects.get(local_id="77001")
    assert beto.state_student_id == "E77001"  # not a 10-digit SSID: placeholder, never digits
    assert (beto.race_ethnicity, beto.gender, beto.grade, beto.graduation_cohort) == (
        "two_or_more", "M", 12, 2026,
    )  # fmt: skip
    carla = Student.objects.get(state_student_id="9100000003")
    assert carla.race_ethnicity == "black"


def test_non_ssid_student_ids_are_reported() -> None:
    report = _import(FIXTURES)
    messages = [p for p in report.warnings if p.value == "77001"]
    assert messages[0].file == "Student.xml"
    assert messages[0].line == 15
    assert "not a 10-digit CALPADS SSID" in messages[0].message


def test_dual_credit_fields_set_the_enrollment_credit_type() -> None:
    _import(FIXTURES)
    credit = {
        e.student.first_name: e.credit_type
        for e in CourseEnrollment.objects.select_related("student")
    }
    assert credit == {"Ana": "dual", "Beto": "college", "Carla": "high_school"}
    ana = CourseEnrollment.objects.get(student__first_name="Ana")
    assert ana.units_attempted == Decimal("3.0")


def test_cte_associations_without_completion_are_skipped_with_a_warning() -> None:
    report = _import(FIXTURES)
    skipped = [p for p in report.warnings if "CTE program association" in p.message]
    assert [(p.file, p.line) for p in skipped] == [
        ("StudentProgram.xml", 5),
        ("StudentProgram.xml", 30),
    ]
    assert CredentialEarned.objects.count() == 0
    assert ExternalId.objects.filter(model="edfi.studentcteprogramassociation").count() == 2


def test_stated_cte_completion_records_a_credential(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    program = folder / "StudentProgram.xml"
    _replace(program, "http://ed-fi.org/5.2.0", "http://ed-fi.org/5.1.0")
    _replace(
        program,
        "<EndDate>2026-06-05</EndDate>",
        "<EndDate>2026-06-05</EndDate><CTEProgram><CareerPathway>uri://ed-fi.org/"
        "CareerPathwayDescriptor#Health Science</CareerPathway><CTEProgramCompletionIndicator>"
        "true</CTEProgramCompletionIndicator></CTEProgram>",
    )
    first = _import(folder)
    assert _counts(first)["cte_pathway_completion"]["created"] == 1
    credential = CredentialEarned.objects.get()
    assert (credential.kind, str(credential.earned_on)) == ("cte_pathway_completion", "2026-06-05")
    assert credential.student.first_name == "Ana"
    second = _import(folder)
    assert _counts(second)["cte_pathway_completion"] == {
        "created": 0, "updated": 0, "unchanged": 1, "rejected": 0,
    }  # fmt: skip


def test_second_run_changes_nothing() -> None:
    _import(FIXTURES)
    sizes = _table_sizes()
    per_student = AuditEvent.objects.filter(student_id__isnull=False)
    events = per_student.count()
    second = _import(FIXTURES)
    assert second.status == "applied"
    for entity, counts in _counts(second).items():
        assert counts["created"] == counts["updated"] == 0, entity
    assert _table_sizes() == sizes
    assert per_student.count() == events


def test_changed_value_is_updated(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _import(folder)
    _replace(
        folder / "Student.xml", "<FirstName>Carla</FirstName>", "<FirstName>Carlota</FirstName>"
    )
    report = _import(folder)
    assert _counts(report)["student"] == {"created": 0, "updated": 1, "unchanged": 2, "rejected": 0}
    assert Student.objects.get(state_student_id="9100000003").first_name == "Carlota"


def test_each_imported_student_is_in_the_audit_trail() -> None:
    _import(FIXTURES)
    ana = Student.objects.get(state_student_id="9100000001")
    assert AuditEvent.objects.filter(action="students.created", student_id=ana.pk).exists()


def test_dry_run_writes_nothing() -> None:
    report = _import(FIXTURES, dry_run=True)
    assert report.status == "dry_run"
    assert _counts(report)["student"]["created"] == 3
    assert Student.objects.count() == 0
    assert Organization.objects.count() == 0


def test_broken_reference_is_rejected_with_file_line_and_path(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    old = "<LocalCourseCode>ALG-2</LocalCourseCode>\n\t\t\t\t<School"
    _replace(folder / "MasterSchedule.xml", old, old.replace("ALG-2", "ALG-9"))
    report = _import(folder)
    assert report.status == "rejected"
    assert Organization.objects.count() == 0
    assert Student.objects.count() == 0
    [problem] = [p for p in report.errors if p.file == "MasterSchedule.xml"]
    assert problem.line is not None
    assert problem.line > 1
    assert problem.column == (
        "Section[1]/CourseOfferingReference/CourseOfferingIdentity/LocalCourseCode"
    )
    assert problem.value is not None
    assert "ALG-9" in problem.value
    assert "neither in the input nor imported before" in problem.message
    assert ImportRun.objects.get().status == "rejected"


def test_rejected_import_leaves_stored_data_unchanged(tmp_path: Path) -> None:
    _import(FIXTURES)
    before = _table_sizes()
    folder = _copy(tmp_path)
    _replace(
        folder / "Student.xml", "<FirstName>Carla</FirstName>", "<FirstName>Carlota</FirstName>"
    )
    _replace(folder / "StudentEnrollment.xml", "#Tenth grade", "#Ungraded")
    report = _import(folder)
    assert report.status == "rejected"
    [problem] = report.errors
    assert (problem.file, problem.column) == (
        "StudentEnrollment.xml", "StudentSchoolAssociation[3]/EntryGradeLevel",
    )  # fmt: skip
    assert _table_sizes() == before
    assert Student.objects.get(state_student_id="9100000003").first_name == "Carla"


def test_bad_date_names_its_element(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _replace(folder / "Student.xml", "2010-05-30", "30/05/2010")
    report = _import(folder)
    [problem] = report.errors
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "Student.xml", 32, "Student[3]/BirthData/BirthDate", "30/05/2010",
    )  # fmt: skip


def test_namespace_other_than_ed_fi_5_is_rejected(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _replace(folder / "Student.xml", "http://ed-fi.org/5.2.0", "http://ed-fi.org/3.3.0-b")
    report = _import(folder)
    assert report.status == "rejected"
    assert [(p.file, p.line) for p in report.errors] == [("Student.xml", 3)]
    assert "not an Ed-Fi 5.x namespace" in report.errors[0].message


def test_malformed_xml_is_rejected_with_its_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _replace(folder / "EducationOrgCalendar.xml", "</SessionName>", "</SessionNam>")
    report = _import(folder)
    assert report.status == "rejected"
    assert [(p.file, p.line) for p in report.errors] == [("EducationOrgCalendar.xml", 5)]


def test_enrollment_file_alone_resolves_what_an_earlier_import_stored(tmp_path: Path) -> None:
    _import(FIXTURES)
    folder = tmp_path / "later"
    folder.mkdir()
    shutil.copy(FIXTURES / "StudentEnrollment.xml", folder / "StudentEnrollment.xml")
    _replace(folder / "StudentEnrollment.xml", "#Tenth grade", "#Eleventh grade")
    report = _import(folder)
    assert report.status == "applied", report.errors
    assert _counts(report)["course_enrollment"]["unchanged"] == 3
    assert Student.objects.get(state_student_id="9100000003").grade == 11


def test_students_without_school_association_go_to_the_district(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "StudentEnrollment.xml").unlink()
    report = _import(folder)
    assert report.status == "applied", report.errors
    carla = Student.objects.get(state_student_id="9100000003")
    assert carla.school.kind == "district"
    assert carla.grade == 10  # born 2010-05-30: 15 on 1 September 2025
    assert any("no StudentSchoolAssociation" in p.message for p in report.warnings)


def test_command_line_import_reports_json_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "edfi", str(FIXTURES), "--report", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["section"]["created"] == 3
    folder = _copy(tmp_path)
    _replace(folder / "StudentProgram.xml", "<StudentUniqueId>77001<", "<StudentUniqueId>77009<")
    bad = runner.invoke(cli, ["import", "edfi", str(folder)])
    assert bad.exit_code == 1
    assert "StudentProgram.xml, line 32" in bad.output


def test_records_without_a_counterpart_are_counted_in_one_warning() -> None:
    report = _import(FIXTURES)
    [program] = [p for p in report.warnings if p.column == "Program"]
    assert program.file == "EducationOrganization.xml"
    assert program.message.startswith("1 Program element(s) read but not imported")


def test_repeated_identity_keeps_the_later_record(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    student = (folder / "Student.xml").read_text(encoding="utf-8")
    first = student.index("\t<Student>")
    end = student.index("</Student>", first) + len("</Student>\n")
    repeated = student[first:end].replace(
        "<FirstName>Ana</FirstName>", "<FirstName>Ani</FirstName>"
    )
    _replace(folder / "Student.xml", "</InterchangeStudent>", repeated + "</InterchangeStudent>")
    report = _import(folder)
    assert report.status == "applied", report.errors
    [warning] = [p for p in report.warnings if "same identity" in p.message]
    assert (warning.file, warning.value) == ("Student.xml", "9100000001")
    assert Student.objects.get(state_student_id="9100000001").first_name == "Ani"
