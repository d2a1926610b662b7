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


#: Roles that see a student's reporting groups (race/ethnicity, EL, SED, disability, foster,
#: homeless): the district and school staff who report them, never partners or families.
REPORTING_GROUP_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.COUNSELOR})


class StudentAccessDenied(PermissionDenied):
    """The actor may not read this student's record (or any student records)."""


class StudentNotFound(StudentAccessDenied):
    """The student does not exist or lies outside the actor's scope (the two are not told apart,
    so a denial reveals nothing). Adapters answer 404; other denials answer 403."""


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


def student_scope(actor: Any) -> QuerySet[Student]:  # noqa: PLR0911 (one return per role)
    """Students the actor may see, unevaluated and unlogged. Only for functions of this module and
    for aggregate selectors that never return rows; everything else calls the logged functions."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Student.objects.none()
    if actor.is_superuser:
        return Student.objects.all()
    role, org_id = actor.role, actor.organization_id
    if role == Role.STUDENT:
        return (
            Student.objects.filter(pk=actor.student_id)
            if actor.student_id
            else Student.objects.none()
        )
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
    return bool(
        actor.is_superuser or actor.role in {r.value for r in Role} - {"analyst", "city_partner"}
    )


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
    qs = student_scope(actor).select_related("school", "counselor")
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
        raise StudentNotFound("No such student in your scope.")
    audit_record_student_reads(
        actor=actor, action="students.viewed", student_ids=[student.pk], purpose=purpose,
        channel=channel,
    )  # fmt: skip
    return student


def student_export(
    *, actor: Any, purpose: str, channel: str = "export", chunk_size: int = 2000
) -> Iterator[Student]:
    """Every student the actor may read, in chunks; each chunk is logged before it is yielded.

    The permission check runs when this is called (not at the first iteration), so an adapter can
    refuse before it starts streaming a response."""
    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    qs = student_scope(actor).select_related("school", "counselor").order_by("pk")

    def chunks() -> Iterator[Student]:
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

    return chunks()


#: Columns of the student CSV export (the web page and the API share them).
EXPORT_HEADER = [
    "state_student_id",
    "local_id",
    "last_name",
    "first_name",
    "school",
    "school_cds_code",
    "grade",
    "graduation_cohort",
    "counselor",
    "status",
]


def _csv_cell(value: Any) -> str:
    """Neutralise spreadsheet formulas (CSV injection): text starting with = + - @ gets a quote."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def student_export_rows(
    *, actor: Any, purpose: str, channel: str = "export"
) -> Iterator[list[str]]:
    """The header then one row of text cells per student the actor may read (see student_export:
    refused at call time, each chunk logged before it is yielded)."""
    from openpathways.organizations.models import School

    students = student_export(actor=actor, purpose=purpose, channel=channel)
    cds_by_org = dict(School.objects.values_list("organization_id", "cds_code"))

    def rows() -> Iterator[list[str]]:
        yield list(EXPORT_HEADER)
        for s in students:
            counselor = ""
            if s.counselor is not None:
                counselor = s.counselor.get_full_name() or s.counselor.get_username()
            values = (
                s.state_student_id, s.local_id, s.last_name, s.first_name, s.school.name,
                cds_by_org.get(s.school_id, s.school.code), s.grade, s.graduation_cohort,
                counselor, s.status,
            )  # fmt: skip
            yield [_csv_cell(v) for v in values]

    return rows()


def can_read_disclosure_log(actor: Any) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.role in DISCLOSURE_LOG_ROLES)


@dataclass(frozen=True)
class DisclosureLog:
    student: Student
    events: list[Any]  # AuditEvent rows, newest first


def student_disclosure_log_get(
    *, actor: Any, student_id: int, channel: str = "web", limit: int = 500
) -> DisclosureLog:
    """Who read or changed this student's records, newest first (authorised staff only). Reading
    the log is itself a read of the record and is logged (before the log is listed)."""
    if not can_read_disclosure_log(actor):
        raise StudentAccessDenied("Only authorised staff may see a disclosure log.")
    student = student_get(
        actor=actor, student_id=student_id, purpose="disclosure log review", channel=channel
    )
    from openpathways.audit.selectors import audit_event_list

    return DisclosureLog(
        student=student, events=list(audit_event_list(student_id=student.pk)[:limit])
    )


