"""The application journey: request -> eligibility check -> recommendation -> consent -> review
-> registered; withdraw, drop, deny with a reason; on hold when consent is revoked.

Every transition goes through `_transition`, which enforces the table of
`openpathways.applications.transitions` (from which status, by whom), writes an ApplicationEvent
(actor, time, note) and an audit event `applications.<verb>` in the caller's transaction, and
queues the notifications for after the commit.

Cadence (per agreement):
- CCAP (EC 76004): one recommendation and one consent for the whole participation: a later
  application reuses them, and the skipped steps are recorded with the reason.
- Special admit (EC 76001): a supplementary application each term, with a recommendation for the
  term; the consent (once for all of high school, Title 5 2023) is reused.
- Adult education (EC 52500.1): the counseling session is recorded once and stands in for the
  recommendation step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.agreements.models import AgreementStatus, CcapAgreement
from openpathways.applications import transitions as T  # noqa: N812 (the table, read as T.X)
from openpathways.applications.models import (
    Application,
    ApplicationEvent,
    CounselingSession,
    Program,
    Recommendation,
    RecommendationDecision,
)
from openpathways.audit.services import audit_record
from openpathways.catalog.models import Provider, Section, SectionStatus
from openpathways.consents.models import ConsentKind
from openpathways.enrollments.models import CourseEnrollment, EnrollmentStatus
from openpathways.enrollments.services import (
    course_enrollment_register,
    course_enrollment_unregister,
)
from openpathways.notifications.services import Recipient, notify
from openpathways.organizations.models import OrganizationKind
from openpathways.students.access import student_scope
from openpathways.students.models import Student, StudentGuardian

CONSENT_KIND = {
    Program.CCAP: ConsentKind.DUAL_ENROLLMENT,
    Program.SPECIAL_ADMIT: ConsentKind.DUAL_ENROLLMENT,
    Program.ADULT_ED: ConsentKind.ADULT_ED,
}
#: Applications that hold a place (count toward units this term and the section's seats).
COUNTED = (T.APPROVED, T.REGISTERED)
ROLE_OF = {
    Role.STUDENT: T.STUDENT,
    Role.GUARDIAN: T.GUARDIAN,
    Role.COUNSELOR: T.COUNSELOR,
    Role.SCHOOL_ADMIN: T.SCHOOL_ADMIN,
    Role.COLLEGE_STAFF: T.COLLEGE_STAFF,
    Role.ADULT_ED_STAFF: T.ADULT_ED_STAFF,
}
SUPERUSER = "superuser"


class ApplicationError(ValidationError):
    """Bad input or a state that forbids the step; the message is translated, `code` is stable."""


class TransitionNotAllowed(PermissionDenied):
    """This actor may not make this transition from the application's status."""


@dataclass(frozen=True)
class RequestResult:
    application: Application
    created: bool


# --------------------------------------------------------------------------- actors and scope


