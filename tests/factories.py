"""factory_boy factories: synthetic data only."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from openpathways.accounts.models import Role, User
from openpathways.catalog.models import Course, Section
from openpathways.organizations.models import Organization, OrganizationKind, School
from openpathways.students.models import Guardian, Student, StudentGuardian
from openpathways.terms.models import Term


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.DISTRICT
    name = factory.Sequence(lambda n: f"Organization {n}")
    city = "Los Angeles"


class DistrictFactory(OrganizationFactory):
    kind = OrganizationKind.DISTRICT
    name = factory.Sequence(lambda n: f"Unified District {n}")
    code = factory.Sequence(lambda n: f"19{n:05d}0000000")


class SchoolOrgFactory(OrganizationFactory):
    kind = OrganizationKind.SCHOOL
    name = factory.Sequence(lambda n: f"Test High School {n}")
    parent = factory.SubFactory(DistrictFactory)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    organization = factory.SubFactory(SchoolOrgFactory)
    cds_code = factory.Sequence(lambda n: f"1964733{n:07d}")
    grade_offered_low = 9
    grade_offered_high = 12
    grade_served_low = 9
    grade_served_high = 12


class CollegeFactory(OrganizationFactory):
    kind = OrganizationKind.COLLEGE
    name = factory.Sequence(lambda n: f"Community College {n}")


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    state_student_id = factory.Sequence(lambda n: f"{9000000000 + n}")
    local_id = factory.Sequence(lambda n: f"L{n:07d}")
    first_name = factory.Sequence(lambda n: f"Ana{n}")
    last_name = factory.Sequence(lambda n: f"Student{n}")
    school = factory.LazyFunction(lambda: SchoolFactory().organization)
    grade = 11
    graduation_cohort = 2027
    birth_date = dt.date(2009, 3, 14)


class GuardianFactory(DjangoModelFactory):
    class Meta:
        model = Guardian

    first_name = "Maria"
    last_name = factory.Sequence(lambda n: f"Guardian{n}")
    email = factory.Sequence(lambda n: f"guardian{n}@example.org")
    preferred_language = "es"


class StudentGuardianFactory(DjangoModelFactory):
    class Meta:
        model = StudentGuardian

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.COUNSELOR
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    institution = factory.SubFactory(CollegeFactory)
    code = factory.Sequence(lambda n: f"2026FA{n}")
    name = "Fall 2026"
    kind = "semester"
    academic_year = 2026
    start_date = dt.date(2026, 8, 24)
    end_date = dt.date(2026, 12, 18)


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    provider_org = factory.SubFactory(CollegeFactory)
    code = factory.Sequence(lambda n: f"ENGL {100 + n}")
    title = "College Composition"
    units = 3


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    course = factory.SubFactory(CourseFactory)
    term = factory.LazyAttribute(lambda s: TermFactory(institution=s.course.provider_org))
    code = factory.Sequence(lambda n: f"{10000 + n}")
    host_site = factory.LazyAttribute(lambda s: s.course.provider_org)
    capacity = 30
