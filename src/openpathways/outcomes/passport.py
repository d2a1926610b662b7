"""The opportunity passport, built from plain rows (no database, no Django), so it can be tested
and reused by the web page, the PDF, the JSON export and the API alike.

What it computes (docs/passport.md):
- dual-enrollment units earned: college-credit courses (college or dual credit) with C- or better
  or Pass, against the Vision 2030 goal of 12 units;
- the on-track projection: earned + currently enrolled units, plus one 3-unit course in each
  semester left before graduation, against 12 (the same rule as the caseload and the analytics
  `units` metric);
- College/Career Indicator status for the college-credit and CTE routes, with the rules of
  `openpathways.analytics.cci` (as if the student graduated with the record shown);
- CTE pathway completions, certifications and certificates, confirmed work-based learning hours,
  AA-degree progress and the senior campaign statuses.

When the student's college records are withheld from the reader (a parent without the student's
written release), everything derived from college courses is left out, not shown as zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpathways.analytics import cci
from openpathways.outcomes.campaign_rules import FINANCIAL_AID_DECIDED_CODES

UNIT_GOAL = Decimal(12)
#: Units a student can add in each semester left (one 3-unit course), as in the caseload.
UNITS_PER_TERM = Decimal(3)
#: Letter grades that count: C- or better, or Pass (metrics.md section 1).
SUCCESS_GRADES = cci.PASSING_GRADES
SUBJECTS = frozenset(s.value for s in cci.Subject)
#: College term kinds and the CCI term length they count as. Summer sessions and intersessions
#: of semester colleges carry semester credit.
TERM_LENGTH_BY_KIND = {
    "semester": cci.TermLength.SEMESTER,
    "quarter": cci.TermLength.QUARTER,
    "trimester": cci.TermLength.TRIMESTER,
    "summer": cci.TermLength.SEMESTER,
    "intersession": cci.TermLength.SEMESTER,
}


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    name: str
    school: str
    grade: int
    class_of: int
    status: str  # enrolled | graduated | left


@dataclass(frozen=True)
class CourseRow:
    """One course enrollment (college or adult education)."""

    code: str
    title: str
    provider: str  # college | adult_ed | school
    term: str
    term_kind: str
    academic_year: int
    status: str  # enrolled | completed | dropped | withdrawn
    grade: str
    units: Decimal
    credit_type: str  # college | dual | high_school | none
    subject: str  # academic | cte | other
    sector: str = ""
    title_es: str = ""

    @property
    def is_dual_enrollment(self) -> bool:
        return self.provider == "college" and self.credit_type in ("college", "dual")

    @property
    def successful(self) -> bool:
        return self.grade in SUCCESS_GRADES

    @property
    def under_way(self) -> bool:
        return self.status == "enrolled" and not self.grade


@dataclass(frozen=True)
class CredentialRow:
    kind: str  # enrollments.CredentialKind values
    title: str
    earned_on: dt.date
    issuer: str = ""
    capstone_grade: str = ""
    elective_credits: Decimal = Decimal(0)
    pathway_code: str = ""
    pathway_title: str = ""
    pathway_sector: str = ""


@dataclass(frozen=True)
class PlacementRow:
    employer: str
    title: str
    status: str
    confirmed_hours: Decimal
    unconfirmed_hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class AaPlanRow:
    title: str
    college: str
    units_required: Decimal
    required_courses: Sequence[str] = ()  # course codes
    title_es: str = ""


@dataclass(frozen=True)
class CampaignRow:
    class_of: int
    financial_aid: str
    financial_aid_on: dt.date | None
    community_college: str
    community_college_on: dt.date | None
    university: str
    university_on: dt.date | None
    source: str
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class PassportInput:
    student: StudentRow
    today: dt.date
    courses: Sequence[CourseRow] = ()
    credentials: Sequence[CredentialRow] = ()
    placements: Sequence[PlacementRow] = ()
    aa_plans: Sequence[AaPlanRow] = ()
    campaign: CampaignRow | None = None
    college_records_withheld: bool = False


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProgress:
    earned: Decimal
    enrolled: Decimal
    goal: Decimal
    terms_left: int
    #: met | on_track | off_track
    status: str

    @property
    def still_needed(self) -> Decimal:
        return max(self.goal - self.earned, Decimal(0))

    @property
    def needed_after_enrolled(self) -> Decimal:
        return max(self.goal - self.earned - self.enrolled, Decimal(0))

    @property
    def earned_percent(self) -> int:
        """Share of the goal earned, 0-100 (for the progress bar)."""
        if self.goal <= 0:
            return 100
        return int(min(self.earned / self.goal, Decimal(1)) * 100)

    @property
    def enrolled_percent(self) -> int:
        """Share of the goal enrolled now, on top of the earned share (bar stays within 100)."""
        if self.goal <= 0:
            return 0
        total = min((self.earned + self.enrolled) / self.goal, Decimal(1)) * 100
        return int(total) - self.earned_percent


@dataclass(frozen=True)
class CciStatus:
    college_credit_level: str  # a cci.Level value
    cte_route_met: bool
    cte_pathway_completed: bool
    #: the level as if the student graduated with this record (cci.student_result)
    projected_level: str
    measures: tuple[str, ...]


@dataclass(frozen=True)
class AaProgress:
    title: str
    college: str
    units_earned: Decimal
    units_required: Decimal
    required_done: tuple[str, ...]
    required_missing: tuple[str, ...]
    title_es: str = ""

    @property
    def percent(self) -> int:
        if self.units_required <= 0:
            return 100
        return int(min(self.units_earned / self.units_required, Decimal(1)) * 100)


@dataclass(frozen=True)
class Passport:
    student: StudentRow
    today: dt.date
    college_records_withheld: bool
    units: UnitProgress | None
    cci: CciStatus | None
    college_courses: tuple[CourseRow, ...]
    adult_ed_courses: tuple[CourseRow, ...]
    cte_completions: tuple[CredentialRow, ...]
    certifications: tuple[CredentialRow, ...]
    certificates: tuple[CredentialRow, ...]
    elective_credits: Decimal
    placements: tuple[PlacementRow, ...]
    wbl_hours: Decimal
    aa_progress: tuple[AaProgress, ...]
    campaign: CampaignRow | None
    next_steps: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (codes, not labels; numbers as strings for exactness)."""
        s = self.student
        return {
            "student": {
                "id": s.student_id,
                "name": s.name,
                "school": s.school,
                "grade": s.grade,
                "class_of": s.class_of,
                "status": s.status,
            },
            "as_of": self.today.isoformat(),
            "college_records_withheld": self.college_records_withheld,
            "dual_enrollment_units": None
            if self.units is None
            else {
                "earned": str(self.units.earned),
                "enrolled": str(self.units.enrolled),
                "goal": str(self.units.goal),
                "terms_left": self.units.terms_left,
                "status": self.units.status,
            },
            "cci": None
            if self.cci is None
            else {
                "college_credit_route": self.cci.college_credit_level,
                "cte_route_met": self.cci.cte_route_met,
                "cte_pathway_completed": self.cci.cte_pathway_completed,
                "projected_level": self.cci.projected_level,
                "measures": list(self.cci.measures),
            },
            "college_courses": [_course_dict(c) for c in self.college_courses],
            "adult_education_courses": [_course_dict(c) for c in self.adult_ed_courses],
            "cte_pathways": [_credential_dict(c) for c in self.cte_completions],
            "industry_certifications": [_credential_dict(c) for c in self.certifications],
            "certificates": [_credential_dict(c) for c in self.certificates],
            "elective_credits": str(self.elective_credits),
            "work_based_learning": {
                "confirmed_hours": str(self.wbl_hours),
                "placements": [
                    {
                        "employer": p.employer,
                        "title": p.title,
                        "status": p.status,
                        "confirmed_hours": str(p.confirmed_hours),
                    }
                    for p in self.placements
                ],
            },
            "aa_degree": [
                {
                    "title": a.title,
                    "college": a.college,
                    "units_earned": str(a.units_earned),
                    "units_required": str(a.units_required),
                    "required_courses_done": list(a.required_done),
                    "required_courses_missing": list(a.required_missing),
                }
                for a in self.aa_progress
            ],
            "campaign": None
            if self.campaign is None
            else {
                "class_of": self.campaign.class_of,
                "financial_aid": self.campaign.financial_aid,
                "financial_aid_on": _iso(self.campaign.financial_aid_on),
                "community_college": self.campaign.community_college,
                "community_college_on": _iso(self.campaign.community_college_on),
                "university": self.campaign.university,
                "university_on": _iso(self.campaign.university_on),
                "source": self.campaign.source,
            },
            "next_steps": list(self.next_steps),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _course_dict(c: CourseRow) -> dict[str, Any]:
    return {
        "code": c.code,
        "title": c.title,
        "term": c.term,
        "status": c.status,
        "grade": c.grade,
        "units": str(c.units),
        "credit_type": c.credit_type,
        "counts_toward_12": c.is_dual_enrollment and c.successful,
    }


def _credential_dict(c: CredentialRow) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "title": c.title,
        "earned_on": c.earned_on.isoformat(),
        "issuer": c.issuer,
        "capstone_grade": c.capstone_grade,
        "elective_credits": str(c.elective_credits),
        "pathway": c.pathway_code,
    }


