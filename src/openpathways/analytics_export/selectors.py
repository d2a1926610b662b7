"""Reads for the analytic snapshot: aggregate-safe projections of the application's tables.

Student-linked rows are read only through `students.access.student_scope` (the actor's scope)
and only as the columns the snapshot's written schema names: never names, state student ids,
birth dates (only the year), addresses or contacts. Students are keyed by an opaque key, a keyed
hash of the record id (`student_key`), so a snapshot cannot be joined back to a person without
the server's secret.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from hashlib import sha256
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from openpathways.agreements.models import EducationCompact, VendorContract
from openpathways.analytics.snapshot_schema import TABLES, check_table
from openpathways.catalog.models import Opportunity
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.organizations.models import Organization, OrganizationKind, School
from openpathways.students.access import student_scope
from openpathways.students.models import Student
from openpathways.wbl.models import Placement

Progress = Callable[[str, int], None]

#: Domain separation for the pseudonymous key (changing it changes every key).
KEY_PURPOSE = b"openpathways.analytics.student_key.v1"
CHUNK = 5000


def _secret() -> bytes:
    secret = getattr(settings, "ANALYTICS_SNAPSHOT_KEY", "") or settings.SECRET_KEY
    return hmac.new(str(secret).encode(), KEY_PURPOSE, sha256).digest()


class StudentKeys:
    """Opaque, stable student keys: the first 63 bits of HMAC-SHA256(secret, record id)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret if secret is not None else _secret()
        self._cache: dict[int, int] = {}

    def __call__(self, pk: int) -> int:
        key = self._cache.get(pk)
        if key is None:
            digest = hmac.new(self._secret, str(pk).encode(), sha256).digest()
            key = int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF
            self._cache[pk] = key
        return key

    def fingerprint(self) -> str:
        """Identifies the key in the manifest (two snapshots with the same fingerprint link)."""
        return hmac.new(self._secret, b"fingerprint", sha256).hexdigest()[:12]


def academic_year_of(day: Any) -> int | None:
    """The school year (start year) a date falls in: July to June."""
    if day is None:
        return None
    return int(day.year if day.month >= 7 else day.year - 1)


def _table(name: str, rows: Iterable[tuple[Any, ...]]) -> pa.Table:
    spec = TABLES[name]
    columns = list(zip(*rows, strict=True)) if rows else []
    if not columns:
        return spec.schema.empty_table()
    arrays = [
        pa.array(list(values), type=field.type)
        for values, field in zip(columns, spec.schema, strict=True)
    ]
    return check_table(name, pa.Table.from_arrays(arrays, schema=spec.schema))


def _float(value: Decimal | float | None) -> float:
    return float(value) if value is not None else 0.0


def snapshot_scope(actor: Any) -> QuerySet[Student]:
    """Students whose pseudonymised rows the snapshot holds: every student for the system
    (actor None, the scheduled export), otherwise the actor's scope."""
    if actor is None:
        return Student.objects.all()
    return student_scope(actor)


def _iterate(qs: QuerySet[Any], *fields: Any, progress: Progress | None, label: str) -> Iterator:
    done = 0
    for row in qs.values_list(*fields).iterator(chunk_size=CHUNK):
        yield row
        done += 1
        if progress is not None and done % CHUNK == 0:
            progress(label, CHUNK)
    if progress is not None and done % CHUNK:
        progress(label, done % CHUNK)


def _city_names() -> dict[str, int]:
    """City organizations by every name a school address may use for them: the name, the name
    without "City of", and the city of the organization's own address."""
    names: dict[str, int] = {}
    cities = Organization.objects.filter(kind=OrganizationKind.CITY).order_by("pk")
    for pk, name, address_city in cities.values_list("pk", "name", "city"):
        for variant in (name, name.removeprefix("City of "), address_city):
            if variant:
                names.setdefault(variant.strip().casefold(), pk)
    return names


def snapshot_schools_list() -> pa.Table:
    cities = _city_names()
    schools = School.objects.values_list(
        "organization_id",
        "organization__parent_id",
        "organization__name",
        "cds_code",
        "status",
        "school_type",
        "serves_9_12",
        "organization__city",
    ).order_by("organization_id")
    rows = [
        (*row[:7], row[7] or "", cities.get((row[7] or "").strip().casefold())) for row in schools
    ]
    return _table("schools", rows)


def snapshot_opportunities_list() -> pa.Table:
    rows = Opportunity.objects.values_list(
        "pk", "school_id", "type", "academic_year", "active"
    ).order_by("pk")
    return _table("opportunities", list(rows))


