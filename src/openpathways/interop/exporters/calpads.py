"""CALPADS-style extracts of dual-enrollment and adult-education course work, and of work-based
learning: CRSE/CRSC (course section), SCSE/SCSC (student course section) and WBLR.

Files follow the CALPADS upload convention: caret-delimited (`^`) text, one record per line, no
header line, fields in the order of the file specification (`LAYOUTS` below, field numbers as in
the CALPADS File Specifications; `CONFIRMED_FIELDS` says which positions public sources confirm).
Codes come from the CALPADS code sets (`*_CODES` below). What each field is filled from, which
fields are left blank and what is still unconfirmed is in docs/interop/calpads.md.

Student-linked rows are read through `openpathways.students.access`, which applies the actor's
scope and logs every exported student on that student's disclosure log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import click
from django.utils import timezone

from openpathways.interop.exporters import Exporter, ExportResult
from openpathways.students import access

DELIMITER = "^"
LINE_END = "\r\n"
#: SEID reported for instructors without a State Educator ID (college faculty, ROC/P staff).
NO_SEID = "9999999999"

#: Field number, field name. The order is the order of the fields in each record. Which numbers
#: are confirmed against public sources, and which are still reconstructed, is in
#: `CONFIRMED_FIELDS` and, with the sources, in docs/interop/calpads.md.
LAYOUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "CRSE": (
        ("9.01", "Record Type Code"),
        ("9.02", "Transaction Type Code"),
        ("9.03", "Local Record ID"),
        ("9.04", "Reporting LEA"),
        ("9.05", "School of Course Delivery"),
        ("9.06", "Academic Year ID"),
        ("9.07", "CRS-State Course Code"),
        ("9.08", "CRS-Local Course ID"),
        ("9.09", "CRS-Course Name"),
        ("9.10", "CRS-Course Content Code"),
        ("9.11", "CRS-NCLB Core Course Instructional Level Code"),
        ("9.12", "CRS-CTE Postsecondary Articulated Course Indicator"),
        ("9.13", "CRS-UC CSU Approved Indicator"),
        ("9.14", "Course Section ID"),
        ("9.15", "Local Staff ID"),
        ("9.16", "SEID"),
        ("9.17", "Class ID"),
        ("9.18", "Academic Term Code"),
        ("9.19", "Course Section Instructional Level Code"),
        ("9.20", "Education Service Code"),
        ("9.21", "Language of Instruction Code"),
        ("9.22", "Instructional Strategy Code"),
        ("9.23", "Independent Study Indicator"),
        ("9.24", "Distance Learning Indicator"),
        ("9.25", "Multiple Teacher Code"),
        ("9.26", "Content Standards Alignment Code"),
        ("9.27", "CTE Course Section Provider Code"),
        ("9.28", "Course Content Area Subcategory Code"),
        ("9.29", "CRS-Departmentalized Course Standards Grade Level Range Code"),
    ),
    "SCSE": (
        ("10.01", "Record Type Code"),
        ("10.02", "Transaction Type Code"),
        ("10.03", "Local Record ID"),
        ("10.04", "Reporting LEA"),
        ("10.05", "School of Course Delivery"),
        ("10.06", "Academic Year ID"),
        ("10.07", "SSID"),
        ("10.08", "Local Student ID"),
        ("10.09", "Student Legal First Name"),
        ("10.10", "Student Legal Last Name"),
        ("10.11", "Student Birth Date"),
        ("10.12", "Student Gender Code"),
        ("10.13", "Local Course ID"),
        ("10.14", "Course Section ID"),
        ("10.15", "Academic Term Code"),
        ("10.16", "Student Credits Attempted"),
        ("10.17", "Student Credits Earned"),
        ("10.18", "Student Course Final Grade"),
        ("10.19", "UC/CSU Admission Requirement Code"),
        ("10.20", "Marking Period Code"),
    ),
    "WBLR": (
        ("21.01", "Record Type Code"),
        ("21.02", "Transaction Type Code"),
        ("21.03", "Local Record ID"),
        ("21.04", "Reporting LEA"),
        ("21.05", "School of Attendance"),
        ("21.06", "School of Attendance NPS"),
        ("21.07", "Academic Year ID"),
        ("21.08", "SSID"),
        ("21.09", "Local Student ID"),
        ("21.10", "Student Legal First Name"),
        ("21.11", "Student Legal Last Name"),
        ("21.12", "Work-Based Learning Type Code"),
        ("21.13", "Internship-Employer Performance Evaluation Code"),
        ("21.14", "Internship ID"),
        ("21.15", "Work-Based Learning Hours - External"),
        ("21.16", "State Course Code - Embedded Work-Based Learning"),
    ),
}

#: Field numbers whose number and name are confirmed by a public source (listed with the source
#: in docs/interop/calpads.md). The other fields keep a reconstructed position.
CONFIRMED_FIELDS: dict[str, frozenset[str]] = {
    "CRSE": frozenset(
        f"9.{i:02d}" for i in (*range(1, 11), 12, 13, 16, 19, 20, 21, 22, 27, 28, 29)
    ),
    "SCSE": frozenset(
        {"10.01", "10.02", "10.03", "10.04", "10.05", "10.06", "10.07", "10.08", "10.09"}
    ),
    "WBLR": frozenset({"21.01", "21.04", "21.05", "21.06", "21.07", "21.08", "21.13"}),
}

#: Record type codes: Fall 2 submission / End-of-Year submission.
RECORD_TYPES = {"CRSE": {"fall": "CRSE", "eoy": "CRSC"}, "SCSE": {"fall": "SCSE", "eoy": "SCSC"},
                "WBLR": {"fall": "WBLR", "eoy": "WBLR"}}  # fmt: skip

#: Course Non-Standard Instructional Level codes for college course work, reported in field 9.19
#: Course Section Instructional Level Code (CALPADS code set "Course Non-Standard Instructional
#: Level"; these two codes replace the older single "College" level).
NON_STANDARD_INSTRUCTIONAL_LEVEL_CODES = {
    "23": "College Credit Only",
    "24": "Dual Credit",
}
CREDIT_TYPE_LEVEL = {"college": "23", "dual": "24"}

#: Work-Based Learning Type codes (CALPADS Flash #229; 20 renamed from "Virtual/Simulated").
WBL_TYPE_CODES = {
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
#: Types retired from the academic year (by its starting year) given (Flash #265).
WBL_TYPE_RETIRED_FROM = {"30": 2024}
#: Types whose hours are reported for the year (10-20); the others only in the year completed.
WBL_HOURS_TYPES = frozenset({"10", "15", "20"})

#: Internship Employer Performance Evaluation: the four levels of the CDE evaluation template
#: (rated 1-4 there) and "Not Provided by Employer" (added for 2023-24, Flash #265). The coded
#: values CALPADS assigns are not confirmed: see docs/interop/calpads.md.
INTERNSHIP_EVALUATION_CODES = {
    "1": "Does Not Meet Expectations",
    "2": "Partially Meets Expectations",
    "3": "Meets Expectations",
    "4": "Above Expectations",
    "5": "Not Provided by Employer",
}

#: CTE Course Section Provider codes used here (coded values not confirmed; the code set also
#: holds Regional Occupational Centers and Programs).
CTE_PROVIDER_CODES = {"3": "Community College", "4": "Adult Education"}
PROVIDER_CTE_CODE = {"college": "3", "adult_ed": "4"}
#: The CRSE/SCSE extracts report partner sections only: a high school's own classes (course
#: provider "school", from its OneRoster roster) go to CALPADS from the student information system.
CALPADS_PROVIDERS = ("college", "adult_ed")

#: Academic Term code set (CALPADS Code Sets; the exporter uses FY, S1-S2, Q1-Q4, T1-T3, SS, IS).
ACADEMIC_TERM_CODES = {
    "FY": "Full Year", "H1": "First Hexmester", "H2": "Second Hexmester",
    "H3": "Third Hexmester", "H4": "Fourth Hexmester", "H5": "Fifth Hexmester",
    "H6": "Sixth Hexmester", "IS": "Intersession", "Q1": "First Quarter",
    "Q2": "Second Quarter", "Q3": "Third Quarter", "Q4": "Fourth Quarter",
    "S1": "First Semester", "S2": "Second Semester", "SP": "Supplemental Session",
    "SS": "Summer Session", "T1": "First Trimester", "T2": "Second Trimester",
    "T3": "Third Trimester", "Z1": "Other First Term", "Z2": "Other Second Term",
    "Z3": "Other Third Term", "Z4": "Other Fourth Term", "Z5": "Other Fifth Term",
    "Z6": "Other Sixth Term",
}  # fmt: skip
GRADE_CODES = frozenset(
    {"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F", "P", "NP", "I", "W"}
)


def academic_year_id(year: int) -> str:
    """CALPADS Academic Year ID: `2025-2026` for the year starting in 2025."""
    return f"{year}-{year + 1}"


def current_academic_year(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 7 else today.year - 1


def academic_term_code(kind: str, start: dt.date) -> str:
    month = start.month
    if kind == "semester":
        return "S1" if month >= 7 else "S2"
    if kind == "quarter":
        return {7: "Q1", 8: "Q1", 9: "Q1", 10: "Q2", 11: "Q2", 12: "Q2", 1: "Q3", 2: "Q3",
                3: "Q3"}.get(month, "Q4")  # fmt: skip
    if kind == "trimester":
        return "T1" if 7 <= month <= 10 else ("T2" if month >= 11 or month <= 2 else "T3")
    if kind == "summer":
        return "SS"
    if kind == "intersession":
        return "IS"
    return "FY"


def _clean(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace(DELIMITER, " ").replace("\r", " ").replace("\n", " ").strip()


def _write(path: Path, records: Iterable[Sequence[Any]], width: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for record in records:
            assert len(record) == width, "record does not match its layout"
            handle.write(DELIMITER.join(_clean(v) for v in record) + LINE_END)
            count += 1
    return count


def _units(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _cds_codes() -> dict[int, str]:
    """CDS code of every school, by organization (public directory facts)."""
    from openpathways.organizations.selectors import school_queryset

    return dict(school_queryset().values_list("organization_id", "cds_code"))


def _delivery_cds(enrollment: Any, cds: dict[int, str]) -> str:
    """Where the section counts for the high school: the host site when it is a school with a
    CDS code, else the student's school of attendance (a section at a college campus)."""
    return cds.get(enrollment.section.host_site_id) or cds.get(enrollment.student.school_id, "")