# -- the rules --------------------------------------------------------------------------------


def semesters_left(*, grade: int, class_of: int, today: dt.date) -> int:
    """Semesters of high school after the current one: two per school year before the senior
    year ends, plus the spring term when today falls in the fall (July to December)."""
    school_year = today.year if today.month >= 7 else today.year - 1
    in_fall = today.month >= 7
    return max((class_of - 1 - school_year) * 2 + (1 if in_fall else 0), 0)


def unit_progress(
    courses: Sequence[CourseRow], *, grade: int, class_of: int, today: dt.date, status: str
) -> UnitProgress:
    """Units earned and enrolled toward 12, and whether the goal is met, on track or off track.

    On track: earned + enrolled + 3 units in each semester left >= 12. A student who has left
    high school (graduated) and has not met the goal is off track."""
    earned = sum((c.units for c in courses if c.is_dual_enrollment and c.successful), Decimal(0))
    enrolled = sum((c.units for c in courses if c.is_dual_enrollment and c.under_way), Decimal(0))
    left = (
        semesters_left(grade=grade, class_of=class_of, today=today) if status == "enrolled" else 0
    )
    if earned >= UNIT_GOAL:
        verdict = "met"
    elif status == "enrolled" and earned + enrolled + UNITS_PER_TERM * left >= UNIT_GOAL:
        verdict = "on_track"
    else:
        verdict = "off_track"
    return UnitProgress(earned, enrolled, UNIT_GOAL, left, verdict)