def snapshot_students_list(
    *, actor: Any, keys: StudentKeys, progress: Progress | None = None
) -> pa.Table:
    qs = snapshot_scope(actor).order_by("pk")
    rows = [
        (
            keys(pk),
            school,
            district,
            grade,
            cohort,
            status,
            status == "graduated",
            birth_year,
            gender or "",
            race,
            el,
            sed,
            disability,
            foster,
            homeless,
            residence,
        )
        for (
            pk, school, district, grade, cohort, status, birth_year, gender, race, el, sed,
            disability, foster, homeless, residence,
        ) in _iterate(
            qs.annotate(birth_year=ExtractYear("birth_date")),
            "pk", "school_id", "school__parent_id", "grade", "graduation_cohort", "status",
            "birth_year", "gender", "race_ethnicity", "english_learner",
            "socioeconomically_disadvantaged", "disability", "foster", "homeless",
            "residence_city_org_id",
            progress=progress, label="students",
        )
    ]  # fmt: skip
    return _table("students", rows)


def snapshot_student_years_list(*, actor: Any, keys: StudentKeys, as_of_year: int) -> pa.Table:
    """Grade-level enrollment of the snapshot's school year (the database holds the current
    school and grade only; earlier years come from earlier snapshots)."""
    qs = snapshot_scope(actor).filter(status="enrolled").order_by("pk")
    rows = [
        (keys(pk), as_of_year, school, grade)
        for pk, school, grade in qs.values_list("pk", "school_id", "grade").iterator(CHUNK)
    ]
    return _table("student_years", rows)


def snapshot_enrollments_list(
    *, actor: Any, keys: StudentKeys, progress: Progress | None = None
) -> pa.Table:
    qs = CourseEnrollment.objects.filter(student__in=snapshot_scope(actor)).order_by("pk")
    rows = [
        (
            keys(student), section, year, term_code, term_kind, provider, subject, credit,
            _float(attempted), _float(earned), grade or "", status, "",
        )
        for (
            student, section, year, term_code, term_kind, provider, subject, credit, attempted,
            earned, grade, status,
        ) in _iterate(
            qs,
            "student_id", "section_id", "section__term__academic_year", "section__term__code",
            "section__term__kind", "section__course__provider", "section__course__subject",
            "credit_type", "units_attempted", "units_earned", "grade", "status",
            progress=progress, label="enrollments",
        )
    ]  # fmt: skip
    return _table("enrollments", rows)


def snapshot_credentials_list(*, actor: Any, keys: StudentKeys) -> pa.Table:
    qs = CredentialEarned.objects.filter(student__in=snapshot_scope(actor)).order_by("pk")
    rows = [
        (keys(student), kind, pathway or "", capstone or "", academic_year_of(earned_on))
        for student, kind, pathway, capstone, earned_on in qs.values_list(
            "student_id", "kind", "cte_pathway__code", "capstone_grade", "earned_on"
        ).iterator(CHUNK)
    ]
    return _table("credentials", rows)


def snapshot_cities_list() -> pa.Table:
    rows = Organization.objects.filter(kind=OrganizationKind.CITY).order_by("pk")
    return _table("cities", list(rows.values_list("pk", "name")))


def snapshot_compacts_list() -> pa.Table:
    rows = EducationCompact.objects.order_by("pk").values_list(
        "pk", "district_id", "city_id", "status", "signed_on"
    )
    return _table("compacts", list(rows))


def snapshot_vendor_contracts_list() -> pa.Table:
    rows = VendorContract.objects.order_by("pk").values_list(
        "pk",
        "vendor_id",
        "vendor__name",
        "district_id",
        "status",
        "start_date",
        "end_date",
        "wbl_placements_committed",
        "wbl_hours_committed",
    )
    return _table("vendor_contracts", list(rows))


def snapshot_wbl_placements_list(*, actor: Any, keys: StudentKeys) -> pa.Table:
    qs = (
        Placement.objects.filter(student__in=snapshot_scope(actor))
        .annotate(confirmed=Sum("hours__hours", filter=Q(hours__confirmed_at__isnull=False)))
        .order_by("pk")
    )
    rows = [
        (pk, contract, keys(student), status, academic_year_of(start), _float(confirmed))
        for pk, contract, student, status, start, confirmed in qs.values_list(
            "pk",
            "opportunity__vendor_contract_id",
            "student_id",
            "status",
            "start_date",
            "confirmed",
        ).iterator(CHUNK)
    ]
    return _table("wbl_placements", rows)


def snapshot_row_estimate(*, actor: Any) -> dict[str, int]:
    """Rows to expect in the big tables (for a progress bar)."""
    scope = snapshot_scope(actor)
    return {
        "students": scope.count(),
        "enrollments": CourseEnrollment.objects.filter(student__in=scope).count(),
    }