def _course_section_id(section: Any) -> str:
    return f"{section.term.code}-{section.code}"[:20]


def _local_course_id(course: Any) -> str:
    prefix = (course.provider_org.code or "").replace(" ", "")[:4]
    local = course.code.replace(" ", "")
    return (f"{prefix}{local}" if prefix else local)[:10]


def _birth_date(student: Any) -> str:
    return student.birth_date.strftime("%Y%m%d") if student.birth_date else ""


class _CalpadsExporter(Exporter):
    record = ""
    requires_actor = True
    options = (
        click.Option(
            ["--year"],
            type=click.IntRange(2000, 2100),
            help="Academic year by its starting year (2025 for 2025-26); default: the current.",
        ),
        click.Option(
            ["--submission"],
            type=click.Choice(["eoy", "fall"]),
            default="eoy",
            show_default=True,
            help="End-of-Year (CRSC/SCSC, with grades) or Fall 2 (CRSE/SCSE) record types.",
        ),
    )

    def export(self, *, out: Path, actor: Any, **options: Any) -> ExportResult:
        year = options.get("year") or current_academic_year()
        submission = options.get("submission") or "eoy"
        warnings: list[str] = []
        records = self.records(actor=actor, year=year, submission=submission, warnings=warnings)
        layout = LAYOUTS[self.record]
        count = _write(out, records, len(layout))
        return ExportResult(
            rows={RECORD_TYPES[self.record][submission]: count}, files=[out], warnings=warnings
        )

    def records(
        self, *, actor: Any, year: int, submission: str, warnings: list[str]
    ) -> list[list[str]]:
        raise NotImplementedError