def _school_year(day: dt.date) -> str:
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _course_year(c: CourseRow) -> str:
    return f"{c.academic_year}-{(c.academic_year + 1) % 100:02d}"


def cci_courses(
    student_key: str, courses: Sequence[CourseRow], credentials: Sequence[CredentialRow]
) -> list[cci.Course]:
    """The student's record as CCI course rows: graded college courses and completed pathways'
    capstones. A CTE college course in the sector of a completed pathway counts as part of that
    pathway (so the same-year same-pathway exclusion applies to it)."""
    pathway_by_sector = {c.pathway_sector: c.pathway_code for c in credentials if c.pathway_code}
    rows: list[cci.Course] = []
    for c in courses:
        if c.provider != "college" or not c.grade:
            continue
        subject = cci.Subject(c.subject) if c.subject in SUBJECTS else cci.Subject.OTHER
        pathway = ""
        if subject is cci.Subject.CTE:
            pathway = pathway_by_sector.get(c.sector, f"sector:{c.sector}")
        rows.append(
            cci.Course(
                student_id=student_key,
                year=_course_year(c),
                kind=cci.CourseKind.COLLEGE,
                grade=c.grade if c.grade in cci.GRADES else "W",
                term_length=TERM_LENGTH_BY_KIND.get(c.term_kind),
                units=c.units,
                college_credit=c.credit_type in ("college", "dual"),
                subject=subject,
                pathway=pathway,
            )
        )
    for cred in credentials:
        if cred.kind == "cte_pathway_completion" and cred.capstone_grade:
            rows.append(
                cci.Course(
                    student_id=student_key,
                    year=_school_year(cred.earned_on),
                    kind=cci.CourseKind.CTE_CAPSTONE,
                    grade=cred.capstone_grade if cred.capstone_grade in cci.GRADES else "W",
                    pathway=cred.pathway_code or cred.title,
                )
            )
    return rows