def student_disclosure_log(
    *, actor: Any, student_id: int, channel: str = "web", limit: int = 500
) -> list[Any]:
    """The events of `student_disclosure_log_get` alone."""
    return student_disclosure_log_get(
        actor=actor, student_id=student_id, channel=channel, limit=limit
    ).events


@dataclass(frozen=True)
class StudentRecord:
    """A student with the related rows the actor may see, read in one logged call."""

    student: Student
    guardians: list[Any]  # StudentGuardian rows with their guardian
    enrollments: list[Any]  # CourseEnrollment rows with section, course and term
    applications: list[Any]
    consents: list[Any]
    credentials: list[Any]
    placements: list[Any]
    show_reporting_groups: bool
    show_disclosure_log: bool
    #: True when college course records were left out: a guardian without the student's written
    #: release of college records (college policy, FERPA).
    college_records_withheld: bool
    #: True for an employer, who sees the profile and its own placements only.
    placements_only: bool = False


def _college_records_released(student_id: int) -> bool:
    from openpathways.consents.models import Consent, ConsentKind, ConsentStatus

    return Consent.objects.filter(
        student_id=student_id,
        kind=ConsentKind.COLLEGE_RECORDS_RELEASE,
        status=ConsentStatus.GRANTED,
    ).exists()


def student_record_get(*, actor: Any, student_id: int, purpose: str, channel: str) -> StudentRecord:
    """One student's full record as the actor may see it, logged once as `students.viewed`.

    What each role sees beyond the profile:
    - district and school staff, counselors: everything, reporting groups included;
    - college and adult-education staff, the student: everything but reporting groups;
    - a guardian: no college course records unless the student released them in writing;
    - an employer: only the student's placements with that employer (minimum necessary).
    """
    from openpathways.applications.models import Application
    from openpathways.consents.models import Consent
    from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
    from openpathways.students.models import StudentGuardian
    from openpathways.wbl.models import Placement

    student = student_get(actor=actor, student_id=student_id, purpose=purpose, channel=channel)
    role = "" if actor.is_superuser else actor.role
    staff = actor.is_superuser or role in REPORTING_GROUP_ROLES
    placements = Placement.objects.filter(student=student).select_related(
        "opportunity__employer", "supervisor"
    )
    if role == Role.EMPLOYER:
        placements = placements.filter(opportunity__employer_id=actor.organization_id)
        return StudentRecord(
            student=student, guardians=[], enrollments=[], applications=[], consents=[],
            credentials=[], placements=list(placements.order_by("-start_date", "pk")),
            show_reporting_groups=False, show_disclosure_log=False,
            college_records_withheld=False, placements_only=True,
        )  # fmt: skip
    enrollments = CourseEnrollment.objects.filter(student=student).select_related(
        "section__course", "section__term"
    )
    withheld = False
    if role == Role.GUARDIAN and not _college_records_released(student.pk):
        withheld = enrollments.filter(section__course__provider="college").exists()
        enrollments = enrollments.exclude(section__course__provider="college")
    applications = Application.objects.filter(student=student).select_related(
        "section__course", "opportunity", "term"
    )
    if withheld:
        applications = applications.exclude(section__course__provider="college")
    return StudentRecord(
        student=student,
        guardians=list(
            StudentGuardian.objects.filter(student=student)
            .select_related("guardian")
            .order_by("guardian__last_name", "guardian__first_name")
        ),
        enrollments=list(
            enrollments.order_by("-section__term__start_date", "section__course__code")
        ),
        applications=list(applications.order_by("-created_at", "-pk")),
        consents=list(
            Consent.objects.filter(student=student)
            .select_related("guardian")
            .order_by("-granted_at")
        ),
        credentials=list(
            CredentialEarned.objects.filter(student=student)
            .select_related("issuer")
            .order_by("-earned_on")
        ),
        placements=list(placements.order_by("-start_date", "pk")),
        show_reporting_groups=staff,
        show_disclosure_log=can_read_disclosure_log(actor),
        college_records_withheld=withheld,
    )


