"""The one door to student records.

Every read of student-linked rows goes through a function here: it applies the actor's role and
scope and records the read in the audit trail (one row per student, which is that student's
disclosure log). Views, the API, exports and the command line call these; they never query
Student rows themselves (an import-linter contract holds them to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from openpathways.accounts.models import Role
from openpathways.audit.services import audit_record_student_reads
from openpathways.students.models import Student

#: Staff roles that may see a student's disclosure log.
DISCLOSURE_LOG_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.COUNSELOR})


class StudentAccessDenied(PermissionDenied):
    """The actor may not read this student's record (or any student records)."""


def _org_subtree_q(prefix: str, org_id: int) -> Q:
    """Rows whose organization at `prefix` is org or lies below it (up to three levels)."""
    return (
        Q(**{prefix: org_id})
        | Q(**{f"{prefix}__parent": org_id})
        | Q(**{f"{prefix}__parent__parent": org_id})
    )


def _provider_scope(org_id: int) -> QuerySet[Student]:
    from openpathways.applications.models import Application
    from openpathways.enrollments.models import CourseEnrollment

    provider_q = _org_subtree_q("section__course__provider_org", org_id)
    applied = Application.objects.filter(provider_q, student=OuterRef("pk"))
    enrolled = CourseEnrollment.objects.filter(provider_q, student=OuterRef("pk"))
    return Student.objects.filter(Exists(applied) | Exists(enrolled))


def student_scope(actor: Any) -> QuerySet[Student]:
    """Students the actor may see, unevaluated and unlogged. Only for functions of this module and
    for aggregate selectors that never return rows; everything else calls the logged functions."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Student.objects.none()
    if actor.is_superuser:
        return Student.objects.all()
    role, org_id = actor.role, actor.organization_id
    if role == Role.STUDENT:
        return Student.objects.filter(pk=actor.student_id) if actor.student_id else Student.objects.none()
    if role == Role.GUARDIAN:
        if not actor.guardian_id:
            return Student.objects.none()
        return Student.objects.filter(guardians__id=actor.guardian_id)
    if org_id is None:
        return Student.objects.none()
    if role == Role.DISTRICT_ADMIN:
        return Student.objects.filter(_org_subtree_q("school", org_id))
    if role in (Role.SCHOOL_ADMIN, Role.COUNSELOR):
        return Student.objects.filter(school_id=org_id)
    if role in (Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF):
        return _provider_scope(org_id)
    if role == Role.EMPLOYER:
        from openpathways.wbl.models import Placement

        placed = Placement.objects.filter(student=OuterRef("pk"), opportunity__employer_id=org_id)
        return Student.objects.filter(Exists(placed))
    return Student.objects.none()  # analysts and city partners: aggregates only


def can_read_student_records(actor: Any) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.role in {r.value for r in Role} - {"analyst", "city_partner"})


@dataclass(frozen=True)
class StudentPage:
    students: list[Student]
    total: int
    offset: int
    limit: int


def student_list(
    *,
    actor: Any,
    purpose: str,
    channel: str,
    school_id: int | None = None,
    grade: int | None = None,
    search: str = "",
    caseload_only: bool = False,
    offset: int = 0,
    limit: int = 50,
) -> StudentPage:
    """One page of the students the actor may see; each student returned is logged as read."""
    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    qs = student_scope(actor).select_related("school")
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if grade is not None:
        qs = qs.filter(grade=grade)
    if search:
        qs = qs.filter(
            Q(last_name__icontains=search)
            | Q(first_name__icontains=search)
            | Q(state_student_id=search)
            | Q(local_id=search)
        )
    if caseload_only:
        qs = qs.filter(counselor=actor)
    total = qs.count()
    page = list(qs.order_by("last_name", "first_name", "pk")[offset : offset + limit])
    audit_record_student_reads(
        actor=actor,
        action="students.listed",
        student_ids=[s.pk for s in page],
        purpose=purpose,
        channel=channel,
    )
    return StudentPage(students=page, total=total, offset=offset, limit=limit)


def student_get(*, actor: Any, student_id: int, purpose: str, channel: str) -> Student:
    """Fetch one student record the actor may read, and log the read. Raises
    StudentAccessDenied when the student is outside the actor's scope (or does not exist)."""
    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    student = (
        student_scope(actor).select_related("school", "counselor").filter(pk=student_id).first()
    )
    if student is None:
        raise StudentAccessDenied("No such student in your scope.")
    audit_record_student_reads(
        actor=actor, action="students.viewed", student_ids=[student.pk], purpose=purpose,
        channel=channel,
    )  # fmt: skip
    return student


def student_export(
    *, actor: Any, purpose: str, channel: str = "export", chunk_size: int = 2000
) -> Iterator[Student]:
    """Every student the actor may read, in chunks; each chunk is logged before it is yielded."""
    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    qs = student_scope(actor).select_related("school").order_by("pk")
    last_pk = 0
    while True:
        chunk = list(qs.filter(pk__gt=last_pk)[:chunk_size])
        if not chunk:
            return
        audit_record_student_reads(
            actor=actor, action="students.exported", student_ids=[s.pk for s in chunk],
            purpose=purpose, channel=channel,
        )  # fmt: skip
        yield from chunk
        last_pk = chunk[-1].pk


def student_disclosure_log(*, actor: Any, student_id: int) -> list[Any]:
    """Who read or changed this student's records, newest first (authorised staff only)."""
    if not (actor.is_superuser or actor.role in DISCLOSURE_LOG_ROLES):
        raise StudentAccessDenied("Only authorised staff may see a disclosure log.")
    student = student_get(
        actor=actor, student_id=student_id, purpose="disclosure log review", channel="web"
    )
    from openpathways.audit.selectors import audit_event_list

    return list(audit_event_list(student_id=student.pk)[:500])
