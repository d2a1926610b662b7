"""A small synthetic partnership for the role-by-scope tests.

    County office ── District 1 ── School A (student "a": college course, WBL placement, guardian)
                  │             └─ School B (student "b"; student "ae" in an adult-ed class)
                  └─ District 2 ── School E (student "e")
    District 3 (another county) ── School X (student "x")
    College K, adult-ed division AE, employer EMP, city CITY

Users are created without hashing a password (fast); tests sign in with force_login.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from openpathways.accounts.models import Role, User
from openpathways.applications.models import Application
from openpathways.catalog.models import Provider, WblOpportunity
from openpathways.consents.models import Consent
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.students.models import Student
from openpathways.wbl.models import Placement
from tests import factories

#: The factories, typed loosely: they return model instances.
F: Any = factories


@dataclass
class World:
    orgs: dict[str, Organization] = field(default_factory=dict)
    students: dict[str, Student] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


def _user(username: str, role: str, **extra: Any) -> User:
    user = User(username=username, role=role, first_name=username.title(), **extra)
    user.set_unusable_password()
    user.save()
    return user


def build_world() -> World:
    w = World()
    county = F.OrganizationFactory(kind=OrganizationKind.COUNTY_OFFICE, name="County Office")
    d1 = F.DistrictFactory(name="District One", parent=county)
    d2 = F.DistrictFactory(name="District Two", parent=county)
    d3 = F.DistrictFactory(name="District Three")
    schools = {
        "A": F.SchoolFactory(organization__name="School A", organization__parent=d1).organization,
        "B": F.SchoolFactory(organization__name="School B", organization__parent=d1).organization,
        "E": F.SchoolFactory(organization__name="School E", organization__parent=d2).organization,
        "X": F.SchoolFactory(organization__name="School X", organization__parent=d3).organization,
    }
    college = F.CollegeFactory(name="College K")
    adult_ed = F.OrganizationFactory(kind=OrganizationKind.ADULT_ED, name="Adult Ed Division")
    employer = F.OrganizationFactory(kind=OrganizationKind.EMPLOYER, name="Employer EMP")
    city = F.OrganizationFactory(kind=OrganizationKind.CITY, name="City CITY")
    w.orgs.update(county=county, d1=d1, d2=d2, d3=d3, college=college, adult_ed=adult_ed)
    w.orgs.update(employer=employer, city=city, **{f"school_{k}": v for k, v in schools.items()})

    def student(key: str, school: str, last: str) -> Student:
        s = F.StudentFactory(school=schools[school], last_name=last, first_name=f"Pat{key.upper()}")
        w.students[key] = s
        return s

    a = student("a", "A", "Alvarez")
    student("b", "B", "Bautista")
    ae = student("ae", "B", "Aguilar")
    student("e", "E", "Estrada")
    student("x", "X", "Xiong")

    college_section = F.SectionFactory(course=F.CourseFactory(provider_org=college))
    CourseEnrollment.objects.create(
        student=a, section=college_section, grade="A", units_attempted=3, units_earned=3
    )
    Application.objects.create(
        student=a, section=college_section, program="ccap", status="registered"
    )
    adult_section = F.SectionFactory(
        course=F.CourseFactory(provider_org=adult_ed, provider=Provider.ADULT_ED, title="IT Basics")
    )
    CourseEnrollment.objects.create(student=ae, section=adult_section)
    opportunity = WblOpportunity.objects.create(
        employer=employer, title="Clinic internship", wbl_type="10", sector="health"
    )
    Placement.objects.create(student=a, opportunity=opportunity, status="active")
    link = F.StudentGuardianFactory(student=a, guardian=F.GuardianFactory(last_name="Alvarez"))
    Consent.objects.create(
        student=a, guardian=link.guardian, kind="dual_enrollment", disclosure_version="2026-1",
        granted_at=timezone.now(), valid_through=dt.date(2027, 6, 30),
    )  # fmt: skip

    counselor = _user("counselor_a", Role.COUNSELOR, organization=schools["A"])
    a.counselor = counselor
    a.save(update_fields=["counselor"])
    w.users.update(
        district_admin=_user("district_admin", Role.DISTRICT_ADMIN, organization=d1),
        county_admin=_user("county_admin", Role.DISTRICT_ADMIN, organization=county),
        school_admin=_user("school_admin_a", Role.SCHOOL_ADMIN, organization=schools["A"]),
        counselor=counselor,
        college_staff=_user("college_staff", Role.COLLEGE_STAFF, organization=college),
        adult_ed_staff=_user("adult_ed_staff", Role.ADULT_ED_STAFF, organization=adult_ed),
        employer=_user("employer", Role.EMPLOYER, organization=employer),
        city_partner=_user("city_partner", Role.CITY_PARTNER, organization=city),
        student=_user("student_a", Role.STUDENT, student=a),
        guardian=_user("guardian_a", Role.GUARDIAN, guardian=link.guardian),
        analyst=_user("analyst", Role.ANALYST, organization=d1),
        anonymous=None,
    )
    return w


@dataclass(frozen=True)
class Case:
    """One role: the student inside its scope and one outside it (None: it sees no records)."""

    role: str
    inside: str | None
    outside: str
    #: What a role that may never read records gets: "forbidden" (403) or "anonymous" (sign in).
    denial: str = ""


CASES = [
    Case("district_admin", inside="b", outside="e"),
    Case("county_admin", inside="e", outside="x"),
    Case("school_admin", inside="a", outside="b"),
    Case("counselor", inside="a", outside="b"),
    Case("college_staff", inside="a", outside="b"),
    Case("adult_ed_staff", inside="ae", outside="a"),
    Case("employer", inside="a", outside="b"),
    Case("city_partner", inside=None, outside="a", denial="forbidden"),
    Case("student", inside="a", outside="b"),
    Case("guardian", inside="a", outside="b"),
    Case("analyst", inside=None, outside="a", denial="forbidden"),
    Case("anonymous", inside=None, outside="a", denial="anonymous"),
]