def actor_role(actor: Any) -> str:
    """The transition-table actor for a user (`system` for no user)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return T.SYSTEM
    if actor.is_superuser:
        return SUPERUSER
    return ROLE_OF.get(actor.role, "")


def _org_ids_below(org_id: int) -> Q:
    return (
        Q(section__course__provider_org_id=org_id)
        | Q(section__course__provider_org__parent_id=org_id)
        | Q(section__course__provider_org__parent__parent_id=org_id)
    )


def _in_scope(actor: Any, app: Application) -> bool:
    role = actor_role(actor)
    if role in (T.SYSTEM, SUPERUSER):
        return True
    if role in T.PROVIDER:
        return Application.objects.filter(_org_ids_below(actor.organization_id), pk=app.pk).exists()
    return student_scope(actor).filter(pk=app.student_id).exists()


def _allowed(verb: str, app: Application, role: str) -> bool:
    if role == SUPERUSER:
        t = T.TRANSITIONS[verb]
        return app.status in t.sources and bool(t.actors - {T.SYSTEM})
    return T.allowed(verb, source=app.status, actor=role)


def application_actions(*, actor: Any, application: Application) -> list[str]:
    """The transitions the actor may make on this application now (for pages and the API)."""
    role = actor_role(actor)
    if role == T.SYSTEM or not _in_scope(actor, application):
        return []
    return [v for v in T.TRANSITIONS if _allowed(v, application, role)]


# --------------------------------------------------------------------------- notifications


def _site_url() -> str:
    from django.conf import settings

    return str(getattr(settings, "OPENPATHWAYS_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _course_title(section: Section | None) -> dict[str, str]:
    if section is None:
        return {"en": "", "es": ""}
    c = section.course
    return {"en": f"{c.code} {c.title}", "es": f"{c.code} {c.title_es or c.title}"}


def _recipients(app: Application, kinds: tuple[str, ...]) -> list[Recipient]:
    from django.contrib.auth import get_user_model

    student = app.student
    out: list[Recipient] = []
    if "student" in kinds:
        user = get_user_model().objects.filter(student=student, is_active=True).first()
        if user is not None and user.email:
            out.append(Recipient("student", user.email, student.preferred_language, user.pk))
    if "guardian" in kinds:
        for pair in StudentGuardian.objects.filter(
            student=student, educational_rights=True
        ).select_related("guardian"):
            g = pair.guardian
            if g.email:
                out.append(Recipient("guardian", g.email, g.preferred_language or "en"))
    if "counselor" in kinds and student.counselor is not None and student.counselor.email:
        c = student.counselor
        out.append(Recipient("counselor", c.email, c.preferred_language or "en", c.pk))
    if "college_staff" in kinds and app.section is not None:
        role = (
            Role.ADULT_ED_STAFF if app.section.course.provider == Provider.ADULT_ED
            else Role.COLLEGE_STAFF
        )  # fmt: skip
        org = app.section.course.provider_org
        staff = get_user_model().objects.filter(
            Q(organization=org) | Q(organization_id=org.parent_id), role=role, is_active=True
        )
        out += [
            Recipient("college_staff", u.email, u.preferred_language or "en", u.pk)
            for u in staff
            if u.email
        ]
    return out


NOTIFY: dict[str, tuple[str, tuple[str, ...]]] = {
    "requested": ("applications.requested", ("student", "counselor")),
    "recommended": ("applications.recommended", ("student",)),
    "consented": ("applications.consented", ("student", "college_staff")),
    "resumed": ("applications.consented", ("student", "college_staff")),
    "approved": ("applications.approved", ("student",)),
    "registered": ("applications.registered", ("student", "guardian", "counselor")),
    "denied": ("applications.denied", ("student", "counselor")),
    "withdrawn": ("applications.withdrawn", ("counselor",)),
    "dropped": ("applications.dropped", ("student", "counselor")),
    "held": ("applications.held", ("student", "counselor")),
    # seat control: the same notices as the human steps they stand for
    "seat_accepted": ("applications.registered", ("student", "guardian", "counselor")),
    "seat_dropped": ("applications.dropped", ("student", "counselor")),
}

NEXT_STEP = {
    T.REQUESTED: {"en": "eligibility check.", "es": "revisión de elegibilidad."},
    T.ELIGIBILITY_CHECKED: {
        "en": "your counselor's recommendation.",
        "es": "la recomendación de su consejero.",
    },
    T.RECOMMENDED: {
        "en": "your parent or guardian's consent (we sent them a link).",
        "es": "el consentimiento de su padre, madre o tutor (le enviamos un enlace).",
    },
    T.CONSENTED: {"en": "review by the college.", "es": "revisión por el colegio."},
    T.APPROVED: {"en": "registration.", "es": "inscripción."},
}


def _notify(app: Application, verb: str, reason: Any) -> None:
    if verb not in NOTIFY:
        return
    event, kinds = NOTIFY[verb]
    provider = app.section.course.provider_org.name if app.section else ""
    student = app.student
    context = {
        "student": student.full_name,
        "school": student.school.name,
        "course": _course_title(app.section),
        "term": app.section.term.name if app.section else "",
        "provider": provider,
        "reason": reason or "",
        "next_step": NEXT_STEP.get(app.status, {"en": "", "es": ""}),
        "guardian": {"en": "family", "es": "familia"},
        "url": _site_url() + reverse("web:journey_detail", args=[app.pk]),
    }
    recipients = _recipients(app, kinds)
    if "guardian" in kinds:
        # The guardian's greeting uses their own name: one message each.
        for r in [r for r in recipients if r.kind == "guardian"]:
            g = StudentGuardian.objects.filter(student=student, guardian__email=r.email).first()
            notify(
                event=event, recipients=[r],
                context={**context, "guardian": g.guardian.first_name if g else ""},
                student_id=student.pk, application_id=app.pk,
            )  # fmt: skip
        recipients = [r for r in recipients if r.kind != "guardian"]
    notify(event=event, recipients=recipients, context=context, student_id=student.pk,
           application_id=app.pk)  # fmt: skip


# --------------------------------------------------------------------------- transitions


def _transition(
    app: Application,
    verb: str,
    *,
    actor: Any,
    note: str = "",
    reason: str = "",
    reason_text: Any = None,
    check: bool = True,
    notify_: bool = True,
) -> ApplicationEvent:
    """Make one transition of the table (inside the caller's transaction)."""
    t = T.transition_for(verb)
    role = actor_role(actor)
    if check:
        if role != T.SYSTEM and not _in_scope(actor, app):
            raise TransitionNotAllowed(_("No such application in your scope."))
        if not _allowed(verb, app, role):
            raise TransitionNotAllowed(
                _("You may not make this step (%(verb)s) on an application that is %(status)s.")
                % {"verb": verb, "status": app.get_status_display()}
            )
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise ApplicationError(_("Give a reason."), code="reason")
    source = app.status
    app.status = t.target
    fields = ["status", "updated_at"]
    if reason and t.target in (T.DENIED, T.DROPPED, T.WITHDRAWN, T.HELD):
        app.decision_reason = reason
        fields.append("decision_reason")
    app.save(update_fields=fields)
    text = " ".join(x for x in (reason, note.strip()) if x)
    event = ApplicationEvent.objects.create(
        application=app, from_status=source, to_status=t.target,
        actor=actor if role != T.SYSTEM else None, actor_role=role, verb=verb,
        at=timezone.now(), note=text,
    )  # fmt: skip
    audit_record(
        actor=actor, action=t.action, obj=app, student_id=app.student_id,
        details={"from": source, "to": t.target, "note": text, "actor_role": role},
    )  # fmt: skip
    if app.section_id is not None and t.target == T.REGISTERED:
        # The seat shows as an enrollment at once (the college roster later updates that row).
        course_enrollment_register(
            actor=actor, student_id=app.student_id, section_id=app.section_id,
            program=app.program, application_id=app.pk,
        )  # fmt: skip
    elif app.section_id is not None and source == T.REGISTERED and t.target in T.CLOSED:
        course_enrollment_unregister(
            actor=actor, student_id=app.student_id, section_id=app.section_id,
            application_id=app.pk,
        )  # fmt: skip
    if t.target in T.CLOSED and app.section_id is not None:
        # A closed application frees its seat and its waitlist place at once, in this
        # transaction (the application row is locked first, then the seat counter).
        from openpathways.seats.services import seat_release_for_application

        seat_release_for_application(
            actor=actor, student_id=app.student_id, section_id=app.section_id, reason=verb
        )
    if notify_:
        _notify(app, verb, reason_text if reason_text is not None else reason)
    return event


def application_seat_answered(
    *, actor: Any, application: Application, verb: str, note: str
) -> ApplicationEvent | None:
    """Move an application on a seat answer (called by openpathways.seats inside its transaction,
    the application row locked): `seat_accepted` registers an approved application,
    `seat_declined` withdraws it, `seat_dropped` drops a registered one. Made by `system` (the
    person who answered is in the note and in the seat's own audit event). Returns None when the
    application is not in the step's source status (nothing to move)."""
    if verb not in T.SEAT_VERBS:
        raise ValueError(f"not a seat transition: {verb!r}")
    t = T.TRANSITIONS[verb]
    if application.status not in t.sources:
        return None
    closes = t.target in T.CLOSED
    return _transition(
        application, verb, actor=None, reason=note if closes else "", note="" if closes else note
    )


def _locked(application_id: int) -> Application:
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("student", "student__school", "student__counselor", "section",
                        "section__course", "section__course__provider_org", "section__term")
        .filter(pk=application_id)
        .first()
    )  # fmt: skip
    if app is None:
        raise TransitionNotAllowed(_("No such application in your scope."))
    return app


