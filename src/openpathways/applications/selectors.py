"""Reads of applications, scoped by role and logged per student (the disclosure log).

- students, guardians, school staff: the applications of the students they may see
  (`openpathways.students.access.student_scope`); a guardian sees college applications only when
  the student released college records (FERPA);
- college and adult-education staff: the applications to their organization's sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from openpathways.accounts.models import Role
from openpathways.applications import transitions as tt
from openpathways.applications.models import Application, ApplicationStatus, CounselingSession
from openpathways.audit.services import audit_record_student_reads
from openpathways.catalog.models import Section
from openpathways.consents.models import Consent, ConsentKind, ConsentLink, ConsentStatus
from openpathways.students import access

PROVIDER_ROLES = (Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF)

#: Named work queues (the `queue` filter of the list): which statuses each shows.
QUEUES: dict[str, tuple[str, ...]] = {
    "recommendation": (tt.ELIGIBILITY_CHECKED,),
    "consent": (tt.RECOMMENDED, tt.HELD),
    "review": (tt.CONSENTED,),
    "registration": (tt.APPROVED,),
    "open": (tt.REQUESTED, tt.ELIGIBILITY_CHECKED, tt.RECOMMENDED, tt.CONSENTED, tt.APPROVED,
             tt.HELD),
    "closed": (tt.REGISTERED, tt.DENIED, tt.WITHDRAWN, tt.DROPPED),
}  # fmt: skip

STATUS_LABELS = dict(ApplicationStatus.choices)


def _provider_q(org_id: int) -> Q:
    return (
        Q(section__course__provider_org_id=org_id)
        | Q(section__course__provider_org__parent_id=org_id)
        | Q(section__course__provider_org__parent__parent_id=org_id)
    )


def application_scope(actor: Any) -> QuerySet[Application]:
    """Applications the actor may see (unevaluated, unlogged: for this module's functions)."""
    if not access.can_read_student_records(actor):
        return Application.objects.none()
    qs = Application.objects.all()
    if actor.is_superuser:
        return qs
    if actor.role in PROVIDER_ROLES:
        if actor.organization_id is None:
            return Application.objects.none()
        return qs.filter(_provider_q(actor.organization_id))
    if actor.role == Role.EMPLOYER:
        return Application.objects.none()
    qs = qs.filter(student__in=access.student_scope(actor).values("pk"))
    if actor.role == Role.GUARDIAN:
        released = Consent.objects.filter(
            kind=ConsentKind.COLLEGE_RECORDS_RELEASE, status=ConsentStatus.GRANTED
        ).values("student_id")
        qs = qs.filter(~Q(section__course__provider="college") | Q(student__in=released))
    return qs


#: Who works one student's journey page (consent links, paper forms, the counseling session).
JOURNEY_STAFF_ROLES = frozenset({Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN})


def can_manage_student_journey(actor: Any) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.role in JOURNEY_STAFF_ROLES)


def application_ids_visible(*, actor: Any, application_ids: list[int]) -> set[int]:
    """Which of these applications the actor may open in the journey (ids only: nothing about
    the student is read, so nothing is logged)."""
    if not application_ids:
        return set()
    return set(application_scope(actor).filter(pk__in=application_ids).values_list("pk", flat=True))


