"""A small synthetic term: one high school, one college, sections and students in every state the
reconciliation must recognise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpathways.accounts.models import Role, User
from openpathways.applications.models import Application
from openpathways.catalog.models import Section
from openpathways.consents.models import Consent
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization
from openpathways.students.models import Student
from tests.factories import (
    CollegeFactory,
    CourseFactory,
    DistrictFactory,
    GuardianFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    StudentGuardianFactory,
    TermFactory,
    UserFactory,
)

TERM_START = dt.date(2026, 8, 24)
TERM_END = dt.date(2026, 12, 18)
DURING = dt.date(2026, 9, 15)
AFTER = dt.date(2027, 1, 10)


@dataclass
class RosterWorld:
    school: Organization
    other_school: Organization
    college: Organization
    section: Section
    cancelled: Section
    counselor: User
    college_staff: User
    students: dict[str, Student] = field(default_factory=dict)


GRANTED_AT = dt.datetime(2026, 6, 1, 17, 0, tzinfo=dt.UTC)


def consent(
    student: Student,
    kind: str = "dual_enrollment",
    status: str = "granted",
    revoked_at: dt.datetime | None = None,
) -> Consent:
    if status == "revoked" and revoked_at is None:
        revoked_at = GRANTED_AT + dt.timedelta(days=30)
    return Consent.objects.create(
        student=student, kind=kind, status=status, disclosure_version="test-1",
        granted_at=GRANTED_AT, valid_through=dt.date(2028, 6, 30), revoked_at=revoked_at,
    )  # fmt: skip


def application(student: Student, section: Section, status: str, **extra: Any) -> Application:
    return Application.objects.create(
        student=student, section=section, term=section.term, program="ccap", status=status,
        **extra,
    )  # fmt: skip


def build_roster_world() -> RosterWorld:
    district = DistrictFactory.create(name="Harbor Unified")
    school = SchoolFactory.create(
        organization__name="Bayview High", organization__parent=district
    ).organization
    other = SchoolFactory.create(
        organization__name="Canyon High", organization__parent=district
    ).organization
    college = CollegeFactory.create(name="Harbor City College")
    term = TermFactory.create(
        institution=college, code="2026FA", name="Fall 2026", start_date=TERM_START,
        end_date=TERM_END,
    )  # fmt: skip
    course = CourseFactory.create(provider_org=college, code="ENGL 101")
    section = SectionFactory.create(course=course, term=term, code="40123", host_site=school)
    cancelled = SectionFactory.create(
        course=course, term=term, code="40999", host_site=school, status="cancelled"
    )
    counselor = UserFactory.create(username="rosa", role=Role.COUNSELOR, organization=school)
    staff = UserFactory.create(username="carla", role=Role.COLLEGE_STAFF, organization=college)

    def student(name: str, school_org: Organization = school) -> Student:
        s: Student = StudentFactory.create(
            school=school_org, grade=11, first_name=name, last_name="Test", counselor=counselor
        )
        StudentGuardianFactory.create(student=s, guardian=GuardianFactory.create())
        return s

    w = RosterWorld(school, other, college, section, cancelled, counselor, staff)
    # In order: all is well; registered without consent; approved, not on the roster; dropped
    # by the college; in a cancelled section; no grade after the term; at the other school.
    fine = w.students["fine"] = student("Fine")
    consent(fine)
    application(fine, section, "registered")
    CourseEnrollment.objects.create(student=fine, section=section, grade="A", status="completed")

    nocon = w.students["no_consent"] = student("Noconsent")
    application(nocon, section, "registered")
    CourseEnrollment.objects.create(student=nocon, section=section, grade="B", status="completed")

    approved = w.students["approved"] = student("Approved")
    consent(approved)
    application(approved, section, "approved")

    dropped = w.students["dropped"] = student("Dropped")
    consent(dropped)
    application(dropped, section, "registered")
    CourseEnrollment.objects.create(student=dropped, section=section, status="dropped")

    cancel = w.students["cancelled"] = student("Cancelled")
    consent(cancel)
    application(cancel, cancelled, "registered")
    CourseEnrollment.objects.create(student=cancel, section=cancelled, status="enrolled")

    nograde = w.students["no_grade"] = student("Nograde")
    consent(nograde)
    application(nograde, section, "registered")
    CourseEnrollment.objects.create(student=nograde, section=section, status="enrolled")

    far = w.students["other_school"] = student("Elsewhere", other)
    application(far, section, "approved")
    return w