# --------------------------------------------------------------------------- eligibility


def _program_for(student: Student, section: Section) -> tuple[str, CcapAgreement | None]:
    """Adult ed for adult-ed sections; CCAP when an active agreement of the student's school
    lists the course (the section's own agreement first); otherwise special admit."""
    if section.course.provider == Provider.ADULT_ED:
        return Program.ADULT_ED, None
    candidates = CcapAgreement.objects.filter(
        status=AgreementStatus.ACTIVE, courses=section.course
    ).filter(Q(schools=student.school) | Q(schools__isnull=True))
    if section.ccap_agreement_id:
        own = candidates.filter(pk=section.ccap_agreement_id).first()
        if own is not None:
            return Program.CCAP, own
    found = candidates.order_by("pk").first()
    if found is not None:
        return Program.CCAP, found
    return Program.SPECIAL_ADMIT, None


def _term_season(section: Section) -> str:
    term = section.term
    if term.kind == "summer" or term.start_date.month in (6, 7):
        return "summer"
    return "spring" if term.start_date.month <= 5 else "fall"


def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


DAYS = {"M": "mon", "T": "tue", "W": "wed", "R": "thu", "F": "fri", "S": "sat", "U": "sun"}


def _meetings(section: Section) -> list[dict[str, Any]] | None:
    start, end = _hhmm(section.start_time), _hhmm(section.end_time)
    if not (start and end and section.meeting_days) or start >= end:
        return None
    text = section.meeting_days.replace("Sa", "S").replace("Su", "U").replace("Th", "R")
    days = sorted({DAYS[c] for c in text if c in DAYS})
    if not days:
        return None
    return [{"days": days, "start": start, "end": end, "label": section.course.code}]


