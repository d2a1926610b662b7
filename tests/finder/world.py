"""A synthetic catalog for the finder: two schools, a college, sections of every schedule, each of
the five opportunity types, and students holding some of the seats."""

from __future__ import annotations

from dataclasses import dataclass, field

from openpathways.applications.models import Application
from openpathways.catalog.models import (
    AaDegreePathway,
    CtePathway,
    IndustryCertification,
    Opportunity,
    Section,
    WblOpportunity,
)
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.students.models import Student
from openpathways.wbl.models import Placement
from tests.factories import (
    CollegeFactory,
    CourseFactory,
    OrganizationFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    TermFactory,
)

YEAR = 2026


@dataclass
class Catalog:
    bayview: Organization
    canyon: Organization
    college: Organization
    nursing: Section
    welding: Section
    coding: Section
    cancelled: Section
    students: list[Student] = field(default_factory=list)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)


def build_catalog() -> Catalog:
    bayview = SchoolFactory.create(organization__name="Bayview High").organization
    canyon = SchoolFactory.create(organization__name="Canyon High").organization
    college = CollegeFactory.create(name="Harbor City College")
    term = TermFactory.create(institution=college, code="2026FA", name="Fall 2026")
    nursing_course = CourseFactory.create(
        provider_org=college, code="NURS 101", title="Introduction to Nursing",
        title_es="Introducción a la enfermería", units=4, sector="health",
    )  # fmt: skip
    welding_course = CourseFactory.create(
        provider_org=college, code="WELD 110", title="Welding Basics", units=3,
        sector="manufacturing",
    )  # fmt: skip
    coding_course = CourseFactory.create(
        provider_org=college, code="CS 101", title="Programming I", units=3, sector="ict"
    )
    nursing = SectionFactory.create(
        course=nursing_course, term=term, code="N1", capacity=3, host_site=bayview,
        schedule="school_day", modality="in_person",
    )  # fmt: skip
    welding = SectionFactory.create(
        course=welding_course, term=term, code="W1", capacity=2, host_site=college,
        schedule="saturday", modality="in_person",
    )  # fmt: skip
    coding = SectionFactory.create(
        course=coding_course, term=term, code="C1", capacity=30, host_site=college,
        schedule="after_school", modality="online",
    )  # fmt: skip
    cancelled = SectionFactory.create(
        course=coding_course, term=term, code="C9", capacity=30, host_site=bayview,
        status="cancelled",
    )  # fmt: skip
    c = Catalog(bayview, canyon, college, nursing, welding, coding, cancelled)

    def offer(key: str, school: Organization, title: str, **kw: object) -> None:
        c.opportunities[key] = Opportunity.objects.create(
            type=kw.pop("type", "college_credit"), school=school, academic_year=YEAR,
            title=title, **kw,
        )  # fmt: skip

    offer("nursing", bayview, "Nursing at Bayview", title_es="Enfermería en Bayview",
          section=nursing)  # fmt: skip
    offer("welding", bayview, "Welding on Saturdays", section=welding)
    offer("coding", canyon, "Coding after school", section=coding)
    offer("cancelled", bayview, "Cancelled coding", section=cancelled)
    pathway = CtePathway.objects.create(
        code="P100", title="Patient Care", sector="health",
        course_sequence=["Medical Terminology", "Patient Care I", "Patient Care II"],
    )  # fmt: skip
    offer("pathway", bayview, "Patient Care pathway", type="cte_pathway", cte_pathway=pathway,
          sector="health")  # fmt: skip
    cert = IndustryCertification.objects.create(name="CompTIA A+", issuer="CompTIA", sector="ict")
    offer("cert", canyon, "IT support certification", type="industry_certification",
          certification=cert, sector="ict")  # fmt: skip
    employer = OrganizationFactory.create(kind=OrganizationKind.EMPLOYER, name="Pacific Clinics")
    wbl = WblOpportunity.objects.create(
        employer=employer, title="Clinic intern", wbl_type="10", sector="health", slots=2,
        hours=120, status="published",
    )  # fmt: skip
    offer("wbl", bayview, "Clinic internship", type="work_based_learning", wbl_opportunity=wbl)
    aa = AaDegreePathway.objects.create(college=college, title="AA in Liberal Arts")
    offer("aa", canyon, "Earn an associate degree", type="aa_degree", aa_pathway=aa)
    Opportunity.objects.create(
        type="college_credit", school=bayview, academic_year=YEAR, title="Retired offer",
        active=False,
    )  # fmt: skip

    # Nursing (3 seats): one on the roster with a registered application, one approved and not
    # yet on the roster, one dropped, one only requested -> 2 taken, 1 open.
    a, b, d, r = (StudentFactory.create(school=bayview, first_name=f"Secret{i}") for i in range(4))
    Application.objects.create(student=a, section=nursing, program="ccap", status="registered")
    CourseEnrollment.objects.create(student=a, section=nursing, status="enrolled")
    Application.objects.create(student=b, section=nursing, program="ccap", status="approved")
    CourseEnrollment.objects.create(student=d, section=nursing, status="dropped")
    Application.objects.create(student=r, section=nursing, program="ccap", status="requested")
    # Welding (2 seats): full.
    w1, w2 = (StudentFactory.create(school=bayview, first_name=f"Hidden{i}") for i in range(2))
    for s in (w1, w2):
        CourseEnrollment.objects.create(student=s, section=welding, status="enrolled")
    # Clinic internship (2 slots): one placed.
    Placement.objects.create(student=w1, opportunity=wbl, status="active")
    c.students = [a, b, d, r, w1, w2]
    return c
