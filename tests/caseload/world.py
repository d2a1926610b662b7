"""A counselor's caseload with a student in each situation the lists must find."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from openpathways.accounts.models import Role, User
from openpathways.applications.models import Application, ApplicationEvent
from openpathways.catalog.models import Section
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization
from openpathways.students.models import Student
from tests.factories import (
    CourseFactory,
    GuardianFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    StudentGuardianFactory,
    TermFactory,
    UserFactory,
)
from tests.rosters.world import consent

FALL_DAY = dt.date(2026, 10, 1)


@dataclass
class Caseload:
    school: Organization
    counselor: User
    colleague: User
    section: Section
    s: dict[str, Student] = field(default_factory=dict)


def _app(student: Student, section: Section, status: str, days: int = 10) -> Application:
    app = Application.objects.create(
        student=student, section=section, term=section.term, program="ccap", status=status
    )
    ApplicationEvent.objects.create(
        application=app, to_status=status, at=timezone.now() - dt.timedelta(days=days)
    )
    return app


def build_caseload() -> Caseload:
    school = SchoolFactory.create(organization__name="Bayview High").organization
    elsewhere = SchoolFactory.create(organization__name="Canyon High").organization
    counselor = UserFactory.create(
        username="rosa", first_name="Rosa", last_name="Counselor", role=Role.COUNSELOR,
        organization=school, email="rosa@example.org",
    )  # fmt: skip
    colleague = UserFactory.create(username="omar", role=Role.COUNSELOR, organization=school)
    section = SectionFactory.create(course=CourseFactory.create(code="ENGL 101", units=3))
    past = SectionFactory.create(
        course=CourseFactory.create(code="HIST 110", units=12),
        term=TermFactory.create(code="2025FA", start_date=dt.date(2025, 8, 25),
                                end_date=dt.date(2025, 12, 19)),
    )  # fmt: skip
    c = Caseload(school, counselor, colleague, section)

    def student(key: str, grade: int, *, mine: bool = True, org: Organization = school) -> Student:
        s: Student = StudentFactory.create(
            school=org, grade=grade, first_name=key.capitalize(), last_name="Case",
            counselor=counselor if mine else colleague,
        )  # fmt: skip
        StudentGuardianFactory.create(
            student=s, guardian=GuardianFactory.create(first_name=f"Parent{key}")
        )
        c.s[key] = s
        return s

    _app(student("waiting", 11), section, "recommended")  # missing consent, pending consent
    _app(student("early", 12), section, "eligibility_checked")  # missing, pending recommendation
    revoked = student("revoked", 11)
    consent(revoked, status="revoked")
    _app(revoked, section, "held")  # missing consent (revoked), pending consent
    done = student("done", 11)
    consent(done)
    _app(done, section, "consented")  # pending the college; nothing missing
    student("senior", 12)  # no opportunity at all: not applied, could benefit
    student("junior", 11)  # not applied; off track in the fall of grade 11 (0 < 3 units)
    ontrack = student("ontrack", 12)
    consent(ontrack)
    CourseEnrollment.objects.create(
        student=ontrack, section=past, status="completed", grade="A", units_attempted=12,
        units_earned=12,
    )  # fmt: skip
    _app(student("theirs", 11, mine=False), section, "recommended")  # the colleague's student
    _app(student("away", 11, org=elsewhere), section, "recommended")  # another school
    student("freshman", 9)  # in no list
    return c