def _counted_sections(student: Student, section: Section, exclude_app: int | None) -> list[Section]:
    """Sections the student already has this term (registered/approved or enrolled), not this."""
    apps = Application.objects.filter(
        student=student, section__term=section.term, status__in=COUNTED
    ).exclude(section=section)
    if exclude_app:
        apps = apps.exclude(pk=exclude_app)
    ids = set(apps.values_list("section_id", flat=True))
    ids |= set(
        CourseEnrollment.objects.filter(
            student=student, section__term=section.term,
            status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED),
        ).exclude(section=section).values_list("section_id", flat=True)
    )  # fmt: skip
    return list(Section.objects.filter(pk__in=ids).select_related("course"))


def _summer_share(student: Student, section: Section, app_id: int | None) -> Decimal:
    grade_level = Student.objects.filter(school=student.school, grade=student.grade).count()
    recommended = set(
        Application.objects.filter(
            student__school=student.school, student__grade=student.grade,
            section__term__kind="summer",
            status__in=(T.RECOMMENDED, T.CONSENTED, T.APPROVED, T.REGISTERED),
        ).values_list("student_id", flat=True)
    )  # fmt: skip
    recommended.add(student.pk)
    return Decimal(len(recommended)) / Decimal(max(grade_level, 1))


def eligibility_request_build(app: Application) -> dict[str, Any]:
    """The rules-engine request for an application, built from the database (docs/rules.md)."""
    from openpathways.consents.services import consent_state

    student, section = app.student, app.section
    assert section is not None
    program = app.program
    kind = CONSENT_KIND.get(Program(program), ConsentKind.DUAL_ENROLLMENT)
    counted = _counted_sections(student, section, app.pk)
    college = section.course.provider != Provider.ADULT_ED
    other_meetings = [m for s in counted for m in (_meetings(s) or [])]
    completed = CourseEnrollment.objects.filter(
        student=student, status=EnrollmentStatus.COMPLETED,
        grade__in=("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P"),
    ).values_list("section__course__code", flat=True)  # fmt: skip
    agreement = _program_for(student, section)[1] if program == Program.CCAP else None
    at_school = (
        section.host_site.kind == OrganizationKind.SCHOOL and section.schedule == "school_day"
    )
    data: dict[str, Any] = {
        "student": {
            "grade": student.grade,
            "program": program,
            "consent": consent_state(student_id=student.pk, kind=kind),
            "counselor_recommendation": _recommendation_on_file(app) is not None,
            "counseling_session_recorded": CounselingSession.objects.filter(
                student=student
            ).exists(),
            "term_units_enrolled": float(sum((s.course.units for s in counted), Decimal(0)))
            if college
            else 0,
            "term_courses_enrolled": len(counted) if college else 0,
            "completed_courses": sorted(set(completed)),
        },
        "section": {
            "units": float(section.course.units),
            "term": _term_season(section),
            "provider": "college" if college else "adult-ed",
            "grades_allowed": [],
            "in_ccap_agreement": bool(
                agreement is not None and agreement.courses.filter(pk=section.course_id).exists()
            ),
            "high_school_only": section.high_school_only,
            "at_high_school_during_school_day": at_school,
            "course": section.course.code,
            "prerequisites": sorted(section.course.prerequisites.values_list("code", flat=True)),
        },
        "context": {},
    }
    meetings = _meetings(section)
    if meetings:
        data["section"]["meetings"] = meetings
        data["student"]["schedule"] = other_meetings
    if data["section"]["term"] == "summer" and college:
        data["context"]["summer_recommended_share"] = float(_summer_share(student, section, app.pk))
    return data


