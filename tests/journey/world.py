"""A small synthetic partnership for the journey tests: one school, a college with a CCAP
agreement, an adult school, a student with a Spanish-speaking guardian, and one user per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openpathways.accounts.models import Role, User
from openpathways.agreements.models import CcapAgreement
from openpathways.catalog.models import Section
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.students.models import Guardian, Student
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


@dataclass
class JourneyWorld:
    district: Organization
    school: Organization
    other_school: Organization
    college: Organization
    adult_ed: Organization
    agreement: CcapAgreement
    ccap_section: Section  # ENGL 101 at the high school, on the CCAP list
    ccap_section_2: Section  # MATH 120, on the CCAP list
    open_section: Section  # HIST 110, not on the list: special admit
    spring_section: Section  # HIST 110 in spring: special admit, another term
    adult_section: Section  # CNA 1 at the adult school
    student: Student  # grade 11, Spanish-speaking guardian
    guardian: Guardian
    other_student: Student  # at the other school
    users: dict[str, User]

    def user(self, role: str) -> User:
        return self.users[role]


def build_journey_world() -> JourneyWorld:
    district = DistrictFactory.create(name="Harbor Unified")
    school = SchoolFactory.create(
        organization__name="Bayview High", organization__parent=district
    ).organization
    other = SchoolFactory.create(
        organization__name="Canyon High", organization__parent=district
    ).organization
    college = CollegeFactory.create(name="Harbor City College")
    other_college = CollegeFactory.create(name="Valley College")
    adult_ed = OrganizationFactory.create(
        kind=OrganizationKind.ADULT_ED, name="Harbor Adult School"
    )

    counselor = UserFactory.create(
        username="counselor", first_name="Rosa", last_name="Counselor", role=Role.COUNSELOR,
        organization=school, email="rosa@example.org", preferred_language="en",
    )  # fmt: skip
    student = StudentFactory.create(
        school=school, grade=11, counselor=counselor, first_name="Ana", last_name="Reyes",
        graduation_cohort=2028, preferred_language="es",
    )  # fmt: skip
    guardian = GuardianFactory.create(
        first_name="Lucia", last_name="Reyes", email="lucia@example.org", preferred_language="es"
    )
    StudentGuardianFactory.create(student=student, guardian=guardian)
    other_student = StudentFactory.create(school=other, grade=11)

    fall = TermFactory.create(
        institution=college, name="Fall 2026", code="2026FA",
        start_date=dt.date(2026, 8, 24), end_date=dt.date(2026, 12, 18),
    )  # fmt: skip
    spring = TermFactory.create(
        institution=college, name="Spring 2027", code="2027SP", academic_year=2026,
        start_date=dt.date(2027, 2, 1), end_date=dt.date(2027, 5, 30),
    )  # fmt: skip
    engl = CourseFactory.create(provider_org=college, code="ENGL 101", title="College Composition",
                                title_es="Composición universitaria", units=3)  # fmt: skip
    math = CourseFactory.create(provider_org=college, code="MATH 120", title="Statistics", units=4)
    hist = CourseFactory.create(provider_org=college, code="HIST 110", title="US History", units=3)
    agreement = CcapAgreement.objects.create(
        name="Harbor CCAP", district=district, college=college,
        start_date=dt.date(2025, 7, 1), end_date=dt.date(2028, 6, 30),
    )  # fmt: skip
    agreement.schools.add(school)
    agreement.courses.add(engl, math)
    ccap_section = SectionFactory.create(course=engl, term=fall, code="40123", host_site=school,
                                         ccap_agreement=agreement, capacity=30)  # fmt: skip
    ccap_section_2 = SectionFactory.create(course=math, term=fall, code="40200", capacity=30)
    open_section = SectionFactory.create(course=hist, term=fall, code="40300", capacity=30)
    spring_section = SectionFactory.create(course=hist, term=spring, code="50300", capacity=30)
    adult_term = TermFactory.create(
        institution=adult_ed, name="Fall 2026 (adult)", code="A2026FA",
        start_date=dt.date(2026, 8, 15), end_date=dt.date(2026, 12, 12),
    )  # fmt: skip
    cna = CourseFactory.create(provider_org=adult_ed, provider="adult_ed", code="CNA 1",
                               title="Nursing Assistant", units=0)  # fmt: skip
    adult_section = SectionFactory.create(course=cna, term=adult_term, code="S1",
                                          host_site=school, schedule="saturday")  # fmt: skip
    _ = other_college

    def user(username: str, role: str, lang: str = "en", **scope: Any) -> User:
        made: User = UserFactory.create(
            username=username, first_name=username.title(), last_name="Tester", role=role,
            email=f"{username}@example.org", preferred_language=lang, **scope,
        )  # fmt: skip
        return made

    users = {
        Role.COUNSELOR: counselor,
        Role.STUDENT: user("ana", Role.STUDENT, "es", student=student),
        Role.GUARDIAN: user("lucia", Role.GUARDIAN, "es", guardian=guardian),
        Role.SCHOOL_ADMIN: user("principal", Role.SCHOOL_ADMIN, organization=school),
        Role.COLLEGE_STAFF: user("college", Role.COLLEGE_STAFF, organization=college),
        Role.ADULT_ED_STAFF: user("adulted", Role.ADULT_ED_STAFF, organization=adult_ed),
        Role.DISTRICT_ADMIN: user("district", Role.DISTRICT_ADMIN, organization=district),
        Role.ANALYST: user("analyst", Role.ANALYST, organization=district),
        "other_counselor": user("othercounselor", Role.COUNSELOR, organization=other),
        "other_college": user("othercollege", Role.COLLEGE_STAFF, organization=other_college),
        "other_student": user("otherstudent", Role.STUDENT, student=other_student),
    }
    return JourneyWorld(
        district=district, school=school, other_school=other, college=college,
        adult_ed=adult_ed, agreement=agreement, ccap_section=ccap_section,
        ccap_section_2=ccap_section_2, open_section=open_section,
        spring_section=spring_section, adult_section=adult_section, student=student,
        guardian=guardian, other_student=other_student, users=users,
    )  # fmt: skip