def _related(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related(
        "student", "student__school", "section", "section__course",
        "section__course__provider_org", "section__term", "section__host_site", "consent",
        "recommendation", "recommendation__recommender", "counseling_session",
    )  # fmt: skip


@dataclass(frozen=True)
class ApplicationPage:
    items: list[Application]
    total: int
    offset: int
    limit: int


def application_list(
    *,
    actor: Any,
    purpose: str,
    channel: str,
    status: str = "",
    queue: str = "",
    student_id: int | None = None,
    section_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
) -> ApplicationPage:
    """A page of the applications the actor may see, newest first; each student shown is
    logged as read."""
    if not access.can_read_student_records(actor):
        raise access.StudentAccessDenied("This role sees aggregates only, never student rows.")
    qs = application_scope(actor)
    if status:
        qs = qs.filter(status=status)
    if queue:
        qs = qs.filter(status__in=QUEUES.get(queue, ()))
    if student_id is not None:
        qs = qs.filter(student_id=student_id)
    if section_id is not None:
        qs = qs.filter(section_id=section_id)
    total = qs.count()
    items = list(_related(qs).order_by("-updated_at", "-pk")[offset : offset + limit])
    audit_record_student_reads(
        actor=actor, action="applications.listed",
        student_ids=sorted({a.student_id for a in items}), purpose=purpose, channel=channel,
    )  # fmt: skip
    return ApplicationPage(items=items, total=total, offset=offset, limit=limit)


def application_get(*, actor: Any, application_id: int, purpose: str, channel: str) -> Application:
    """One application with its history (events with their actors), logged as a read.
    Raises StudentNotFound when it does not exist or lies outside the actor's scope."""
    if not access.can_read_student_records(actor):
        raise access.StudentAccessDenied("This role sees aggregates only, never student rows.")
    app = (
        _related(application_scope(actor))
        .prefetch_related("events", "events__actor")
        .filter(pk=application_id)
        .first()
    )
    if app is None:
        raise access.StudentNotFound("No such application in your scope.")
    audit_record_student_reads(
        actor=actor, action="applications.viewed", student_ids=[app.student_id],
        purpose=purpose, channel=channel, details={"application_id": app.pk},
    )  # fmt: skip
    return app


def application_eligibility_rules(app: Application, lang: str) -> list[dict[str, Any]]:
    """The stored decision's rules in a language (message, source, passed)."""
    data = app.eligibility or {}
    key = "message_es" if lang == "es" else "message_en"
    return [
        {
            "id": r["id"],
            "passed": r["passed"],
            "status": r["status"],
            "source": r["source"],
            "message": r.get(key) or r.get("message", ""),
            "severity": r.get("severity", ""),
        }
        for r in data.get("rules", [])
    ]


@dataclass(frozen=True)
class SectionSummary:
    id: int
    course_code: str
    title: str
    title_es: str
    units: Any
    term: str
    provider: str
    provider_kind: str
    host_site: str
    schedule: str
    meeting_days: str
    start_time: Any
    end_time: Any
    modality: str
    status: str
    capacity: int


def section_summary_get(*, section_id: int) -> SectionSummary | None:
    """The public facts of a section shown on the application page (no student data)."""
    s = (
        Section.objects.select_related("course", "course__provider_org", "term", "host_site")
        .filter(pk=section_id)
        .first()
    )
    if s is None:
        return None
    return SectionSummary(
        id=s.pk, course_code=s.course.code, title=s.course.title,
        title_es=s.course.title_es or s.course.title, units=s.course.units, term=s.term.name,
        provider=s.course.provider_org.name, provider_kind=s.course.provider,
        host_site=s.host_site.name, schedule=s.get_schedule_display(),
        meeting_days=s.meeting_days, start_time=s.start_time, end_time=s.end_time,
        modality=s.get_modality_display(), status=s.status, capacity=s.capacity,
    )  # fmt: skip


@dataclass(frozen=True)
class StudentJourney:
    record: access.StudentRecord
    counseling_session: CounselingSession | None
    links: list[ConsentLink]
    applications: list[Application]


def student_journey_get(*, actor: Any, student_id: int, channel: str) -> StudentJourney:
    """A student's journey for school staff: the record (logged once by the access layer), the
    counseling session, the consent links sent and the applications with their history."""
    record = access.student_record_get(
        actor=actor, student_id=student_id, purpose="enrollment journey", channel=channel
    )
    apps = list(
        _related(application_scope(actor).filter(student_id=student_id))
        .prefetch_related("events")
        .order_by("-created_at", "-pk")
    )
    return StudentJourney(
        record=record,
        counseling_session=CounselingSession.objects.filter(student_id=student_id).first(),
        links=list(
            ConsentLink.objects.filter(student_id=student_id)
            .select_related("guardian")
            .order_by("-issued_at")[:20]
        ),
        applications=apps,
    )


@dataclass(frozen=True)
class PermitSignature:
    role: str
    name: str
    when: str
    method: str


@dataclass(frozen=True)
class PermitData:
    application_id: int
    student_name: str
    state_student_id: str
    grade: int
    school: str
    course: str
    section: str
    units: str
    term: str
    provider: str
    program: str
    status: str
    eligibility: str
    rule_pack: str
    signatures: list[PermitSignature]
    consent_disclosure: str


def _when(value: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def application_permit_get(*, actor: Any, application_id: int, channel: str) -> PermitData:
    """Everything the Concurrent Enrollment Permit prints, read once and logged."""
    app = application_get(
        actor=actor, application_id=application_id, purpose="concurrent enrollment permit",
        channel=channel,
    )  # fmt: skip
    events = list(app.events.all())
    first: dict[str, Any] = {}
    for e in events:
        first.setdefault(e.to_status, e)
    signatures: list[PermitSignature] = []

    def person(user: Any, fallback: str) -> str:
        return str(user.get_full_name() or user.get_username()) if user else fallback

    req = first.get(tt.REQUESTED)
    if req is not None:
        signatures.append(PermitSignature(
            "Student request" if req.actor_role == tt.STUDENT else "Request (school staff)",
            person(req.actor, app.student.full_name), _when(req.at), "online",
        ))  # fmt: skip
    if app.recommendation is not None:
        rec = app.recommendation
        signatures.append(PermitSignature(
            f"Recommendation ({rec.recommender_title or 'principal or designee'})",
            person(rec.recommender, "school staff"), _when(rec.at), "online",
        ))  # fmt: skip
    if app.counseling_session is not None:
        cs = app.counseling_session
        signatures.append(PermitSignature(
            "Counseling session (EC 52500.1)", f"{cs.staff_name}; parent {cs.parent_name}",
            cs.held_on.isoformat(), "written record",
        ))  # fmt: skip
    if app.consent is not None:
        c = app.consent
        signatures.append(PermitSignature(
            "Parent/guardian consent", c.typed_name, _when(c.granted_at),
            f"{c.get_method_display()}; disclosure {c.disclosure_version} ({c.language})"
            + ("; REVOKED " + _when(c.revoked_at) if c.status == ConsentStatus.REVOKED else ""),
        ))  # fmt: skip
    s = app.section
    assert s is not None
    appr = first.get(tt.APPROVED)
    if appr is not None:
        signatures.append(PermitSignature(
            "College approval", person(appr.actor, s.course.provider_org.name),
            _when(appr.at), "online",
        ))  # fmt: skip
    reg = first.get(tt.REGISTERED)
    if reg is not None:
        signatures.append(PermitSignature(
            "Registration", person(reg.actor, ""), _when(reg.at), "online"
        ))  # fmt: skip
    return PermitData(
        application_id=app.pk, student_name=app.student.full_name,
        state_student_id=app.student.state_student_id, grade=app.student.grade,
        school=app.student.school.name, course=f"{s.course.code} {s.course.title}",
        section=s.code, units=f"{s.course.units}", term=s.term.name,
        provider=s.course.provider_org.name, program=app.get_program_display(),
        status=app.get_status_display(), eligibility=app.eligibility_decision,
        rule_pack=app.rule_pack, signatures=signatures,
        consent_disclosure=app.consent.disclosure_version if app.consent else "",
    )  # fmt: skip