@lru_cache(maxsize=32)
def _pack(ref: str, on: dt.date) -> Any:
    from openpathways.rules import load_pack

    try:
        return load_pack(ref, on=on)
    except LookupError:
        return load_pack(ref)


def _evaluate(app: Application) -> Any:
    from openpathways.rules import DEFAULT_PACK, evaluate, parse_request

    ref = DEFAULT_PACK
    if app.program == Program.CCAP and app.section is not None:
        agreement = _program_for(app.student, app.section)[1]
        if agreement is not None and agreement.rule_pack:
            ref = agreement.rule_pack
    assert app.section is not None
    pack = _pack(ref, app.section.term.start_date)
    today = timezone.localdate()
    decision = evaluate(pack, parse_request(eligibility_request_build(app)), on=today)
    app.eligibility = decision.to_dict("en")
    app.eligibility_decision = decision.decision
    app.rule_pack = pack.ref
    app.rule_pack_digest = pack.digest
    app.eligibility_checked_at = timezone.now()
    app.save(
        update_fields=["eligibility", "eligibility_decision", "rule_pack", "rule_pack_digest",
                       "eligibility_checked_at", "updated_at"]
    )  # fmt: skip
    return decision


def _failed_reasons(decision: Any) -> dict[str, str]:
    return {
        lang: " ".join(f"{r.messages[lang]} ({r.source.code})" for r in decision.deciding)
        for lang in ("en", "es")
    }


# --------------------------------------------------------------------------- cadence


def _recommendation_on_file(app: Application) -> Recommendation | None:
    if app.program == Program.ADULT_ED or app.section is None:
        return None
    qs = Recommendation.objects.filter(
        student_id=app.student_id, program=app.program, decision=RecommendationDecision.RECOMMENDED
    )
    if app.program == Program.CCAP:
        agreement = _program_for(app.student, app.section)[1]
        qs = qs.filter(ccap_agreement=agreement, term__isnull=True)
    else:
        qs = qs.filter(term=app.section.term)
    return qs.order_by("-at", "-pk").first()


def _advance(app: Application) -> None:
    """Skip the steps the cadence says are already done, recording why."""
    from openpathways.consents.services import consent_current, consent_links_issue_for_application

    if app.status == T.ELIGIBILITY_CHECKED:
        if app.program == Program.ADULT_ED:
            session = CounselingSession.objects.filter(student_id=app.student_id).first()
            if session is not None:
                app.counseling_session = session
                app.save(update_fields=["counseling_session", "updated_at"])
                _transition(app, "recommended", actor=None, notify_=False, note=(
                    f"Step skipped: the counseling session (EC 52500.1) was recorded once, on "
                    f"{session.held_on.isoformat()}, with {session.staff_name} and "
                    f"{session.parent_name}."
                ))  # fmt: skip
        else:
            rec = _recommendation_on_file(app)
            if rec is not None:
                app.recommendation = rec
                app.save(update_fields=["recommendation", "updated_at"])
                scope = (
                    "for the whole CCAP participation (EC 76004)" if app.program == Program.CCAP
                    else f"for this term, {app.section.term.name} (EC 76001)"  # type: ignore[union-attr]
                )  # fmt: skip
                who = rec.recommender.get_full_name() if rec.recommender else "school staff"
                _transition(app, "recommended", actor=None, notify_=False, note=(
                    f"Step skipped: recommendation on file {scope}, given by {who} on "
                    f"{timezone.localtime(rec.at).date().isoformat()}."
                ))  # fmt: skip
    if app.status == T.RECOMMENDED:
        kind = CONSENT_KIND[Program(app.program)]
        consent = consent_current(student_id=app.student_id, kind=kind)
        from openpathways.consents.services import consent_state

        if consent is not None and consent_state(student_id=app.student_id, kind=kind) == (
            "granted"
        ):
            with translation.override("en"):  # history notes are kept in English
                method = str(consent.get_method_display())
            app.consent = consent
            app.save(update_fields=["consent", "updated_at"])
            _transition(app, "consented", actor=None, note=(
                f"Step skipped: consent on file for the whole of high school (Title 5, 2023), "
                f"given on {timezone.localtime(consent.granted_at).date().isoformat()} "
                f"({method}), valid through "
                f"{consent.valid_through.isoformat()}."
            ))  # fmt: skip
        else:
            consent_links_issue_for_application(student_id=app.student_id, kind=kind)


# --------------------------------------------------------------------------- the steps