class CourseSectionExporter(_CalpadsExporter):
    format = "calpads-crse"
    record = "CRSE"
    help = "CALPADS course sections (CRSE/CRSC) of dual-enrollment and adult-ed sections."

    def records(
        self, *, actor: Any, year: int, submission: str, warnings: list[str]
    ) -> list[list[str]]:
        enrollments = access.course_enrollment_export(
            actor=actor, purpose="CALPADS course section extract", academic_year=year,
            providers=CALPADS_PROVIDERS,
        )  # fmt: skip
        codes = _cds_codes()
        by_key: dict[tuple[str, int], Any] = {}
        skipped = 0
        for e in enrollments:
            cds = _delivery_cds(e, codes)
            if cds:
                by_key.setdefault((cds, e.section_id), e)
            else:
                skipped += 1
        _warn_no_cds(warnings, skipped)
        no_state_code = sorted(
            {_local_course_id(e.section.course) for e in by_key.values()
             if not e.section.course.state_course_code}
        )  # fmt: skip
        if no_state_code:
            warnings.append(
                "9.07 CRS-State Course Code is blank for courses without a state course code: "
                + ", ".join(no_state_code[:20])
                + (" ..." if len(no_state_code) > 20 else "")
            )
        rows = []
        for (cds, _section_id), e in sorted(
            by_key.items(), key=lambda kv: (kv[0][0], _course_section_id(kv[1].section))
        ):
            section, course = e.section, e.section.course
            level = CREDIT_TYPE_LEVEL.get(e.credit_type, "") if course.provider == "college" else ""
            cte = course.subject == "cte"
            record = [
                RECORD_TYPES["CRSE"][submission], "", "", cds[:7], cds[7:],
                academic_year_id(year), course.state_course_code, _local_course_id(course),
                course.title[:40], "", "", "Y" if cte and level else "",
                "Y" if course.transferable and level else "N",
                _course_section_id(section), "", NO_SEID, _course_section_id(section),
                academic_term_code(section.term.kind, section.term.start_date), level, "", "",
                "", "N", "Y" if section.modality in ("online", "hybrid") else "N", "", "",
                PROVIDER_CTE_CODE.get(course.provider, "") if cte else "", "", "",
            ]  # fmt: skip
            rows.append(record)
        return rows


