"""The Ed-Fi importer on the real Grand Bend sample (Ed-Fi Data Standard 5.2) in ../shared/data.

The sample holds 960 students, 1 LEA, 3 schools, 1 post-secondary institution, 84 courses,
169 course offerings (one repeated: ALG-1 at Grand Bend High School in the spring appears twice,
so 168 distinct), 532 sections, 6 sessions and 64 StudentCTEProgramAssociation records; it has no
StudentEnrollment.xml, so students are placed at the district with an estimated grade.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from openpathways.catalog.models import Course, Section
from openpathways.interop.base import ImportReport, run_import
from openpathways.interop.importers.edfi import IMPORTER
from openpathways.interop.models import ExternalId
from openpathways.organizations.models import Organization, School
from openpathways.students.models import Student
from openpathways.terms.models import Term

pytestmark = [pytest.mark.shared_data, pytest.mark.django_db]

EXPECTED = {
    "district": 1, "school": 3, "college": 1, "term": 6, "course": 84, "course_offering": 168,
    "section": 532, "student": 960, "cte_participation_skipped": 64,
}  # fmt: skip


@pytest.fixture
def grand_bend(shared_data: Path) -> Path:
    return shared_data / "edfi_grand_bend_sample_xml"


def _import(path: Path) -> ImportReport:
    return run_import(IMPORTER, path)


def _counts(report: ImportReport) -> dict[str, dict[str, int]]:
    return report.as_dict()["counts"]


def test_grand_bend_imports_the_counts_the_files_hold(grand_bend: Path) -> None:
    report = _import(grand_bend)
    assert report.status == "applied", report.errors[:5]
    assert {e: c["created"] for e, c in _counts(report).items()} == EXPECTED
    assert School.objects.count() == 3
    assert Course.objects.count() == 84
    assert Section.objects.count() == 532
    assert Term.objects.count() == 6
    assert Student.objects.count() == 960
    assert ExternalId.objects.filter(model="edfi.studentcteprogramassociation").count() == 64
    high = School.objects.get(cds_code="E255901001")
    assert high.serves_9_12
    assert (high.grade_served_low, high.grade_served_high) == (9, 12)
    assert high.organization.parent == Organization.objects.get(kind="district")


def test_grand_bend_reports_its_repeated_offering_and_non_ssid_ids(grand_bend: Path) -> None:
    report = _import(grand_bend)
    [repeated] = [p for p in report.warnings if "same identity" in p.message]
    assert (repeated.file, repeated.line, repeated.value) == ("MasterSchedule.xml", 845, "ALG-1")
    assert any("960 student(s)" in p.message for p in report.warnings)
    assert sum("CTE program association" in p.message for p in report.warnings) == 64


def test_grand_bend_second_run_is_unchanged(grand_bend: Path) -> None:
    _import(grand_bend)
    second = _import(grand_bend)
    assert second.status == "applied"
    assert {e: c["unchanged"] for e, c in _counts(second).items()} == EXPECTED
    assert all(c["created"] == c["updated"] == 0 for c in _counts(second).values())


def test_grand_bend_broken_reference_is_rejected_and_nothing_changes(
    grand_bend: Path, tmp_path: Path
) -> None:
    _import(grand_bend)
    before = (Student.objects.count(), Section.objects.count(), ExternalId.objects.count())
    copy = tmp_path / "grand_bend"
    shutil.copytree(grand_bend, copy, copy_function=shutil.copyfile)  # writable copies
    for folder in (copy, copy / "Descriptors"):
        folder.chmod(0o755)
    schedule = copy / "MasterSchedule.xml"
    lines = schedule.read_text(encoding="utf-8").splitlines(keepends=True)
    # The first Section's course offering reference: its LocalCourseCode line.
    number = next(
        i for i, line in enumerate(lines)
        if "<LocalCourseCode>" in line and i > 0 and "CourseOfferingIdentity" in lines[i - 1]
    )  # fmt: skip
    lines[number] = lines[number].replace("ALG-1", "ALG-X")
    schedule.write_text("".join(lines), encoding="utf-8")
    student_xml = (copy / "Student.xml").read_text(encoding="utf-8")
    (copy / "Student.xml").write_text(student_xml.replace(">Tyrone<", ">Tyra<"), encoding="utf-8")
    report = _import(copy)
    assert report.status == "rejected"
    [problem] = report.errors
    assert (problem.file, problem.line) == ("MasterSchedule.xml", number + 1)
    assert problem.column == (
        "Section[1]/CourseOfferingReference/CourseOfferingIdentity/LocalCourseCode"
    )
    assert problem.value is not None
    assert "ALG-X" in problem.value
    after = (Student.objects.count(), Section.objects.count(), ExternalId.objects.count())
    assert after == before
    assert not Student.objects.filter(first_name="Tyra").exists()