def _student_for_request(actor: Any, student_id: int | None) -> Student:
    role = actor_role(actor)
    if role == T.STUDENT:
        if student_id not in (None, actor.student_id):
            raise TransitionNotAllowed(_("Students apply for themselves only."))
        student_id = actor.student_id
    elif role not in (T.COUNSELOR, T.SCHOOL_ADMIN, SUPERUSER):
        raise TransitionNotAllowed(_("Only a student or their school staff may apply."))
    if student_id is None:
        raise ApplicationError(_("Choose the student."), code="student")
    student = (
        student_scope(actor).select_related("school", "counselor").filter(pk=student_id).first()
    )
    if student is None:
        raise TransitionNotAllowed(_("No such student in your scope."))
    return student


def application_request(
    *,
    actor: Any,
    section_id: int,
    student_id: int | None = None,
    idempotency_key: str = "",
    note: str = "",
) -> RequestResult:
    """File an application (the student, or school staff on the student's behalf), check its
    eligibility at once, and skip the steps the cadence says are done. Repeating a request
    (same idempotency key, or same student and section while one is live) returns the
    existing application."""
    key = (idempotency_key or "").strip()[:64]
    if key and getattr(actor, "is_authenticated", False):
        existing = Application.objects.filter(requested_by=actor, idempotency_key=key).first()
        if existing is not None:
            return RequestResult(existing, created=False)
    student = _student_for_request(actor, student_id)
    section = (
        Section.objects.select_related("course", "course__provider_org", "term", "host_site")
        .filter(pk=section_id)
        .first()
    )
    if section is None:
        raise ApplicationError(_("No such section: %(id)s") % {"id": section_id}, code="section")
    live = (
        Application.objects.filter(student=student, section=section)
        .exclude(status__in=T.CLOSED)
        .first()
    )
    if live is not None:
        return RequestResult(live, created=False)
    if section.status != SectionStatus.OPEN:
        raise ApplicationError(
            _("This section is not open for applications (%(status)s).")
            % {"status": section.get_status_display()},
            code="section_closed",
        )
    if section.course.provider == Provider.HIGH_SCHOOL:
        raise ApplicationError(_("This is a high-school class, not a partner section."),
                               code="section")  # fmt: skip
    program, _agreement = _program_for(student, section)
    try:
        with transaction.atomic():
            app = Application.objects.create(
                student=student, section=section, term=section.term, program=program,
                status="", requested_by=actor, idempotency_key=key,
            )  # fmt: skip
            by = (
                "Requested by the student." if actor_role(actor) == T.STUDENT
                else "Requested by school staff on the student's behalf."
            )  # fmt: skip
            _transition(app, "requested", actor=actor, notify_=False,
                        note=" ".join(x for x in (by, note) if x),
                        check=False)  # fmt: skip
            decision = _evaluate(app)
            if decision.decision == "ineligible":
                reasons = _failed_reasons(decision)
                _transition(app, "checked", actor=None,
                            note=f"Eligibility: {decision.decision}.")  # fmt: skip
                _transition(app, "denied", actor=None, reason=reasons["en"], reason_text=reasons)
            else:
                _transition(app, "checked", actor=None, note=(
                    f"Eligibility: {decision.decision} ({app.rule_pack}); waiting on: "
                    + (", ".join(r.id for r in decision.deciding) or "nothing")
                ))  # fmt: skip
                _advance(app)
                # One "received" notice, once the cadence has said what comes next.
                _notify(app, "requested", "")
    except IntegrityError:
        # A concurrent identical request won the race: return its application.
        existing = Application.objects.filter(
            Q(student=student, section=section) & ~Q(status__in=T.CLOSED)
        ).first() or (
            Application.objects.filter(requested_by=actor, idempotency_key=key).first()
            if key else None
        )  # fmt: skip
        if existing is None:
            raise
        return RequestResult(existing, created=False)
    return RequestResult(app, created=True)


def application_recommend(
    *, actor: Any, application_id: int, note: str = "", recommender_title: str = ""
) -> Application:
    """The counselor or principal's designee recommends. For CCAP the recommendation covers the
    whole participation; for a special admit, this term."""
    with transaction.atomic():
        app = _locked(application_id)
        if app.program == Program.ADULT_ED:
            raise ApplicationError(
                _("Adult education needs the counseling session (EC 52500.1): record it instead."),
                code="counseling_session",
            )
        if not _allowed("recommended", app, actor_role(actor)) or not _in_scope(actor, app):
            _transition(app, "recommended", actor=actor)  # raises with the reason
        assert app.section is not None
        agreement = _program_for(app.student, app.section)[1]
        rec = Recommendation.objects.create(
            student=app.student, program=app.program,
            ccap_agreement=agreement if app.program == Program.CCAP else None,
            term=None if app.program == Program.CCAP else app.section.term,
            decision=RecommendationDecision.RECOMMENDED, recommender=actor,
            recommender_title=recommender_title or str(actor.role_label), at=timezone.now(),
            note=note,
        )  # fmt: skip
        app.recommendation = rec
        app.save(update_fields=["recommendation", "updated_at"])
        _transition(app, "recommended", actor=actor, note=note)
        _evaluate(app)
        _advance(app)
    return app


