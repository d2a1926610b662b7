"""A small synthetic partnership for the work-based-learning tests: one district and school with
a Linked Learning health pathway, a vendor with a contract that carries a WBL obligation, its
supervisor, a junior with a guardian, and one user per role that acts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.agreements.models import VendorContract
from openpathways.consents.models import Consent, ConsentKind
from openpathways.organizations.models import Contact, Organization, OrganizationKind
from openpathways.wbl.models import LinkedLearningPathway
from tests.factories import (
    DistrictFactory,
    GuardianFactory,
    OrganizationFactory,
    SchoolFactory,
    StudentFactory,
    StudentGuardianFactory,
    UserFactory,
)


@dataclass
class Wbl:
    district: Organization
    school: Organization
    employer: Organization
    supervisor: Contact
    contract: VendorContract
    student: Any
    guardian: Any
    admin: Any
    counselor: Any
    student_user: Any
    guardian_user: Any
    employer_user: Any
    analyst: Any


def grant_wbl_permission(student: Any, guardian: Any) -> Consent:
    """A guardian's work-based-learning permission on the consent ledger (synthetic)."""
    return Consent.objects.create(
        student=student, guardian=guardian, kind=ConsentKind.WORK_BASED_LEARNING,
        disclosure_version="wbl-test", typed_name="Maria Test", granted_at=timezone.now(),
        valid_through=dt.date(student.graduation_cohort, 6, 30),
    )  # fmt: skip


def build_wbl() -> Wbl:
    district = DistrictFactory.create(name="Harbor Unified")
    school = SchoolFactory.create(
        organization__name="Bayview High", organization__parent=district
    ).organization
    LinkedLearningPathway.objects.create(
        school=school, name="Health Careers Academy", name_es="Academia de Salud",
        sector="health", certified=True,
    )  # fmt: skip
    employer = OrganizationFactory.create(
        kind=OrganizationKind.EMPLOYER, name="Pacific Clinics", industry_sector="health",
        is_vendor=True, city="Carson",
    )  # fmt: skip
    supervisor = Contact.objects.create(
        organization=employer, name="Dana Supervisor", email="dana@example.org"
    )
    today = timezone.localdate()
    contract = VendorContract.objects.create(
        vendor=employer, district=district, number="C-100", title="Clinic services",
        start_date=today - dt.timedelta(days=30), end_date=today + dt.timedelta(days=300),
        wbl_placements_committed=1, wbl_hours_committed=6,
    )  # fmt: skip
    student = StudentFactory.create(
        school=school, grade=11, first_name="Ana", last_name="Lopez", residence_city="Carson",
        birth_date=today.replace(year=today.year - 16),
    )  # fmt: skip
    guardian = GuardianFactory.create()
    StudentGuardianFactory.create(student=student, guardian=guardian)
    return Wbl(
        district=district, school=school, employer=employer, supervisor=supervisor,
        contract=contract, student=student, guardian=guardian,
        admin=UserFactory.create(role=Role.DISTRICT_ADMIN, organization=district),
        counselor=UserFactory.create(role=Role.COUNSELOR, organization=school),
        student_user=UserFactory.create(role=Role.STUDENT, student=student),
        guardian_user=UserFactory.create(role=Role.GUARDIAN, guardian=guardian),
        employer_user=UserFactory.create(role=Role.EMPLOYER, organization=employer),
        analyst=UserFactory.create(role=Role.ANALYST, organization=district),
    )  # fmt: skip


@pytest.fixture
def wbl(db: None) -> Wbl:
    return build_wbl()