def student_school_options(actor: Any) -> list[Any]:
    """The schools of the students the actor may see (for a filter menu; no student rows)."""
    from openpathways.organizations.models import Organization

    if not can_read_student_records(actor):
        return []
    school_ids = student_scope(actor).values("school_id")
    return list(Organization.objects.filter(pk__in=school_ids).order_by("name"))


#: Course providers whose sections are partner offerings (a high school's own classes, known
#: from its OneRoster roster, have provider "school").
PARTNER_PROVIDERS = ("college", "adult_ed")


def course_enrollment_export(
    *,
    actor: Any,
    purpose: str,
    academic_year: int | None = None,
    channel: str = "export",
    providers: tuple[str, ...] = PARTNER_PROVIDERS,
) -> list[Any]:
    """Course enrollments (dual-enrollment and adult-education sections, or the courses of
    `providers`) of the students the actor may read, in sections of one academic year when
    given, with the student, the student's school, the section, course, provider and term
    loaded. Each student is logged once as exported (for state reporting extracts such as
    CALPADS CRSE/SCSE)."""
    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    from openpathways.enrollments.models import CourseEnrollment

    qs = CourseEnrollment.objects.filter(
        student__in=student_scope(actor).values("pk"), section__course__provider__in=providers
    )
    if academic_year is not None:
        qs = qs.filter(section__term__academic_year=academic_year)
    qs = qs.select_related(
        "student", "student__school", "section", "section__course",
        "section__course__provider_org", "section__term", "section__host_site",
    )  # fmt: skip
    order = ("student__state_student_id", "section__term__start_date", "section__course__code")
    rows = list(qs.order_by(*order, "section__code"))
    audit_record_student_reads(
        actor=actor, action="students.exported",
        student_ids=sorted({r.student_id for r in rows}), purpose=purpose, channel=channel,
    )  # fmt: skip
    return rows


def wbl_placement_export(
    *, actor: Any, purpose: str, academic_year: int, channel: str = "export"
) -> list[Any]:
    """Work-based-learning placements of the students the actor may read that count in one
    academic year (July 1 to June 30): placements with employer-confirmed hours worked in the
    year, and placements completed in the year. Each placement carries `confirmed_hours` (the sum
    of confirmed hours worked in the year). Each student is logged once as exported."""
    import datetime as dt

    from django.db.models import Sum

    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    from openpathways.wbl.models import Placement

    start, end = dt.date(academic_year, 7, 1), dt.date(academic_year + 1, 6, 30)
    in_year = Q(hours__confirmed_at__isnull=False, hours__worked_on__range=(start, end))
    qs = (
        Placement.objects.filter(student__in=student_scope(actor).values("pk"))
        .annotate(confirmed_hours=Sum("hours__hours", filter=in_year))
        .filter(Q(confirmed_hours__gt=0) | Q(status="completed", end_date__range=(start, end)))
        .select_related("student", "student__school", "opportunity", "opportunity__employer")
        .order_by("student__state_student_id", "opportunity__title", "pk")
    )
    rows = list(qs)
    audit_record_student_reads(
        actor=actor, action="students.exported",
        student_ids=sorted({r.student_id for r in rows}), purpose=purpose, channel=channel,
    )  # fmt: skip
    return rows


def partner_course_enrollment_export(
    *, actor: Any, purpose: str, channel: str = "export"
) -> list[Any]:
    """Enrollments in dual-enrollment (college) and adult-education sections of the students the
    actor may read, with student, school, section, course, provider, term and host site loaded,
    for rostering exports such as OneRoster. High schools' own classes are left out. Each
    student is logged once as exported."""
    if not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only, never student rows.")
    from openpathways.enrollments.models import CourseEnrollment

    qs = CourseEnrollment.objects.filter(
        student__in=student_scope(actor).values("pk"),
        section__course__provider__in=("college", "adult_ed"),
    ).select_related(
        "student", "student__school", "section", "section__course",
        "section__course__provider_org", "section__term", "section__term__institution",
        "section__host_site",
    )  # fmt: skip
    rows = list(qs.order_by("section__course__code", "section__code", "student__state_student_id"))
    audit_record_student_reads(
        actor=actor, action="students.exported",
        student_ids=sorted({r.student_id for r in rows}), purpose=purpose, channel=channel,
    )  # fmt: skip
    return rows
