"""Response schemas of the REST API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class OrganizationRef(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    username: str
    name: str
    role: str
    role_label: str
    organization: OrganizationRef | None
    preferred_language: str
    can_read_student_records: bool
    can_read_disclosure_logs: bool


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105 (the scheme name, not a secret)
    expires_in: int


class SchoolRef(Schema):
    id: int
    name: str


class StudentOut(Schema):
    id: int
    state_student_id: str
    local_id: str
    first_name: str
    last_name: str
    school: SchoolRef
    grade: int
    graduation_cohort: int
    status: str
    counselor: str | None


class StudentPageOut(Schema):
    count: int
    offset: int
    limit: int
    items: list[StudentOut]


class ReportingGroupsOut(Schema):
    race_ethnicity: str
    english_learner: bool
    socioeconomically_disadvantaged: bool
    disability: bool
    foster: bool
    homeless: bool


class GuardianOut(Schema):
    first_name: str
    last_name: str
    relationship: str
    preferred_language: str
    email: str
    phone: str


class EnrollmentOut(Schema):
    course_code: str
    course_title: str
    term: str
    status: str
    grade: str
    units_attempted: Decimal
    units_earned: Decimal
    credit_type: str


class ApplicationOut(Schema):
    id: int
    program: str
    status: str
    title: str
    created_at: dt.datetime


class ConsentOut(Schema):
    kind: str
    status: str
    method: str
    granted_at: dt.datetime
    valid_through: dt.date
    revoked_at: dt.datetime | None


class CredentialOut(Schema):
    kind: str
    title: str
    issuer: str | None
    earned_on: dt.date


class PlacementOut(Schema):
    opportunity: str
    employer: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None


class StudentDetailOut(StudentOut):
    birth_date: dt.date
    preferred_language: str
    reporting_groups: ReportingGroupsOut | None
    guardians: list[GuardianOut]
    enrollments: list[EnrollmentOut]
    applications: list[ApplicationOut]
    consents: list[ConsentOut]
    credentials: list[CredentialOut]
    placements: list[PlacementOut]
    college_records_withheld: bool


class DisclosureOut(Schema):
    at: dt.datetime
    actor: str
    actor_role: str
    action: str
    purpose: str
    channel: str


class SchoolOut(Schema):
    id: int
    name: str
    cds_code: str
    district: str | None
    status: str
    school_type: str
    charter: bool
    grades_served: str
    serves_9_12: bool


class SchoolPageOut(Schema):
    count: int
    offset: int
    limit: int
    items: list[SchoolOut]
