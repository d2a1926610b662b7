"""A small synthetic school for the outcomes tests: a counselor, seniors and juniors with college
courses, a CTE completion, certificates, work-based learning hours and parents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpathways.accounts.models import Role, User
from openpathways.catalog.models import (
    AaDegreePathway,
    CtePathway,
    Provider,
    WblOpportunity,
)
from openpathways.consents.models import Consent, ConsentKind
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.outcomes.models import AaDegreePlan
from openpathways.students.models import Student
from openpathways.wbl.models import HoursLog, Placement
from tests.factories import (
    CollegeFactory,
    CourseFactory,
    DistrictFactory,
    GuardianFactory,
    OrganizationFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    StudentGuardianFactory,
    TermFactory,
    UserFactory,
)

#: Fall of the 2026-27 school year: seniors are the class of 2027.
TODAY = dt.date(2026, 10, 15)


@dataclass
class World:
    district: Organization
    school: Organization
    other_school: Organization
    college: Organization
    counselor: User
    other_counselor: User
    school_admin: User
    district_admin: User
    analyst: User
    college_staff: User
    senior: Student  # 9 units earned, 3 under way, CTE completion, hours, AA plan
    senior_parent: User
    other_parent: User
    senior_user: User
    junior: Student  # nothing yet
    other_senior: Student  # other counselor's caseload
    students: dict[str, Student] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)


def _enroll(student: Student, section: Any, grade: str, units: int = 3) -> CourseEnrollment:
    done = bool(grade)
    return CourseEnrollment.objects.create(
        student=student, section=section, status="completed" if done else "enrolled",
        grade=grade, units_attempted=units, units_earned=units if grade in {"A", "B", "C-", "P"}
        else 0, credit_type="dual",
    )  # fmt: skip


def build_world() -> World:
    district = DistrictFactory.create(name="Harbor Unified")
    school = SchoolFactory.create(
        organization__name="Bayview High", organization__parent=district
    ).organization
    other_school = SchoolFactory.create(
        organization__name="Canyon High", organization__parent=district
    ).organization
    college = CollegeFactory.create(name="Harbor City College")
    counselor = UserFactory.create(
        username="counselor", role=Role.COUNSELOR, organization=school, first_name="Carmen"
    )
    other_counselor = UserFactory.create(
        username="counselor2", role=Role.COUNSELOR, organization=school
    )
    school_admin = UserFactory.create(
        username="principal", role=Role.SCHOOL_ADMIN, organization=school
    )
    district_admin = UserFactory.create(
        username="district", role=Role.DISTRICT_ADMIN, organization=district
    )
    analyst = UserFactory.create(username="analyst", role=Role.ANALYST, organization=district)
    college_staff = UserFactory.create(
        username="college", role=Role.COLLEGE_STAFF, organization=college
    )
    terms = {
        code: TermFactory.create(
            institution=college, code=code, name=name, kind="semester", academic_year=year,
            start_date=start, end_date=start + dt.timedelta(days=110),
        )
        for code, name, year, start in (
            ("2025FA", "Fall 2025", 2025, dt.date(2025, 8, 25)),
            ("2026SP", "Spring 2026", 2025, dt.date(2026, 2, 9)),
            ("2026FA", "Fall 2026", 2026, dt.date(2026, 8, 24)),
        )
    }  # fmt: skip
    courses = {
        "ENGL 101": CourseFactory.create(provider_org=college, code="ENGL 101",
                                         title="College Composition", title_es="Composición"),
        "MATH 227": CourseFactory.create(provider_org=college, code="MATH 227",
                                         title="Statistics", title_es="Estadística"),
        "HIST 11": CourseFactory.create(provider_org=college, code="HIST 11",
                                        title="US History"),
        "CHEM 51": CourseFactory.create(provider_org=college, code="CHEM 51",
                                        title="Chemistry"),
    }  # fmt: skip
    sections = {
        "ENGL 101": SectionFactory.create(course=courses["ENGL 101"], term=terms["2025FA"]),
        "MATH 227": SectionFactory.create(course=courses["MATH 227"], term=terms["2026SP"]),
        "HIST 11": SectionFactory.create(course=courses["HIST 11"], term=terms["2026SP"]),
        "CHEM 51": SectionFactory.create(course=courses["CHEM 51"], term=terms["2026FA"]),
    }
    senior = StudentFactory.create(
        school=school, grade=12, graduation_cohort=2027, counselor=counselor,
        first_name="Lucia", last_name="Reyes", state_student_id="9100000001",
    )  # fmt: skip
    junior = StudentFactory.create(
        school=school, grade=11, graduation_cohort=2028, counselor=counselor,
        first_name="Mateo", last_name="Cruz", state_student_id="9100000002",
    )  # fmt: skip
    other_senior = StudentFactory.create(
        school=school, grade=12, graduation_cohort=2027, counselor=other_counselor,
        first_name="Nina", last_name="Park", state_student_id="9100000003",
    )  # fmt: skip
    _enroll(senior, sections["ENGL 101"], "B")
    _enroll(senior, sections["MATH 227"], "A")
    _enroll(senior, sections["HIST 11"], "C-")
    _enroll(senior, sections["CHEM 51"], "")  # under way
    pathway = CtePathway.objects.create(code="175", title="Patient Care", sector="health")
    CredentialEarned.objects.create(
        student=senior, kind="cte_pathway_completion", title="CTE pathway completion: Patient Care",
        cte_pathway=pathway, capstone_grade="B", earned_on=dt.date(2026, 6, 10),
    )  # fmt: skip
    adult_ed = OrganizationFactory.create(kind=OrganizationKind.ADULT_ED, name="Harbor Adult")
    CredentialEarned.objects.create(
        student=senior, kind="certificate_of_completion", title="Certified Nursing Assistant",
        issuer=adult_ed, elective_credits=Decimal(5), earned_on=dt.date(2026, 5, 30),
    )  # fmt: skip
    CredentialEarned.objects.create(
        student=senior, kind="industry_certification", title="CPR and First Aid",
        earned_on=dt.date(2026, 4, 2),
    )  # fmt: skip
    employer = OrganizationFactory.create(kind=OrganizationKind.EMPLOYER, name="Pacific Clinics")
    opp = WblOpportunity.objects.create(
        employer=employer, title="Clinic intern", wbl_type="10", sector="health"
    )
    placement = Placement.objects.create(student=senior, opportunity=opp, status="active")
    for day, hours, confirmed in ((1, 6, True), (8, 4, True), (15, 5, False)):
        HoursLog.objects.create(
            placement=placement, worked_on=dt.date(2026, 9, day), hours=hours,
            confirmed_at=dt.datetime(2026, 9, day + 2, tzinfo=dt.UTC) if confirmed else None,
            confirmed_by="Supervisor" if confirmed else "",
        )  # fmt: skip
    aa = AaDegreePathway.objects.create(
        college=college,
        title="AA in Liberal Arts",
        title_es="AA en Artes Liberales",
        units_required=60,
    )
    aa.required_courses.set([courses["ENGL 101"], courses["CHEM 51"]])
    AaDegreePlan.objects.create(student=senior, aa_pathway=aa, declared_on=dt.date(2025, 9, 1))

    guardian = GuardianFactory.create(first_name="Rosa", last_name="Reyes")
    StudentGuardianFactory.create(student=senior, guardian=guardian)
    senior_parent = UserFactory.create(
        username="parent", role=Role.GUARDIAN, guardian=guardian, preferred_language="en"
    )
    other_guardian = GuardianFactory.create(first_name="Ana", last_name="Cruz")
    StudentGuardianFactory.create(student=junior, guardian=other_guardian)
    other_parent = UserFactory.create(
        username="parent2", role=Role.GUARDIAN, guardian=other_guardian
    )
    senior_user = UserFactory.create(username="lucia", role=Role.STUDENT, student=senior)
    assert courses["ENGL 101"].provider == Provider.COLLEGE
    return World(
        district=district, school=school, other_school=other_school, college=college,
        counselor=counselor, other_counselor=other_counselor, school_admin=school_admin,
        district_admin=district_admin, analyst=analyst, college_staff=college_staff,
        senior=senior, senior_parent=senior_parent, other_parent=other_parent,
        senior_user=senior_user, junior=junior, other_senior=other_senior,
        sections=sections,
    )  # fmt: skip


def release_college_records(student: Student) -> None:
    """The student's written release of college records to parents."""
    Consent.objects.create(
        student=student, kind=ConsentKind.COLLEGE_RECORDS_RELEASE, disclosure_version="test",
        granted_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC), valid_through=dt.date(2027, 6, 30),
    )  # fmt: skip
