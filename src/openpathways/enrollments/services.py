"""Writing course enrollments: rosters and final grades sent back by colleges.

A grade that changes is never overwritten silently: each change writes a GradeChange row (who,
when, old, new, source) and an audit event on the student's disclosure log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openpathways.audit.services import audit_record
from openpathways.enrollments.models import CourseEnrollment, GradeChange

#: Letter grades a college may send, plus P (pass), NP (no pass), W (withdrawn), I (incomplete).
LETTER_GRADES = (
    "A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F",
)  # fmt: skip
ROSTER_GRADES = frozenset({*LETTER_GRADES, "P", "NP", "W", "I"})
#: Grades that earn the units (a passing grade; success for CCI is C- or better, see models).
UNIT_EARNING_GRADES = frozenset(
    {"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "P"}
)
ROSTER_STATUSES = ("enrolled", "dropped", "completed")
ROSTER_CREDIT_TYPES = ("college", "dual")


@dataclass(frozen=True)
class SectionKey:
    """A college section as a roster names it."""

    college_code: str
    term_code: str
    course_code: str
    section_code: str

    def __str__(self) -> str:
        return f"{self.college_code}/{self.term_code}/{self.course_code}/{self.section_code}"


@dataclass(frozen=True)
class RosterEntry:
    """One student's place in one section, as the college reports it."""

    student_id: int
    section_id: int
    status: str
    grade: str
    units: Decimal
    credit_type: str


def roster_keys_resolve(
    *, state_student_ids: Iterable[str], sections: Iterable[SectionKey]
) -> tuple[dict[str, int], dict[SectionKey, int]]:
    """Primary keys of the students (by state student ID) and sections (by college, term, course
    and section codes) that exist; unknown ones are simply absent. Identifiers only: no student
    record leaves this function."""
    from openpathways.catalog.models import Section
    from openpathways.students.models import Student

    ssids = sorted(set(state_student_ids))
    students: dict[str, int] = {}
    for start in range(0, len(ssids), 900):
        matched = Student.objects.filter(state_student_id__in=ssids[start : start + 900])
        students.update(matched.values_list("state_student_id", "pk"))
    keys = sorted(set(sections), key=str)
    found: dict[SectionKey, int] = {}
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        query = Q()
        for k in chunk:
            query |= Q(
                course__provider_org__code=k.college_code,
                term__code=k.term_code,
                course__code=k.course_code,
                code=k.section_code,
            )
        rows = Section.objects.filter(query).values_list(
            "pk", "course__provider_org__code", "term__code", "course__code", "code"
        )
        for pk, college, term, course, section in rows:
            found.setdefault(SectionKey(college, term, course, section), pk)
    return students, found


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(actor.get_username())


