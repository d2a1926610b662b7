"""Builders of small synthetic allocation scenarios (no real student data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from openpathways.accounts.models import Role
from openpathways.applications.models import Application
from openpathways.catalog.models import Section
from tests.factories import (
    CollegeFactory,
    CourseFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    TermFactory,
    UserFactory,
)


@dataclass
class Scenario:
    college: Any
    term: Any
    sections: list[Section]
    school: Any
    coordinator: Any


def make_scenario(capacities: list[int]) -> Scenario:
    college = CollegeFactory()
    term = TermFactory(institution=college)
    school = SchoolFactory().organization
    sections = []
    for i, cap in enumerate(capacities):
        course = CourseFactory(provider_org=college, code=f"CTE {100 + i}")
        sections.append(
            SectionFactory(course=course, term=term, capacity=cap, host_site=school, code=f"S{i}")
        )
    coordinator = UserFactory(role=Role.COLLEGE_STAFF, organization=college)
    return Scenario(college, term, sections, school, coordinator)


def apply(student: Any, sections: list[Section], *, program: str = "ccap") -> list[Application]:
    """Approved applications in the order of the student's ranking."""
    return [
        Application.objects.create(
            student=student, section=s, term=s.term, program=program, status="approved"
        )
        for s in sections
    ]


@pytest.fixture
def scenario() -> Scenario:
    return make_scenario([1, 2])


@pytest.fixture
def student_factory() -> Any:
    return StudentFactory
