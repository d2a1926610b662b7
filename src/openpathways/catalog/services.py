"""Writing courses, sections and section rosters in bulk (importers of schedules and rosters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction

from openpathways.audit.services import audit_record
from openpathways.catalog.models import Course, Provider, Section, SectionStatus
from openpathways.core.bulk import BulkResult, bulk_upsert, natural_keys
from openpathways.enrollments.models import CourseEnrollment, EnrollmentStatus

_COURSE_FIELDS = ("provider_org_id", "provider", "code", "title")
_SECTION_FIELDS = ("course_id", "term_id", "code", "host_site_id", "instructor", "status")
_ENROLLMENT_FIELDS = ("student_id", "section_id", "status", "credit_type")


@dataclass(frozen=True)
class CourseUpsert:
    """One course; matched by `pk` when known, else by (provider organization, code)."""

    provider_org_id: int
    provider: str
    code: str
    title: str
    units: Decimal | None = None
    pk: int | None = None


@dataclass(frozen=True)
class SectionUpsert:
    """One scheduled section; matched by `pk` when known, else by (course, term, code)."""

    course_id: int
    term_id: int
    code: str
    host_site_id: int
    instructor: str = ""
    status: str = SectionStatus.OPEN
    pk: int | None = None


class EnrollmentUpsert(NamedTuple):
    """One student in one section; matched by `pk` when known, else by (student, section).
    (A named tuple: rosters run to millions of rows.)"""

    student_id: int
    section_id: int
    credit_type: str
    status: str = EnrollmentStatus.ENROLLED
    pk: int | None = None
    #: The caller knows no stored row can match (its student or section was just created).
    certainly_new: bool = False


def _audit(actor: Any, action: str, source: str, details: dict[str, Any]) -> None:
    audit_record(
        actor=actor, action=action, purpose="schedule import", channel="import",
        details={"source": source, **details},
    )  # fmt: skip


def course_bulk_upsert(
    *, actor: Any, records: Sequence[CourseUpsert], source: str = ""
) -> BulkResult:
    with transaction.atomic():
        found = natural_keys(
            Course,
            ["provider_org_id", "code"],
            [(r.provider_org_id, r.code) for r in records if r.pk is None],
        )
        default_units = Course._meta.get_field("units").get_default()
        rows = [
            (
                r.pk or found.get((r.provider_org_id, r.code)),
                (r.provider_org_id, r.provider, r.code, r.title,
                 default_units if r.units is None else r.units),
            )
            for r in records
        ]  # fmt: skip
        result = bulk_upsert(Course, (*_COURSE_FIELDS, "units"), rows, compare=_COURSE_FIELDS)
        _audit(actor, "catalog.courses_bulk_upserted", source, result.counts())
    return result


def section_bulk_upsert(
    *, actor: Any, records: Sequence[SectionUpsert], source: str = ""
) -> BulkResult:
    with transaction.atomic():
        found = natural_keys(
            Section,
            ["course_id", "term_id", "code"],
            [(r.course_id, r.term_id, r.code) for r in records if r.pk is None],
        )
        rows = [
            (
                r.pk or found.get((r.course_id, r.term_id, r.code)),
                tuple(getattr(r, f) for f in _SECTION_FIELDS),
            )
            for r in records
        ]
        result = bulk_upsert(Section, _SECTION_FIELDS, rows)
        _audit(actor, "catalog.sections_bulk_upserted", source, result.counts())
    return result


def section_bulk_cancel(*, actor: Any, section_ids: Sequence[int], source: str = "") -> int:
    """Mark sections cancelled (a source deleted them; their rosters and grades stay)."""
    with transaction.atomic():
        n = (
            Section.objects.filter(pk__in=list(section_ids))
            .exclude(status=SectionStatus.CANCELLED)
            .update(status=SectionStatus.CANCELLED)
        )
        _audit(actor, "catalog.sections_bulk_cancelled", source, {"cancelled": n})
    return n


def course_enrollment_bulk_upsert(
    *, actor: Any, records: Sequence[EnrollmentUpsert], source: str = ""
) -> BulkResult:
    """Create or update section enrollments (a roster). Grades and units are never touched:
    they arrive from the college, not from the roster."""
    with transaction.atomic():
        found = natural_keys(
            CourseEnrollment,
            ["student_id", "section_id"],
            [(r.student_id, r.section_id) for r in records if r.pk is None and not r.certainly_new],
        )
        rows = [
            (
                r.pk or (found.get((r.student_id, r.section_id)) if found else None),
                (r.student_id, r.section_id, r.status, r.credit_type),
            )
            for r in records
        ]
        result = bulk_upsert(CourseEnrollment, _ENROLLMENT_FIELDS, rows)
        _audit(actor, "enrollments.bulk_upserted", source, result.counts())
    return result


def course_enrollment_bulk_drop(
    *, actor: Any, enrollment_ids: Sequence[int], source: str = ""
) -> int:
    """Mark enrollments dropped (a source deleted them); completed ones keep their outcome."""
    with transaction.atomic():
        n = (
            CourseEnrollment.objects.filter(pk__in=list(enrollment_ids))
            .exclude(status__in=[EnrollmentStatus.DROPPED, EnrollmentStatus.COMPLETED])
            .update(status=EnrollmentStatus.DROPPED)
        )
        _audit(actor, "enrollments.bulk_dropped", source, {"dropped": n})
    return n


def course_providers_for_orgs(org_ids: Sequence[int]) -> dict[int, str]:
    """The provider a course owned by each organization has: a college (or college district)
    offers college courses, an adult-education division adult-education courses, and a school
    or district its own high-school classes."""
    from openpathways.organizations.models import Organization, OrganizationKind

    kinds = dict(Organization.objects.filter(pk__in=list(org_ids)).values_list("pk", "kind"))
    provider: dict[str, str] = {
        OrganizationKind.COLLEGE: Provider.COLLEGE,
        OrganizationKind.COLLEGE_DISTRICT: Provider.COLLEGE,
        OrganizationKind.ADULT_ED: Provider.ADULT_ED,
    }
    return {pk: provider.get(kind, Provider.HIGH_SCHOOL) for pk, kind in kinds.items()}


def section_providers(section_ids: Sequence[int]) -> dict[int, str]:
    """The provider (college, adult_ed or school) of each section's course."""
    pairs = Section.objects.filter(pk__in=list(section_ids)).values_list("pk", "course__provider")
    return dict(pairs)