def course_enrollment_roster_apply(
    *, actor: Any, entries: Sequence[RosterEntry], source: str = ""
) -> dict[str, int]:
    """Create or update the enrollments a college roster reports, in one transaction.

    Units attempted are the roster's units; units earned are the same units when the enrollment
    is completed with a passing grade (A+ to D-, or P), else 0. Each grade that changes writes a
    GradeChange row. Returns counts: created, updated, unchanged and grade_changes.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0, "grade_changes": 0}
    if not entries:
        return counts
    now = timezone.now()
    actor_row = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        pairs = {(e.student_id, e.section_id) for e in entries}
        existing: dict[tuple[int, int], CourseEnrollment] = {}
        student_ids = sorted({e.student_id for e in entries})
        for start in range(0, len(student_ids), 900):
            rows = CourseEnrollment.objects.select_for_update().filter(
                student_id__in=student_ids[start : start + 900],
                section_id__in={e.section_id for e in entries},
            )
            for row in rows:
                if (row.student_id, row.section_id) in pairs:
                    existing[(row.student_id, row.section_id)] = row
        from openpathways.catalog.models import Section

        term_ends = dict(
            Section.objects.filter(pk__in={e.section_id for e in entries}).values_list(
                "pk", "term__end_date"
            )
        )
        changes: list[tuple[CourseEnrollment, str, str]] = []
        for entry in entries:
            earned = (
                entry.units
                if entry.status == "completed" and entry.grade in UNIT_EARNING_GRADES
                else Decimal(0)
            )
            values = {
                "status": entry.status,
                "grade": entry.grade,
                "units_attempted": entry.units,
                "units_earned": earned,
                "credit_type": entry.credit_type,
                "completed_on": term_ends.get(entry.section_id)
                if entry.status == "completed"
                else None,
            }
            enrollment = existing.get((entry.student_id, entry.section_id))
            if enrollment is None:
                enrollment = CourseEnrollment.objects.create(
                    student_id=entry.student_id, section_id=entry.section_id, **values
                )
                counts["created"] += 1
                action = "enrollments.roster_created"
                if entry.grade:
                    changes.append((enrollment, "", entry.grade))
            else:
                old_grade = enrollment.grade
                changed = [k for k, v in values.items() if getattr(enrollment, k) != v]
                if not changed:
                    counts["unchanged"] += 1
                    continue
                for k in changed:
                    setattr(enrollment, k, values[k])
                enrollment.save(update_fields=[*changed, "updated_at"])
                counts["updated"] += 1
                action = "enrollments.roster_updated"
                if old_grade != entry.grade:
                    changes.append((enrollment, old_grade, entry.grade))
            audit_record(
                actor=actor,
                action=action,
                obj=enrollment,
                student_id=entry.student_id,
                purpose="college roster",
                channel="import",
                details={"source": source, "status": entry.status, "grade": entry.grade},
            )
        GradeChange.objects.bulk_create(
            [
                GradeChange(
                    enrollment=enrollment,
                    old_grade=old,
                    new_grade=new,
                    changed_at=now,
                    actor=actor_row,
                    actor_label=_actor_label(actor),
                    source=source[:300],
                )
                for enrollment, old, new in changes
            ]
        )
        for enrollment, old, new in changes:
            if old:
                audit_record(
                    actor=actor,
                    action="enrollments.grade_corrected",
                    obj=enrollment,
                    student_id=enrollment.student_id,
                    purpose="college roster",
                    channel="import",
                    details={"source": source, "old": old, "new": new},
                )
        counts["grade_changes"] = len(changes)
    return counts


#: The credit a registration gives before the college roster says otherwise: CCAP and special
#: admission are dual credit (college and high school, as the college roster reports them);
#: adult-education classes give high-school elective credit.
REGISTRATION_CREDIT_TYPES = {"ccap": "dual", "special-admit": "dual", "adult-ed": "high_school"}
#: Enrollment statuses that hold the seat.
_HOLDS_SEAT = ("enrolled", "completed")


def course_enrollment_register(
    *, actor: Any, student_id: int, section_id: int, program: str, application_id: int
) -> CourseEnrollment:
    """The enrollment a registered application gives (called inside the application's
    transaction), so the passport and roster reconciliation see it before the college roster
    arrives: status enrolled, units attempted from the course, credit type by program. A row the
    college already reported as enrolled or completed is kept as it is (the roster is the
    record); a dropped or withdrawn one is enrolled again. The college roster later updates this
    same row (one row per student and section)."""
    from openpathways.catalog.models import Section

    section = Section.objects.select_related("course").get(pk=section_id)
    values = {
        "status": "enrolled",
        "grade": "",
        "units_attempted": section.course.units,
        "units_earned": Decimal(0),
        "credit_type": REGISTRATION_CREDIT_TYPES.get(program, "dual"),
        "completed_on": None,
    }
    enrollment = (
        CourseEnrollment.objects.select_for_update()
        .filter(student_id=student_id, section_id=section_id)
        .first()
    )
    if enrollment is not None and enrollment.status in _HOLDS_SEAT:
        return enrollment
    if enrollment is None:
        enrollment = CourseEnrollment.objects.create(
            student_id=student_id, section_id=section_id, **values
        )
        action = "enrollments.registered"
    else:
        for key, value in values.items():
            setattr(enrollment, key, value)
        enrollment.save(update_fields=[*values, "updated_at"])
        action = "enrollments.reregistered"
    audit_record(
        actor=actor, action=action, obj=enrollment, student_id=student_id,
        details={"application_id": application_id, "program": program,
                 "units_attempted": str(values["units_attempted"]),
                 "credit_type": values["credit_type"]},
    )  # fmt: skip
    return enrollment


def course_enrollment_unregister(
    *, actor: Any, student_id: int, section_id: int, application_id: int
) -> CourseEnrollment | None:
    """A registered application that is dropped gives up its enrollment (called inside the
    application's transaction): an enrollment still `enrolled` without a grade becomes dropped,
    so it no longer holds a seat. A completed or graded one is the college's record and stays."""
    enrollment = (
        CourseEnrollment.objects.select_for_update()
        .filter(student_id=student_id, section_id=section_id, status="enrolled", grade="")
        .first()
    )
    if enrollment is None:
        return None
    enrollment.status = "dropped"
    enrollment.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="enrollments.registration_dropped", obj=enrollment,
        student_id=student_id, details={"application_id": application_id},
    )  # fmt: skip
    return enrollment