class StudentCourseSectionExporter(_CalpadsExporter):
    format = "calpads-scse"
    record = "SCSE"
    help = "CALPADS student course sections (SCSE/SCSC): credits and final grades."

    def records(
        self, *, actor: Any, year: int, submission: str, warnings: list[str]
    ) -> list[list[str]]:
        enrollments = access.course_enrollment_export(
            actor=actor, purpose="CALPADS student course section extract", academic_year=year,
            providers=CALPADS_PROVIDERS,
        )  # fmt: skip
        codes = _cds_codes()
        rows = []
        skipped = 0
        for e in enrollments:
            cds = _delivery_cds(e, codes)
            if not cds:
                skipped += 1
                continue
            student, section = e.student, e.section
            eoy = submission == "eoy"
            grade = e.grade if eoy and e.grade in GRADE_CODES else ""
            record = [
                RECORD_TYPES["SCSE"][submission], "", "", cds[:7], cds[7:],
                academic_year_id(year), student.state_student_id, student.local_id,
                student.first_name, student.last_name, _birth_date(student), student.gender,
                _local_course_id(section.course), _course_section_id(section),
                academic_term_code(section.term.kind, section.term.start_date),
                _units(e.units_attempted) if eoy else "",
                _units(e.units_earned) if eoy else "", grade, "", "",
            ]  # fmt: skip
            rows.append(record)
        _warn_no_cds(warnings, skipped)
        rows.sort(key=lambda r: (r[3] + r[4], r[6], r[13]))
        return rows


class WorkBasedLearningExporter(_CalpadsExporter):
    format = "calpads-wblr"
    record = "WBLR"
    help = "CALPADS work-based learning (WBLR) from placements and employer-confirmed hours."

    def records(
        self, *, actor: Any, year: int, submission: str, warnings: list[str]
    ) -> list[list[str]]:
        placements = access.wbl_placement_export(
            actor=actor, purpose="CALPADS work-based learning extract", academic_year=year
        )
        codes = _cds_codes()
        rows = []
        retired: set[str] = set()
        for p in placements:
            code = p.opportunity.wbl_type
            cds = codes.get(p.student.school_id, "")
            if code not in WBL_TYPE_CODES:
                continue  # local types (apprenticeship, job shadow) are not reported
            if year >= WBL_TYPE_RETIRED_FROM.get(code, 9999):
                retired.add(code)
                continue
            if not cds:
                _warn_no_cds(warnings, 1)
                continue
            if code not in WBL_HOURS_TYPES and p.status != "completed":
                continue
            student = p.student
            hours = Decimal(p.confirmed_hours or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            internship = code == "10"
            evaluation = (
                p.evaluation_code if p.evaluation_code in INTERNSHIP_EVALUATION_CODES else ""
            )
            record = [
                "WBLR", "", "", cds[:7], cds[7:], "", academic_year_id(year),
                student.state_student_id, student.local_id, student.first_name,
                student.last_name, code,
                evaluation if internship else "",
                _internship_id(student.state_student_id, p.opportunity) if internship else "",
                str(hours) if code in WBL_HOURS_TYPES else "",
                p.opportunity.state_course_code if code in WBL_HOURS_TYPES else "",
            ]  # fmt: skip
            rows.append(record)
        for code in sorted(retired):
            warnings.append(
                f"21.12 Work-Based Learning Type Code {code} ({WBL_TYPE_CODES[code]}) is retired "
                f"from {academic_year_id(WBL_TYPE_RETIRED_FROM[code])}: those records are left out"
            )
        return rows


def _warn_no_cds(warnings: list[str], skipped: int) -> None:
    if skipped:
        warnings.append(
            f"{skipped} record(s) left out: the school has no CDS code "
            "(import the CDE directory: openpathways import cde-directory)"
        )


def _internship_id(ssid: str, opportunity: Any) -> str:
    """A stable identifier of one student's internship (unique per school and year)."""
    seed = f"{ssid}|{opportunity.employer.name}|{opportunity.title}".encode()
    return "INT" + hashlib.sha256(seed).hexdigest()[:12].upper()


EXPORTER = [CourseSectionExporter(), StudentCourseSectionExporter(), WorkBasedLearningExporter()]
