"""CALPADS extracts (CRSE/CRSC, SCSE/SCSC, WBLR): golden files, the specification, scope and log.

Golden files live in tests/interop/golden/. After an intended change of the output, rewrite them
with OPENPATHWAYS_UPDATE_GOLDEN=1 and review the difference.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import timezone

from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import WblOpportunity
from openpathways.cli.main import cli
from openpathways.enrollments.models import CourseEnrollment
from openpathways.interop.exporters import exporter_registry
from openpathways.interop.exporters.calpads import (
    ACADEMIC_TERM_CODES,
    CONFIRMED_FIELDS,
    CTE_PROVIDER_CODES,
    GRADE_CODES,
    INTERNSHIP_EVALUATION_CODES,
    LAYOUTS,
    NON_STANDARD_INSTRUCTIONAL_LEVEL_CODES,
    WBL_TYPE_CODES,
    academic_term_code,
)
from openpathways.organizations.models import Organization
from openpathways.wbl.models import HoursLog, Placement
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

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("OPENPATHWAYS_UPDATE_GOLDEN"))

pytestmark = pytest.mark.django_db


def _school(district: Organization, name: str, cds: str) -> Organization:
    org = SchoolOrgFactory(name=name, parent=district, code=cds)
    SchoolFactory(organization=org, cds_code=cds)
    return org


@pytest.fixture
def world() -> dict[str, object]:
    district = DistrictFactory(name="Riverside Unified", code="99646460000000")
    high = _school(district, "Riverview High", "99646469900001")
    academy = _school(district, "Riverview Academy 6-12", "99646469900002")
    college = OrganizationFactory(kind="college", name="Valley College", code="VC")
    adult = OrganizationFactory(kind="adult_ed", name="Riverside Adult School", code="RAS")
    fall = TermFactory(
        institution=college,
        code="2025FA",
        name="Fall 2025",
        academic_year=2025,
        start_date=dt.date(2025, 8, 25),
        end_date=dt.date(2025, 12, 19),
    )
    spring = TermFactory(
        institution=adult,
        code="2026SP",
        name="Spring 2026",
        academic_year=2025,
        start_date=dt.date(2026, 1, 12),
        end_date=dt.date(2026, 5, 29),
    )
    older = TermFactory(
        institution=college,
        code="2024FA",
        name="Fall 2024",
        academic_year=2024,
        start_date=dt.date(2024, 8, 26),
        end_date=dt.date(2024, 12, 20),
    )
    engl = CourseFactory(
        provider_org=college,
        code="ENGL 101",
        title="College Composition",
        state_course_code="9120",
        units=3,
    )
    cis = CourseFactory(
        provider_org=college,
        code="CIS 101",
        title="Intro to Computing",
        subject="cte",
        sector="ict",
        state_course_code="5845",
        units=4,
        transferable=True,
    )
    auto = CourseFactory(
        provider_org=adult,
        code="AUTO 10",
        title="Automotive Basics",
        provider="adult_ed",
        subject="cte",
        state_course_code="7750",
        units=0,
        transferable=False,
    )
    engl_s = SectionFactory(course=engl, term=fall, code="10001", host_site=high)
    cis_s = SectionFactory(
        course=cis, term=fall, code="20001", host_site=college, modality="online"
    )
    auto_s = SectionFactory(
        course=auto, term=spring, code="30001", host_site=academy, schedule="after_school"
    )
    old_s = SectionFactory(course=engl, term=older, code="10001", host_site=high)
    ana = StudentFactory(
        state_student_id="9100000001",
        local_id="L0000001",
        first_name="Ana",
        last_name="Alvarez",
        school=high,
        gender="F",
        birth_date=dt.date(2008, 4, 2),
    )
    ben = StudentFactory(
        state_student_id="9100000002",
        local_id="L0000002",
        first_name="Ben",
        last_name="Brown",
        school=high,
        gender="M",
        birth_date=dt.date(2008, 9, 30),
    )
    cy = StudentFactory(
        state_student_id="9100000003",
        local_id="L0000003",
        first_name="Cy",
        last_name="Chen",
        school=academy,
        gender="X",
        birth_date=dt.date(2009, 1, 15),
    )
    elsewhere = StudentFactory(state_student_id="9200000009", first_name="Other",
                               last_name="District")  # fmt: skip
    enroll = CourseEnrollment.objects.create
    enroll(
        student=ana,
        section=engl_s,
        status="completed",
        grade="B+",
        units_attempted=3,
        units_earned=3,
        credit_type="dual",
    )
    enroll(
        student=ben,
        section=engl_s,
        status="completed",
        grade="NP",
        units_attempted=3,
        units_earned=0,
        credit_type="dual",
    )
    enroll(
        student=ana,
        section=cis_s,
        status="completed",
        grade="A",
        units_attempted=4,
        units_earned=4,
        credit_type="college",
    )
    enroll(
        student=cy,
        section=cis_s,
        status="enrolled",
        grade="",
        units_attempted=4,
        units_earned=0,
        credit_type="college",
    )
    enroll(
        student=cy,
        section=auto_s,
        status="completed",
        grade="P",
        units_attempted=0,
        units_earned=0,
        credit_type="high_school",
    )
    enroll(
        student=ana,
        section=old_s,
        status="completed",
        grade="A",
        units_attempted=3,
        units_earned=3,
        credit_type="dual",
    )
    enroll(student=elsewhere, section=engl_s, status="enrolled", credit_type="dual")

    employer = OrganizationFactory(kind="employer", name="Harbor Clinic")
    internship = WblOpportunity.objects.create(
        employer=employer,
        title="Clinic intern",
        wbl_type="10",
        sector="health",
        hours=120,
        state_course_code="8402",
    )
    enterprise = WblOpportunity.objects.create(
        employer=employer,
        title="Student cafe",
        wbl_type="15",
        sector="hospitality",
        state_course_code="8300",
    )
    apprenticeship = WblOpportunity.objects.create(
        employer=employer, title="Electrician", wbl_type="APPR", sector="energy"
    )
    placed = Placement.objects.create(
        student=ana,
        opportunity=internship,
        status="completed",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 5, 15),
        evaluation_code="4",
    )
    now = timezone.now()
    for day, hours, confirmed in ((3, "40.5", True), (10, "40", True), (17, "12", False)):
        HoursLog.objects.create(
            placement=placed,
            worked_on=dt.date(2026, 2, day),
            hours=Decimal(hours),
            confirmed_at=now if confirmed else None,
        )
    HoursLog.objects.create(
        placement=placed, worked_on=dt.date(2025, 6, 20), hours=8, confirmed_at=now
    )  # the previous academic year
    cafe = Placement.objects.create(student=cy, opportunity=enterprise, status="active")
    HoursLog.objects.create(
        placement=cafe, worked_on=dt.date(2025, 10, 1), hours=20, confirmed_at=now
    )
    Placement.objects.create(
        student=ben, opportunity=apprenticeship, status="completed", end_date=dt.date(2026, 6, 1)
    )
    admin = UserFactory(username="district.admin", role="district_admin", organization=district)
    students = [ana, ben, cy, elsewhere]
    return {"admin": admin, "students": students, "cis": cis_s, "district": district}


def _export(fmt: str, tmp_path: Path, *args: str) -> str:
    out = tmp_path / f"{fmt}.txt"
    result = CliRunner().invoke(
        cli, ["export", fmt, "--out", str(out), "--as", "district.admin", "--year", "2025", *args]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes().decode("utf-8")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    ("fmt", "golden", "extra"),
    [
        ("calpads-crse", "calpads_crsc.txt", ()),
        ("calpads-scse", "calpads_scsc.txt", ()),
        ("calpads-scse", "calpads_scse_fall.txt", ("--submission", "fall")),
        ("calpads-wblr", "calpads_wblr.txt", ()),
    ],
)
def test_extract_matches_its_golden_file(
    world: dict, tmp_path: Path, fmt: str, golden: str, extra: tuple[str, ...]
) -> None:
    _golden(golden, _export(fmt, tmp_path, *extra))


def _records(text: str) -> list[list[str]]:
    assert text.endswith("\r\n")
    return [line.split("^") for line in text.removesuffix("\r\n").split("\r\n")]


#: The layouts as established from public sources (docs/interop/calpads.md lists each source).
#: Field numbers marked with * are confirmed; the others keep a reconstructed position.
EXPECTED_LAYOUTS = {
    "CRSE": [
        "9.01* Record Type Code", "9.02* Transaction Type Code", "9.03* Local Record ID",
        "9.04* Reporting LEA", "9.05* School of Course Delivery", "9.06* Academic Year ID",
        "9.07* CRS-State Course Code", "9.08* CRS-Local Course ID", "9.09* CRS-Course Name",
        "9.10* CRS-Course Content Code", "9.11 CRS-NCLB Core Course Instructional Level Code",
        "9.12* CRS-CTE Postsecondary Articulated Course Indicator",
        "9.13* CRS-UC CSU Approved Indicator", "9.14 Course Section ID", "9.15 Local Staff ID",
        "9.16* SEID", "9.17 Class ID", "9.18 Academic Term Code",
        "9.19* Course Section Instructional Level Code", "9.20* Education Service Code",
        "9.21* Language of Instruction Code", "9.22* Instructional Strategy Code",
        "9.23 Independent Study Indicator", "9.24 Distance Learning Indicator",
        "9.25 Multiple Teacher Code", "9.26 Content Standards Alignment Code",
        "9.27* CTE Course Section Provider Code", "9.28* Course Content Area Subcategory Code",
        "9.29* CRS-Departmentalized Course Standards Grade Level Range Code",
    ],
    "SCSE": [
        "10.01* Record Type Code", "10.02* Transaction Type Code", "10.03* Local Record ID",
        "10.04* Reporting LEA", "10.05* School of Course Delivery", "10.06* Academic Year ID",
        "10.07* SSID", "10.08* Local Student ID", "10.09* Student Legal First Name",
        "10.10 Student Legal Last Name", "10.11 Student Birth Date", "10.12 Student Gender Code",
        "10.13 Local Course ID", "10.14 Course Section ID", "10.15 Academic Term Code",
        "10.16 Student Credits Attempted", "10.17 Student Credits Earned",
        "10.18 Student Course Final Grade", "10.19 UC/CSU Admission Requirement Code",
        "10.20 Marking Period Code",
    ],
    "WBLR": [
        "21.01* Record Type Code", "21.02 Transaction Type Code", "21.03 Local Record ID",
        "21.04* Reporting LEA", "21.05* School of Attendance", "21.06* School of Attendance NPS",
        "21.07* Academic Year ID", "21.08* SSID", "21.09 Local Student ID",
        "21.10 Student Legal First Name", "21.11 Student Legal Last Name",
        "21.12 Work-Based Learning Type Code",
        "21.13* Internship-Employer Performance Evaluation Code", "21.14 Internship ID",
        "21.15 Work-Based Learning Hours - External",
        "21.16 State Course Code - Embedded Work-Based Learning",
    ],
}  # fmt: skip


def _layout(name: str) -> list[str]:
    confirmed = CONFIRMED_FIELDS[name]
    return [f"{n}{'*' if n in confirmed else ''} {f}" for n, f in LAYOUTS[name]]


def test_layouts_are_the_established_ones() -> None:
    for name, expected in EXPECTED_LAYOUTS.items():
        assert _layout(name) == expected
    assert set(CONFIRMED_FIELDS) == set(LAYOUTS)


def test_code_sets_are_the_confirmed_ones() -> None:
    assert NON_STANDARD_INSTRUCTIONAL_LEVEL_CODES == {
        "23": "College Credit Only",
        "24": "Dual Credit",
    }
    assert WBL_TYPE_CODES == {
        "10": "Internship",
        "15": "Student-Led Enterprise",
        "20": "Simulated Work-Based Learning",
        "25": "Registered Pre-Apprenticeship Program",
        "30": "Non-Registered Pre-Apprenticeship Program",
        "35": "Job Corps",
        "40": "Workforce Innovation and Opportunity Act (WIOA)",
        "45": "YouthBuild",
        "50": "California Conservation Corps",
        "60": "Transition Work-Based Experience",
        "65": "Transition Classroom-Based Work Exploration",
    }
    assert list(INTERNSHIP_EVALUATION_CODES.values()) == [
        "Does Not Meet Expectations",
        "Partially Meets Expectations",
        "Meets Expectations",
        "Above Expectations",
        "Not Provided by Employer",
    ]
    assert {"FY", "S1", "S2", "Q1", "Q2", "Q3", "Q4", "T1", "T2", "T3", "SS", "IS"} <= set(
        ACADEMIC_TERM_CODES
    )
    assert ACADEMIC_TERM_CODES["S1"] == "First Semester"


def test_records_follow_the_specification(world: dict, tmp_path: Path) -> None:
    files = {
        "CRSE": _records(_export("calpads-crse", tmp_path)),
        "SCSE": _records(_export("calpads-scse", tmp_path)),
        "WBLR": _records(_export("calpads-wblr", tmp_path)),
    }
    for name, records in files.items():
        assert records
        assert {len(r) for r in records} == {len(EXPECTED_LAYOUTS[name])}

    def values(name: str, number: str) -> set[str]:
        index = [n for n, _ in LAYOUTS[name]].index(number)
        return {r[index] for r in files[name]}

    crse, scse, wblr = files["CRSE"], files["SCSE"], files["WBLR"]
    assert values("CRSE", "9.01") == {"CRSC"}
    assert values("SCSE", "10.01") == {"SCSC"}
    assert values("WBLR", "21.01") == {"WBLR"}
    for name, lea, school, year in (("CRSE", "9.04", "9.05", "9.06"),
                                    ("SCSE", "10.04", "10.05", "10.06"),
                                    ("WBLR", "21.04", "21.05", "21.07")):  # fmt: skip
        assert values(name, lea) == {"9964646"}
        assert values(name, school) <= {"9900001", "9900002"}
        assert values(name, year) == {"2025-2026"}
    assert values("WBLR", "21.06") == {""}  # no student attends a nonpublic school
    # The college course level goes in 9.19, not in the retired NCLB level field 9.11.
    local_id = [n for n, _ in LAYOUTS["CRSE"]].index("9.08")
    level = [n for n, _ in LAYOUTS["CRSE"]].index("9.19")
    levels = {r[local_id]: r[level] for r in crse}
    assert levels == {"VCENGL101": "24", "VCCIS101": "23", "RASAUTO10": ""}
    assert values("CRSE", "9.19") - {""} <= set(NON_STANDARD_INSTRUCTIONAL_LEVEL_CODES)
    assert values("CRSE", "9.11") == {""}
    assert values("CRSE", "9.16") == {"9999999999"}
    assert values("CRSE", "9.27") == {"", "3", "4"}
    assert values("CRSE", "9.27") - {""} <= set(CTE_PROVIDER_CODES)
    for name, number in (("CRSE", "9.18"), ("SCSE", "10.15")):
        assert values(name, number) <= set(ACADEMIC_TERM_CODES)
    for number in ("9.12", "9.13", "9.23", "9.24"):
        assert values("CRSE", number) <= {"Y", "N", ""}
    assert all(len(v) == 8 and v.isdigit() for v in values("SCSE", "10.11"))
    assert values("SCSE", "10.18") - {""} <= GRADE_CODES
    assert values("WBLR", "21.08") == {"9100000001", "9100000003"}
    assert values("WBLR", "21.12") <= set(WBL_TYPE_CODES)
    assert values("WBLR", "21.13") - {""} <= set(INTERNSHIP_EVALUATION_CODES)
    assert len(scse) == 5
    assert len(wblr) == 2


def test_a_retired_wbl_type_is_left_out_with_a_warning(world: dict, tmp_path: Path) -> None:
    ana = world["students"][0]
    employer = Organization.objects.get(name="Harbor Clinic")
    opportunity = WblOpportunity.objects.create(
        employer=employer, title="Trades prep", wbl_type="25", sector="building"
    )
    Placement.objects.create(
        student=ana, opportunity=opportunity, status="completed", end_date=dt.date(2026, 5, 1)
    )
    WblOpportunity.objects.filter(pk=opportunity.pk).update(wbl_type="30")
    out = tmp_path / "wblr.txt"
    result = CliRunner().invoke(
        cli, ["export", "calpads-wblr", "--out", str(out), "--as", "district.admin",
              "--year", "2025"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Type Code 30" in result.output
    assert "retired" in result.output
    types = {r[11] for r in _records(out.read_bytes().decode("utf-8"))}
    assert types == {"10", "15"}


def test_a_college_campus_section_counts_at_each_students_school(
    world: dict, tmp_path: Path
) -> None:
    crse = _records(_export("calpads-crse", tmp_path))
    online = [r for r in crse if r[7] == "VCCIS101"]
    assert sorted(r[4] for r in online) == ["9900001", "9900002"]


def test_wblr_reports_confirmed_hours_of_the_year_only(world: dict, tmp_path: Path) -> None:
    wblr = _records(_export("calpads-wblr", tmp_path))
    by_type = {r[11]: r for r in wblr}
    assert set(by_type) == {"10", "15"}  # the apprenticeship is a local type, not reported
    assert by_type["10"][14] == "81"  # 40.5 + 40 confirmed; unconfirmed and last year's left out
    assert by_type["10"][12] == "4"
    assert by_type["10"][13].startswith("INT")
    assert by_type["15"][14] == "20"
    assert by_type["15"][13] == ""  # only internships carry an internship id


def test_only_students_in_scope_are_exported_and_each_is_logged(
    world: dict, tmp_path: Path
) -> None:
    text = _export("calpads-scse", tmp_path)
    assert "9200000009" not in text
    logged = set(
        AuditEvent.objects.filter(action="students.exported").values_list("student_id", flat=True)
    )
    ana, ben, cy, elsewhere = world["students"]
    assert logged == {ana.pk, ben.pk, cy.pk}
    assert elsewhere.pk not in logged


def test_export_requires_a_user_with_student_access(world: dict, tmp_path: Path) -> None:
    runner = CliRunner()
    out = str(tmp_path / "x.txt")
    anonymous = runner.invoke(cli, ["export", "calpads-scse", "--out", out])
    assert anonymous.exit_code == 2
    assert "--as USER" in anonymous.output
    UserFactory(username="analyst", role="analyst")
    refused = runner.invoke(cli, ["export", "calpads-scse", "--out", out, "--as", "analyst"])
    assert refused.exit_code == 1
    assert "Refused" in refused.output
    assert not Path(out).exists()


def test_export_group_lists_the_calpads_formats() -> None:
    assert {"calpads-crse", "calpads-scse", "calpads-wblr"} <= set(exporter_registry())
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert "calpads-wblr" in result.output


@pytest.mark.parametrize(
    ("kind", "start", "code"),
    [
        ("semester", dt.date(2025, 8, 25), "S1"),
        ("semester", dt.date(2026, 1, 12), "S2"),
        ("quarter", dt.date(2026, 4, 1), "Q4"),
        ("trimester", dt.date(2025, 11, 30), "T2"),
        ("summer", dt.date(2026, 6, 20), "SS"),
    ],
)
def test_academic_term_codes(kind: str, start: dt.date, code: str) -> None:
    assert academic_term_code(kind, start) == code


def test_rows_without_a_cds_code_are_left_out_with_a_warning(world: dict, tmp_path: Path) -> None:
    unlisted = SchoolOrgFactory(name="Unlisted Academy", parent=world["district"])
    dee = StudentFactory(state_student_id="9100000004", school=unlisted)
    CourseEnrollment.objects.create(student=dee, section=world["cis"], credit_type="college")
    out = tmp_path / "scsc.txt"
    result = CliRunner().invoke(
        cli, ["export", "calpads-scse", "--out", str(out), "--as", "district.admin",
              "--year", "2025"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 record(s) left out: the school has no CDS code" in result.output
    text = out.read_bytes().decode("utf-8")
    assert "9100000004" not in text
    assert len(_records(text)) == 5


def test_a_high_schools_own_class_is_left_out_of_the_course_extracts(
    world: dict, tmp_path: Path
) -> None:
    """A OneRoster import stores the high school's own classes (provider "school"): CRSE and
    SCSE report the college and adult-education sections only, and log no read for them."""
    high = world["students"][0].school
    biology = CourseFactory(provider_org=high, provider="school", code="BIO 1", title="Biology",
                            state_course_code="2620", units=0)  # fmt: skip
    fall = world["cis"].term
    class_ = SectionFactory(course=biology, term=fall, code="HS-BIO-1", host_site=high)
    only_high_school = StudentFactory(state_student_id="9100000005", school=high)
    ana = world["students"][0]
    for student in (ana, only_high_school):
        CourseEnrollment.objects.create(
            student=student, section=class_, status="completed", grade="A",
            credit_type="high_school",
        )  # fmt: skip
    crse = _records(_export("calpads-crse", tmp_path))
    scse = _records(_export("calpads-scse", tmp_path))
    assert "HSBIO1" not in {r[7] for r in crse}
    assert not [r for r in scse if r[12].endswith("BIO1")]
    assert "9100000005" not in {r[6] for r in scse}
    assert len(scse) == 5  # as before the high-school class was added
    logged = set(
        AuditEvent.objects.filter(action="students.exported").values_list("student_id", flat=True)
    )
    assert only_high_school.pk not in logged
    # the golden files stay as they were
    _golden("calpads_crsc.txt", _export("calpads-crse", tmp_path))
    _golden("calpads_scsc.txt", _export("calpads-scse", tmp_path))