@dataclass(frozen=True)
class RowPatch:
    """One row as a source states it: `values` are compared and written; `create_values` are
    written only when the row is created (never changed afterwards). `pk` is the row when the
    caller knows it, else the row is matched by the function's natural key."""

    values: dict[str, Any]
    create_values: dict[str, Any] = field(default_factory=dict)
    pk: int | None = None


def _bulk_patch(model: Any, records: Sequence[RowPatch], natural: Sequence[str]) -> BulkResult:
    found = (
        natural_keys(
            model,
            list(natural),
            [tuple(r.values[f] for f in natural) for r in records if r.pk is None],
        )
        if natural
        else {}
    )
    result = BulkResult(outcomes=[""] * len(records), pks=[0] * len(records))
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[int]] = {}
    for i, r in enumerate(records):
        groups.setdefault((tuple(sorted(r.values)), tuple(sorted(r.create_values))), []).append(i)
    for (fields, _created), indexes in groups.items():
        rows: list[tuple[int | None, dict[str, Any]]] = []
        for i in indexes:
            r = records[i]
            pk = r.pk or (found.get(tuple(r.values[f] for f in natural)) if natural else None)
            rows.append((pk, {**r.create_values, **r.values}))
        written = sorted({*fields, *records[indexes[0]].create_values})
        part = upsert_rows(model, written, rows, compare=list(fields))
        for i, pk, outcome in zip(indexes, part.pks, part.outcomes, strict=True):
            result.pks[i], result.outcomes[i] = pk, outcome
    return result


def upsert_rows(
    model: Any,
    columns: Sequence[str],
    rows: Sequence[tuple[int | None, dict[str, Any]]],
    *,
    compare: Sequence[str],
) -> BulkResult:
    """`core.bulk.bulk_upsert` with values by name: `columns` are written on create, `compare`
    columns are compared and updated. Works with both of its call forms (values by name and
    compared fields; or columns, aligned values and `compare=`)."""
    import inspect

    if "columns" in inspect.signature(bulk_upsert).parameters:
        aligned = [(pk, [values[c] for c in columns]) for pk, values in rows]
        return bulk_upsert(model, columns, aligned, compare=compare)  # type: ignore[arg-type,call-arg,unused-ignore]
    return bulk_upsert(model, rows, compare)  # type: ignore[arg-type,unused-ignore]


def course_bulk_patch(*, actor: Any, records: Sequence[RowPatch], source: str = "") -> BulkResult:
    """Create or update courses with any of their fields (subject, sector, state course code,
    ...); matched by `pk`, else by (provider organization, code)."""
    with transaction.atomic():
        result = _bulk_patch(Course, records, ("provider_org_id", "code"))
        _audit(actor, "catalog.courses_bulk_patched", source, result.counts())
    return result


def section_bulk_patch(*, actor: Any, records: Sequence[RowPatch], source: str = "") -> BulkResult:
    """Create or update sections with any of their fields (modality, schedule, ...); matched by
    `pk`, else by (course, term, code)."""
    with transaction.atomic():
        result = _bulk_patch(Section, records, ("course_id", "term_id", "code"))
        _audit(actor, "catalog.sections_bulk_patched", source, result.counts())
    return result


def course_enrollment_bulk_patch(
    *, actor: Any, records: Sequence[RowPatch], source: str = ""
) -> BulkResult:
    """Create or update enrollments with the fields a source states (credit type, units
    attempted, ...); matched by `pk`, else by (student, section). Status, grades and units earned
    are left to the fields given (a schedule source gives none of them)."""
    with transaction.atomic():
        result = _bulk_patch(CourseEnrollment, records, ("student_id", "section_id"))
        _audit(actor, "enrollments.bulk_patched", source, result.counts())
    return result


def credential_bulk_patch(
    *, actor: Any, records: Sequence[RowPatch], source: str = ""
) -> BulkResult:
    """Create or update credentials earned (such as CTE pathway completions stated by a student
    information system); matched by `pk` only."""
    from openpathways.enrollments.models import CredentialEarned

    with transaction.atomic():
        result = _bulk_patch(CredentialEarned, records, ())
        _audit(actor, "enrollments.credentials_bulk_patched", source, result.counts())
    return result