def application_decline(*, actor: Any, application_id: int, reason: str) -> Application:
    """The counselor or principal's designee does not recommend: the application is denied."""
    if not (reason or "").strip():
        raise ApplicationError(_("Give a reason."), code="reason")
    with transaction.atomic():
        app = _locked(application_id)
        if actor_role(actor) not in (T.COUNSELOR, T.SCHOOL_ADMIN, SUPERUSER):
            raise TransitionNotAllowed(_("Only school staff may decline to recommend."))
        if app.status != T.ELIGIBILITY_CHECKED:
            raise TransitionNotAllowed(_("This application is not waiting for a recommendation."))
        assert app.section is not None
        Recommendation.objects.create(
            student=app.student, program=app.program,
            term=None if app.program == Program.CCAP else app.section.term,
            decision=RecommendationDecision.DECLINED, recommender=actor,
            recommender_title=str(actor.role_label), at=timezone.now(), note=reason.strip(),
        )  # fmt: skip
        _transition(app, "denied", actor=actor, reason=reason, note="Not recommended.")
    return app


def _seats_taken(section: Section) -> int:
    apps = Application.objects.filter(section=section, status__in=COUNTED).values("student_id")
    enrolled = CourseEnrollment.objects.filter(
        section=section, status=EnrollmentStatus.ENROLLED
    ).values("student_id")
    return len({r["student_id"] for r in apps} | {r["student_id"] for r in enrolled})


def application_approve(*, actor: Any, application_id: int, note: str = "") -> Application:
    """College or adult-ed staff approve: the rules are evaluated again on today's facts, and
    only an eligible application with a seat left may be approved."""
    with transaction.atomic():
        app = _locked(application_id)
        if not _in_scope(actor, app) or not _allowed("approved", app, actor_role(actor)):
            _transition(app, "approved", actor=actor)  # raises
        decision = _evaluate(app)
        if decision.decision != "eligible":
            raise ApplicationError(
                _("Not eligible now: %(reasons)s")
                % {"reasons": _failed_reasons(decision)[_lang()] or decision.decision},
                code="ineligible",
            )
        assert app.section is not None
        if _seats_taken(app.section) >= app.section.capacity:
            raise ApplicationError(_("The section is full."), code="section_full")
        _transition(app, "approved", actor=actor, note=note)
    return app


def _lang() -> str:
    from django.utils.translation import get_language

    return "es" if (get_language() or "en").startswith("es") else "en"


def application_register(*, actor: Any, application_id: int, note: str = "") -> Application:
    with transaction.atomic():
        app = _locked(application_id)
        _transition(app, "registered", actor=actor, note=note)
    return app


def application_deny(*, actor: Any, application_id: int, reason: str) -> Application:
    with transaction.atomic():
        app = _locked(application_id)
        _transition(app, "denied", actor=actor, reason=reason)
    return app


def application_withdraw(*, actor: Any, application_id: int, reason: str = "") -> Application:
    with transaction.atomic():
        app = _locked(application_id)
        _transition(app, "withdrawn", actor=actor, reason=reason)
    return app


def application_drop(*, actor: Any, application_id: int, reason: str) -> Application:
    with transaction.atomic():
        app = _locked(application_id)
        _transition(app, "dropped", actor=actor, reason=reason)
    return app


#: Verb -> service, for the adapters (web form posts and API transition endpoints).
STEP_SERVICES = {
    "recommended": application_recommend,
    "approved": application_approve,
    "registered": application_register,
    "denied": application_deny,
    "withdrawn": application_withdraw,
    "dropped": application_drop,
}


def application_step(
    *, actor: Any, application_id: int, verb: str, note: str = "", reason: str = ""
) -> Application:
    """Make a human transition by its verb (the adapters' single entry point)."""
    if verb == "declined":
        return application_decline(actor=actor, application_id=application_id, reason=reason)
    if verb not in STEP_SERVICES:
        raise ApplicationError(_("Unknown step: %(verb)s") % {"verb": verb}, code="verb")
    service: Any = STEP_SERVICES[verb]
    if verb in ("denied", "dropped", "withdrawn"):
        return service(actor=actor, application_id=application_id, reason=reason or note)
    return service(actor=actor, application_id=application_id, note=note)