def cci_status(courses: Sequence[CourseRow], credentials: Sequence[CredentialRow]) -> CciStatus:
    """The college-credit and CTE routes of the CCI, as if the student graduated today.

    a-g completion and test scores are not held here, so only these two routes (and the
    Approaching measure of CTE completion) are reported."""
    rows = cci_courses("s", courses, credentials)
    student = cci.Student(student_id="s", graduated=True)
    college = [r for r in rows if r.kind is cci.CourseKind.COLLEGE]
    met = cci.measures_met(student, rows)
    result = cci.student_result(student, rows)
    return CciStatus(
        college_credit_level=cci.college_credit_level(college).value,
        cte_route_met=cci.Measure.CTE_COLLEGE_CREDIT in met,
        cte_pathway_completed=cci.Measure.APPROACHING_CTE in met,
        projected_level=result.level.value,
        measures=tuple(m.value for m in result.measures),
    )


def aa_progress(plan: AaPlanRow, courses: Sequence[CourseRow]) -> AaProgress:
    """College units earned (C- or better or Pass) toward the degree's units, and which of its
    required courses are done."""
    passed = [c for c in courses if c.provider == "college" and c.successful]
    codes = {c.code for c in passed}
    units = sum((c.units for c in passed), Decimal(0))
    done = tuple(code for code in plan.required_courses if code in codes)
    missing = tuple(code for code in plan.required_courses if code not in codes)
    return AaProgress(
        title=plan.title,
        college=plan.college,
        units_earned=units,
        units_required=plan.units_required,
        required_done=done,
        required_missing=missing,
        title_es=plan.title_es,
    )


def next_steps(
    units: UnitProgress | None, cci_state: CciStatus | None, campaign: CampaignRow | None
) -> tuple[str, ...]:
    """Codes of the next actions the passport suggests (labels live with the adapters)."""
    steps: list[str] = []
    if units is not None and units.status == "off_track":
        steps.append("plan_college_courses")
    elif units is not None and units.status == "on_track" and units.enrolled == 0:
        steps.append("enroll_next_term")
    if cci_state is not None and cci_state.cte_pathway_completed and not cci_state.cte_route_met:
        steps.append("add_college_course_for_cte_route")
    if campaign is not None and campaign.financial_aid not in FINANCIAL_AID_DECIDED_CODES:
        steps.append("complete_financial_aid")
    no_application = ("not_started", "in_progress")
    if (
        campaign is not None
        and campaign.community_college in no_application
        and campaign.university in no_application
    ):
        steps.append("apply_to_college")
    return tuple(steps)


CERTIFICATE_KINDS = ("certificate_of_completion", "college_certificate", "associate_degree")


def passport_build(data: PassportInput) -> Passport:
    """The passport of one student from the rows the reader may see."""
    s = data.student
    courses = list(data.courses)
    college = tuple(c for c in courses if c.provider == "college")
    adult_ed = tuple(c for c in courses if c.provider == "adult_ed")
    withheld = data.college_records_withheld
    units = (
        None
        if withheld
        else unit_progress(
            courses, grade=s.grade, class_of=s.class_of, today=data.today, status=s.status
        )
    )
    cci_state = None if withheld else cci_status(courses, data.credentials)
    creds = sorted(data.credentials, key=lambda c: c.earned_on, reverse=True)
    cte = tuple(c for c in creds if c.kind == "cte_pathway_completion")
    certifications = tuple(c for c in creds if c.kind == "industry_certification")
    certificates = tuple(c for c in creds if c.kind in CERTIFICATE_KINDS)
    electives = sum((c.elective_credits for c in creds), Decimal(0))
    placements = tuple(data.placements)
    hours = sum((p.confirmed_hours for p in placements), Decimal(0)).quantize(Decimal("0.01"))
    aa = () if withheld else tuple(aa_progress(p, courses) for p in data.aa_plans)
    return Passport(
        student=s,
        today=data.today,
        college_records_withheld=withheld,
        units=units,
        cci=cci_state,
        college_courses=() if withheld else college,
        adult_ed_courses=adult_ed,
        cte_completions=cte,
        certifications=certifications,
        certificates=certificates,
        elective_credits=electives,
        placements=placements,
        wbl_hours=hours,
        aa_progress=aa,
        campaign=data.campaign,
        next_steps=next_steps(units, cci_state, data.campaign),
    )
