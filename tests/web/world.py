"""A small synthetic partnership with one user per role (shared by the web and browser tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpathways.accounts.models import Role, User
from openpathways.agreements.models import CommitmentStatus, CompactCommitment, EducationCompact
from openpathways.catalog.models import Opportunity, OpportunityType, WblOpportunity
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.wbl.models import Placement
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

PASSWORD = "pass-word-123"
TODAY = dt.date(2026, 9, 15)


@dataclass
class World:
    district: Organization
    school: Organization
    other_school: Organization
    college: Organization
    adult_ed: Organization
    employer: Organization
    city: Organization
    users: dict[str, User] = field(default_factory=dict)
    student_names: list[str] = field(default_factory=list)


def build_world() -> World:
    district = DistrictFactory.create(name="Harbor Unified")
    school = SchoolFactory.create(
        organization__name="Bayview High", organization__parent=district
    ).organization
    other = SchoolFactory.create(
        organization__name="Canyon High", organization__parent=district
    ).organization
    college = CollegeFactory.create(name="Harbor City College")
    adult_ed = OrganizationFactory.create(
        kind=OrganizationKind.ADULT_ED, name="Harbor Adult School"
    )
    employer = OrganizationFactory.create(kind=OrganizationKind.EMPLOYER, name="Pacific Clinics")
    city = OrganizationFactory.create(kind=OrganizationKind.CITY, name="Bell Gardens")

    counselor = UserFactory.create(
        username="counselor", first_name="Rosa", last_name="Counselor",
        role=Role.COUNSELOR, organization=school,
    )  # fmt: skip
    # Bayview: 3 in grade 9 (2 in the caseload), 2 in grade 11 (1 in the caseload), 12 in 12.
    students = [
        StudentFactory.create(school=school, grade=9, counselor=counselor) for _ in range(2)
    ]
    students += [StudentFactory.create(school=school, grade=9)]
    students += [StudentFactory.create(school=school, grade=11, counselor=counselor)]
    students += [StudentFactory.create(school=school, grade=11)]
    students += [
        StudentFactory.create(school=school, grade=12, race_ethnicity="hispanic") for _ in range(12)
    ]
    # Canyon: 4 in grade 10.
    students += [
        StudentFactory.create(school=other, grade=10, race_ethnicity="asian") for _ in range(4)
    ]
    me = students[3]  # grade 11 at Bayview
    guardian_link = StudentGuardianFactory.create(
        student=me, guardian=GuardianFactory.create(first_name="Lucia")
    )

    # Opportunities this year: Bayview has college credit (2) and a CTE pathway; Canyon has none.
    for title in ("ENGL 101 at Bayview", "MATH 120 at Bayview"):
        Opportunity.objects.create(
            type=OpportunityType.COLLEGE_CREDIT, school=school, academic_year=2026, title=title
        )
    Opportunity.objects.create(
        type=OpportunityType.CTE_PATHWAY, school=school, academic_year=2026, title="Health Science"
    )

    # College sections: a current term and a past one.
    term = TermFactory.create(
        institution=college, name="Fall 2026", code="2026FA",
        start_date=dt.date(2026, 8, 24), end_date=dt.date(2026, 12, 18),
    )  # fmt: skip
    past = TermFactory.create(
        institution=college, name="Spring 2026", code="2026SP",
        start_date=dt.date(2026, 1, 20), end_date=dt.date(2026, 5, 30),
    )  # fmt: skip
    engl = CourseFactory.create(provider_org=college, code="ENGL 101", title="College Composition",
                         title_es="Composición universitaria")  # fmt: skip
    section = SectionFactory.create(
        course=engl, term=term, code="40123", capacity=35, host_site=school
    )
    math = CourseFactory.create(provider_org=college, code="MATH 120")
    SectionFactory.create(course=math, term=term, code="40200", capacity=30)
    SectionFactory.create(course=engl, term=past, code="30001", capacity=99)
    for s in students[:3]:
        CourseEnrollment.objects.create(student=s, section=section, units_attempted=3)

    # Adult education: one Saturday section.
    adult_term = TermFactory.create(
        institution=adult_ed, name="Fall 2026 (adult)", code="A2026FA",
        start_date=dt.date(2026, 8, 15), end_date=dt.date(2026, 12, 12),
    )  # fmt: skip
    cna = CourseFactory.create(provider_org=adult_ed, provider="adult_ed", code="CNA 1",
                        title="Nursing Assistant")  # fmt: skip
    SectionFactory.create(course=cna, term=adult_term, code="S1", capacity=24, host_site=school,
                   schedule="saturday")  # fmt: skip

    # Employer: two opportunities, one student placed.
    wbl = WblOpportunity.objects.create(
        employer=employer, title="Clinic intern", title_es="Practicante de clínica",
        wbl_type="10", sector="health", slots=4, hours=120, status="published",
    )  # fmt: skip
    WblOpportunity.objects.create(
        employer=employer, title="Job shadow day", wbl_type="SHDW", sector="health", slots=10,
        hours=6,
    )  # fmt: skip
    Placement.objects.create(student=students[5], opportunity=wbl, status="active")

    # City: a compact with three commitments.
    compact = EducationCompact.objects.create(
        name="Bell Gardens Education Compact", district=district, city=city,
        signed_on=dt.date(2024, 5, 1), renewal_on=dt.date(2027, 5, 1),
    )  # fmt: skip
    for title, status in (
        ("Safe passages", CommitmentStatus.DONE),
        ("Family workshops", CommitmentStatus.IN_PROGRESS),
        ("Summer jobs", CommitmentStatus.IN_PROGRESS),
    ):
        CompactCommitment.objects.create(compact=compact, title=title, status=status)

    def user(username: str, first: str, last: str, role: str, **scope: Any) -> User:
        made: User = UserFactory.create(
            username=username, first_name=first, last_name=last, role=role, **scope
        )
        return made

    users: dict[str, User] = {
        Role.COUNSELOR: counselor,
        Role.DISTRICT_ADMIN: user("district", "Dana", "Admin", Role.DISTRICT_ADMIN,
                                  organization=district),
        Role.SCHOOL_ADMIN: user("principal", "Paul", "Lee", Role.SCHOOL_ADMIN, organization=school),
        Role.COLLEGE_STAFF: user("college", "Carla", "Diaz", Role.COLLEGE_STAFF,
                                 organization=college),
        Role.ADULT_ED_STAFF: user("adulted", "Alan", "Ng", Role.ADULT_ED_STAFF,
                                  organization=adult_ed),
        Role.EMPLOYER: user("employer", "Erin", "Cho", Role.EMPLOYER, organization=employer),
        Role.CITY_PARTNER: user("city", "Cesar", "Ruiz", Role.CITY_PARTNER, organization=city),
        Role.STUDENT: user("student", me.first_name, me.last_name, Role.STUDENT, student=me),
        Role.GUARDIAN: user("guardian", "Lucia", guardian_link.guardian.last_name, Role.GUARDIAN,
                            guardian=guardian_link.guardian),
        Role.ANALYST: user("analyst", "Alma", "Lytic", Role.ANALYST, organization=district),
    }  # fmt: skip
    return World(
        district=district, school=school, other_school=other, college=college,
        adult_ed=adult_ed, employer=employer, city=city, users=users,
        student_names=[s.last_name for s in students] + [s.first_name for s in students],
    )  # fmt: skip