# --------------------------------------------------------------------------- counseling session


def counseling_session_record(
    *,
    actor: Any,
    student_id: int,
    held_on: dt.date,
    staff_name: str,
    parent_name: str,
    written_record: str,
    student_attended: bool = True,
    parent_attended: bool = True,
) -> CounselingSession:
    """Record the adult-education counseling session (EC 52500.1(b)(2)) once; applications
    waiting on it move on."""
    if actor_role(actor) not in (T.COUNSELOR, T.SCHOOL_ADMIN, SUPERUSER):
        raise TransitionNotAllowed(_("Only school staff may record the counseling session."))
    if not student_scope(actor).filter(pk=student_id).exists():
        raise TransitionNotAllowed(_("No such student in your scope."))
    errors = []
    if not (student_attended and parent_attended):
        errors.append(_("The student and a parent must both take part (EC 52500.1)."))
    if not staff_name.strip() or not parent_name.strip():
        errors.append(_("Name the certificated staff member and the parent."))
    if not written_record.strip():
        errors.append(_("Write what was discussed: the law asks for a written record."))
    if held_on > timezone.localdate():
        errors.append(_("The session date cannot be in the future."))
    if errors:
        raise ApplicationError(" ".join(str(e) for e in errors), code="counseling_session")
    with transaction.atomic():
        if CounselingSession.objects.filter(student_id=student_id).exists():
            raise ApplicationError(
                _("The counseling session is already recorded for this student."),
                code="counseling_session_exists",
            )
        session = CounselingSession.objects.create(
            student_id=student_id, held_on=held_on, student_attended=student_attended,
            staff_member=actor, staff_name=staff_name.strip(), parent_attended=parent_attended,
            parent_name=parent_name.strip(), written_record=written_record.strip(),
            recorded_by=actor,
        )  # fmt: skip
        audit_record(actor=actor, action="applications.counseling_session_recorded", obj=session,
                     student_id=student_id, details={"held_on": held_on.isoformat()})  # fmt: skip
        for app_id in Application.objects.filter(
            student_id=student_id, program=Program.ADULT_ED, status=T.ELIGIBILITY_CHECKED
        ).values_list("pk", flat=True):
            app = _locked(app_id)
            app.counseling_session = session
            app.save(update_fields=["counseling_session", "updated_at"])
            _transition(app, "recommended", actor=actor,
                        note="Counseling session recorded (EC 52500.1).", check=False)  # fmt: skip
            _evaluate(app)
            _advance(app)
    return session


# --------------------------------------------------------------------------- consent ledger hooks


def application_consent_recorded(*, consent: Any, actor: Any) -> int:
    """A consent was granted: applications waiting on it (or held) move on. Called by the
    consent ledger inside its transaction."""
    programs = [p for p, k in CONSENT_KIND.items() if k == consent.kind]
    moved = 0
    with translation.override("en"):  # history notes are kept in English
        who = f"{consent.typed_name} ({consent.get_method_display()})"
    for app_id in Application.objects.filter(
        student_id=consent.student_id, program__in=programs, status__in=(T.RECOMMENDED, T.HELD)
    ).values_list("pk", flat=True):
        app = _locked(app_id)
        app.consent = consent
        app.save(update_fields=["consent", "updated_at"])
        verb = "resumed" if app.status == T.HELD else "consented"
        _transition(app, verb, actor=None, note=f"Consent given on the ledger by {who}.")
        moved += 1
    return moved


def application_consent_revoked(*, consent: Any, actor: Any) -> int:
    """A consent was revoked: applications relying on it or waiting on it are put on hold."""
    programs = [p for p, k in CONSENT_KIND.items() if k == consent.kind]
    when = timezone.localtime(consent.revoked_at).date().isoformat()
    reason = {
        "en": f"The parent/guardian withdrew consent on {when}.",
        "es": f"El padre, madre o tutor retiró el consentimiento el {when}.",
    }
    held = 0
    for app_id in Application.objects.filter(
        student_id=consent.student_id, program__in=programs,
        status__in=(T.RECOMMENDED, T.CONSENTED, T.APPROVED),
    ).values_list("pk", flat=True):  # fmt: skip
        app = _locked(app_id)
        _transition(app, "held", actor=None, reason=reason["en"], reason_text=reason)
        held += 1
    return held
