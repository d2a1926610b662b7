"""Writes: term roster reconciliation, resolving a discrepancy, confirming a school's roster,
consent reminders to guardians and the counselor digest.

Each write runs in a transaction, takes `actor=` (None for the scheduled command), records an
audit event, and sends e-mail only after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role, User
from openpathways.applications.models import Application
from openpathways.audit.services import audit_record, audit_record_student_reads
from openpathways.catalog.models import Section, SectionStatus
from openpathways.consents.models import Consent, ConsentStatus
from openpathways.consents.services import GUARDIAN_KINDS, ConsentError, consent_link_issue_quiet
from openpathways.enrollments.models import CourseEnrollment
from openpathways.organizations.models import Organization
from openpathways.rosters.models import (
    DiscrepancyKind,
    DiscrepancyStatus,
    ReminderKind,
    ReminderLog,
    RosterConfirmation,
    RosterDiscrepancy,
)
from openpathways.rosters.selectors import (
    CLOSED_STATUSES,
    CONSENT_KIND_BY_PROGRAM,
    LIVE_ENROLLMENT,
    STEP_STATUSES,
    can_work_rosters,
    pending_consent_applications,
    roster_discrepancy_scope,
)
from openpathways.students.access import _org_subtree_q, student_scope
from openpathways.students.models import Guardian, Student, StudentGuardian, StudentStatus
from openpathways.terms.models import Term

log = logging.getLogger(__name__)

#: Application statuses that promise a seat in the section.
SEAT_STATUSES = ("approved", "registered")


class RosterError(ValidationError):
    """Bad input to a roster service (unknown term, empty note, ...)."""


# --- reconciliation -------------------------------------------------------------------------


@dataclass
class ReconcileResult:
    term_code: str
    terms: int = 0
    sections: int = 0
    created: int = 0
    reopened: int = 0
    unchanged: int = 0
    cleared: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def found(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class _Found:
    term_id: int
    school_id: int
    college_id: int
    application_id: int | None
    enrollment_id: int | None


def _consent_kind(section: Section) -> str:
    return "adult_ed" if section.course.provider == "adult_ed" else "dual_enrollment"


def find_discrepancies(
    *, terms: Iterable[Term], today: dt.date
) -> dict[tuple[int, int, str], _Found]:
    """Compare the college's roster (CourseEnrollment rows) with the applications in the
    sections of `terms`: {(student, section, kind): where}. Reads only."""
    term_ids = [t.pk for t in terms]
    sections = {
        s.pk: s
        for s in Section.objects.filter(
            term_id__in=term_ids, course__provider__in=("college", "adult_ed")
        ).select_related("course", "term")
    }
    enrollments = {
        (e.student_id, e.section_id): e
        for e in CourseEnrollment.objects.filter(section_id__in=sections).select_related("student")
    }
    applications: dict[tuple[int, int], Application] = {}
    for candidate in (
        Application.objects.filter(section_id__in=sections)
        .select_related("student")
        .order_by("created_at", "pk")
    ):
        key = (candidate.student_id, candidate.section_id or 0)
        held = applications.get(key)
        if held is None or held.status in CLOSED_STATUSES:
            applications[key] = candidate  # a live application wins over a closed one
    student_ids = {k[0] for k in enrollments} | {k[0] for k in applications}
    # Consent in force during the term: granted before it ended, not revoked before it began.
    consents: dict[tuple[int, str], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for sid, kind, granted_at, status, revoked_at in Consent.objects.filter(
        student_id__in=student_ids, kind__in=("dual_enrollment", "adult_ed")
    ).values_list("student_id", "kind", "granted_at", "status", "revoked_at"):
        revoked_on = None
        if status == ConsentStatus.REVOKED:
            revoked_on = timezone.localdate(revoked_at) if revoked_at else dt.date.min
        consents[(sid, kind)].append((timezone.localdate(granted_at), revoked_on))

    def consent_in_force(student_id: int, section: Section) -> bool:
        term = section.term
        return any(
            granted_on <= term.end_date and (revoked_on is None or revoked_on >= term.start_date)
            for granted_on, revoked_on in consents.get((student_id, _consent_kind(section)), [])
        )

    school_of = {e.student_id: e.student.school_id for e in enrollments.values()} | {
        a.student_id: a.student.school_id for a in applications.values()
    }

    found: dict[tuple[int, int, str], _Found] = {}

    def add(student_id: int, section: Section, kind: str) -> None:
        app = applications.get((student_id, section.pk))
        enrollment = enrollments.get((student_id, section.pk))
        found[(student_id, section.pk, kind)] = _Found(
            term_id=section.term_id, school_id=school_of[student_id],
            college_id=section.course.provider_org_id,
            application_id=app.pk if app else None,
            enrollment_id=enrollment.pk if enrollment else None,
        )  # fmt: skip

    for (student_id, section_id), e in enrollments.items():
        section = sections[section_id]
        app = applications.get((student_id, section_id))
        cancelled = section.status == SectionStatus.CANCELLED
        live = e.status in LIVE_ENROLLMENT
        if live and not consent_in_force(student_id, section):
            add(student_id, section, DiscrepancyKind.REGISTERED_WITHOUT_CONSENT)
        # The college dropped (or withdrew) a student the high school still counts as enrolled;
        # a withdrawal on a roster with no application is an ordinary record, not a conflict.
        app_live = app is not None and app.status not in CLOSED_STATUSES
        if (app_live and e.status in ("dropped", "withdrawn")) or (
            app is None and e.status == "dropped"
        ):
            add(student_id, section, DiscrepancyKind.DROPPED)
        if cancelled and e.status == "enrolled":
            add(student_id, section, DiscrepancyKind.SECTION_CANCELLED)
        if live and not e.grade and not cancelled and section.term.end_date < today:
            add(student_id, section, DiscrepancyKind.GRADE_MISSING)
    for (student_id, section_id), live_app in applications.items():
        section = sections[section_id]
        if live_app.status in CLOSED_STATUSES:
            continue
        roster_row = enrollments.get((student_id, section_id))
        if section.status == SectionStatus.CANCELLED:
            add(student_id, section, DiscrepancyKind.SECTION_CANCELLED)
        elif (
            live_app.status in SEAT_STATUSES
            and roster_row is None
            and section.term.start_date <= today
        ):
            add(student_id, section, DiscrepancyKind.APPROVED_NOT_REGISTERED)
    return found


def roster_reconcile(
    *, actor: Any, term_code: str, college_id: int | None = None, today: dt.date | None = None
) -> ReconcileResult:
    """Find the discrepancies of every term coded `term_code` (of one college when given) and
    bring the queue up to date: new ones are opened, ones found again stay as they are (a
    resolved one stays resolved), open ones no longer found are cleared. Running it twice
    changes nothing the second time."""
    today = today or timezone.localdate()
    terms_qs = Term.objects.filter(code=term_code)
    if college_id is not None:
        terms_qs = terms_qs.filter(institution_id=college_id)
    terms = list(terms_qs)
    if not terms:
        raise RosterError(_("No term with the code %(code)s.") % {"code": term_code})
    result = ReconcileResult(term_code=term_code, terms=len(terms))
    result.sections = Section.objects.filter(term__in=terms).count()
    now = timezone.now()
    with transaction.atomic():
        found = find_discrepancies(terms=terms, today=today)
        existing = {
            (d.student_id, d.section_id, d.kind): d
            for d in RosterDiscrepancy.objects.select_for_update().filter(term__in=terms)
        }
        to_create: list[RosterDiscrepancy] = []
        to_update: list[RosterDiscrepancy] = []
        for key, where in found.items():
            result.by_kind[key[2]] = result.by_kind.get(key[2], 0) + 1
            row = existing.get(key)
            if row is None:
                to_create.append(
                    RosterDiscrepancy(
                        kind=key[2], student_id=key[0], section_id=key[1],
                        term_id=where.term_id, school_id=where.school_id,
                        college_id=where.college_id, application_id=where.application_id,
                        enrollment_id=where.enrollment_id, first_seen_at=now, last_seen_at=now,
                    )
                )  # fmt: skip
                result.created += 1
            elif row.status == DiscrepancyStatus.CLEARED:
                row.status = DiscrepancyStatus.OPEN
                row.last_seen_at = now
                to_update.append(row)
                result.reopened += 1
            else:
                result.unchanged += 1
        for key, row in existing.items():
            if key not in found and row.status == DiscrepancyStatus.OPEN:
                row.status = DiscrepancyStatus.CLEARED
                row.resolved_at = now
                row.resolution_note = "No longer found on the college roster."
                to_update.append(row)
                result.cleared += 1
        RosterDiscrepancy.objects.bulk_create(to_create, batch_size=2000)
        RosterDiscrepancy.objects.bulk_update(
            to_update, ["status", "last_seen_at", "resolved_at", "resolution_note"], batch_size=2000
        )
        audit_record(
            actor=actor, action="rosters.reconciled", channel="cli" if actor is None else "web",
            details={
                "term_code": term_code, "college_id": college_id, "created": result.created,
                "reopened": result.reopened, "unchanged": result.unchanged,
                "cleared": result.cleared, "by_kind": result.by_kind,
            },
        )  # fmt: skip
    return result


def roster_discrepancy_resolve(
    *, actor: Any, discrepancy_id: int, note: str, channel: str = "web"
) -> RosterDiscrepancy:
    """Mark one open discrepancy resolved, with the note saying what was done."""
    note = (note or "").strip()
    if not note:
        raise RosterError(_("Say what was done: a note is required to resolve a discrepancy."))
    if not can_work_rosters(actor):
        raise PermissionDenied(_("Only school and college staff resolve roster discrepancies."))
    with transaction.atomic():
        row = (
            roster_discrepancy_scope(actor)
            .select_for_update(of=("self",))
            .filter(pk=discrepancy_id)
            .first()
        )
        if row is None:
            raise PermissionDenied(_("No such discrepancy in your scope."))
        if row.status == DiscrepancyStatus.RESOLVED:
            return row  # a repeated submission changes nothing
        row.status = DiscrepancyStatus.RESOLVED
        row.resolved_at = timezone.now()
        row.resolved_by = actor
        row.resolution_note = note[:2000]
        row.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_note",
                                "updated_at"])  # fmt: skip
        audit_record(
            actor=actor, action="rosters.discrepancy_resolved", obj=row,
            student_id=row.student_id, channel=channel,
            details={"kind": row.kind, "note": row.resolution_note},
        )  # fmt: skip
    return row


def roster_confirm(
    *, actor: Any, school_id: int, term_id: int, note: str = "", channel: str = "web"
) -> RosterConfirmation:
    """The high school confirms its roster for a term (one record per school and term; a later
    confirmation replaces who and when)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to confirm a roster."))
    allowed = actor.is_superuser or (
        actor.role in (Role.SCHOOL_ADMIN, Role.COUNSELOR) and actor.organization_id == school_id
    )
    if not allowed and actor.role == Role.DISTRICT_ADMIN:
        allowed = Organization.objects.filter(
            _org_subtree_q("pk", actor.organization_id), pk=school_id
        ).exists()
    if not allowed:
        raise PermissionDenied(_("Only the high school's staff confirm its roster."))
    term = Term.objects.filter(pk=term_id).first()
    if term is None:
        raise RosterError(_("No such term."))
    with transaction.atomic():
        open_count = RosterDiscrepancy.objects.filter(
            school_id=school_id, term=term, status=DiscrepancyStatus.OPEN
        ).count()
        confirmation, _created = RosterConfirmation.objects.update_or_create(
            school_id=school_id, term=term,
            defaults={"confirmed_by": actor, "confirmed_at": timezone.now(),
                      "note": (note or "").strip()[:2000], "open_discrepancies": open_count},
        )  # fmt: skip
        audit_record(
            actor=actor, action="rosters.confirmed", obj=confirmation, channel=channel,
            details={"school_id": school_id, "term_code": term.code,
                     "open_discrepancies": open_count},
        )  # fmt: skip
    return confirmation


# --- reminders and digests ------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedMessage:
    kind: str
    key: str
    email: str
    language: str
    subject: str
    body: str
    student_id: int | None = None
    guardian_id: int | None = None
    recipient_user_id: int | None = None


@dataclass
class ReminderResult:
    planned: list[PlannedMessage] = field(default_factory=list)
    sent: int = 0
    already_sent_today: int = 0
    without_email: int = 0
    dry_run: bool = False


def _site_url() -> str:
    return str(settings.OPENPATHWAYS_SITE_URL).rstrip("/")


#: Shown instead of the link in a dry run (no link is issued).
DRY_RUN_LINK = "<a fresh signed link>"


def _fresh_consent_link(
    *, actor: Any, guardian: Guardian, student: Student, kinds: list[str]
) -> str:
    """A fresh signed, expiring consent link from the consent ledger, issued without the ledger's
    own email (the reminder carries it; earlier unused links of the same kind stop working).
    The sign-in page when no kind asks a guardian's consent or the ledger refuses."""
    kind = next((k for k in kinds if k in GUARDIAN_KINDS), None)
    if kind is not None:
        try:
            return consent_link_issue_quiet(
                actor=actor, student_id=student.pk, guardian_id=guardian.pk, kind=kind
            ).url
        except (ConsentError, PermissionDenied):  # the reminder still goes out
            log.exception("could not issue a consent link for student %s", student.pk)
    try:
        return _site_url() + reverse("web:home")
    except NoReverseMatch:
        return _site_url() + "/"


def _consent_message(
    *, guardian: Guardian, student: Student, apps: list[Application], link: str
) -> tuple[str, str, str]:
    language = guardian.preferred_language if guardian.preferred_language in ("en", "es") else "en"
    with translation.override(language):
        titles = []
        for app in apps:
            if app.section_id and app.section:
                titles.append(f"{app.section.course.code} {_localized_course(app)}")
            elif app.opportunity_id and app.opportunity:
                titles.append(app.opportunity.title_es if language == "es" and
                              app.opportunity.title_es else app.opportunity.title)  # fmt: skip
        subject = _("Reminder: %(student)s needs your consent") % {"student": student.first_name}
        body = "\n\n".join(
            [
                _("Dear %(guardian)s,") % {"guardian": guardian.first_name or guardian.last_name},
                _(
                    "%(student)s has applied for a college or career opportunity and is waiting "
                    "for your consent. You consent once for all of high school, and you may "
                    "withdraw it at any time."
                )
                % {"student": student.full_name},
                _("Waiting for your consent:") + "\n" + "\n".join(f"- {t}" for t in titles),
                _("Give or decline consent here (no account needed): %(link)s") % {"link": link},
                _("Questions? Contact the counselor at %(school)s.")
                % {"school": student.school.name},
            ]
        )
    return language, subject, body


def _localized_course(app: Application) -> str:
    course = app.section.course if app.section else None
    if course is None:
        return ""
    language = (translation.get_language() or "en").split("-")[0]
    return course.title_es if language == "es" and course.title_es else course.title


def _deliver(messages: list[PlannedMessage]) -> None:
    for m in messages:
        try:
            send_mail(m.subject, m.body, None, [m.email])
        except Exception:  # one bad address must not stop the others
            log.exception("could not send %s to %s", m.kind, m.email)


def consent_reminders_send(
    *,
    actor: Any,
    older_than_days: int = 7,
    student_ids: list[int] | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
    channel: str = "cli",
    progress: Callable[[int, int], None] | None = None,
) -> ReminderResult:
    """E-mail each guardian (with educational rights) of each student whose application has
    waited on consent for more than `older_than_days` days, in the guardian's language, with a
    fresh signed consent link. At most one reminder per guardian and student a day: a second
    run the same day sends nothing new.

    `actor` None is the scheduled command (all students); a staff member sends to the students
    of `student_ids` in their scope only (the caseload's bulk action). `progress(done, total)`
    is called as each reminder is prepared."""
    today = today or timezone.localdate()
    if actor is not None:
        if student_ids is None:
            raise RosterError(_("Choose the students to remind."))
        student_ids = list(
            student_scope(actor).filter(pk__in=student_ids).values_list("pk", flat=True)
        )
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    apps = pending_consent_applications(older_than=cutoff, student_ids=student_ids)
    by_student: dict[int, list[Application]] = defaultdict(list)
    for app in apps:
        by_student[app.student_id].append(app)
    result = ReminderResult(dry_run=dry_run)
    links = (
        StudentGuardian.objects.filter(student_id__in=by_student, educational_rights=True)
        .select_related("guardian", "student", "student__school")
        .order_by("student_id", "guardian_id")
    )
    sent_today = set(
        ReminderLog.objects.filter(
            kind=ReminderKind.CONSENT, sent_on=today, student_id__in=by_student
        ).values_list("key", flat=True)
    )
    due: list[tuple[StudentGuardian, str]] = []
    for link in links:
        key = f"guardian:{link.guardian_id}:student:{link.student_id}"
        if key in sent_today:
            result.already_sent_today += 1
        elif not link.guardian.email:
            result.without_email += 1
        else:
            due.append((link, key))

    def plan(link: StudentGuardian, key: str, url: str) -> PlannedMessage:
        guardian, student = link.guardian, link.student
        language, subject, body = _consent_message(
            guardian=guardian, student=student, apps=by_student[student.pk], link=url
        )
        return PlannedMessage(
            kind=ReminderKind.CONSENT, key=key, email=guardian.email, language=language,
            subject=subject, body=body, student_id=student.pk, guardian_id=guardian.pk,
        )  # fmt: skip

    if dry_run:
        result.planned = [plan(link, key, DRY_RUN_LINK) for link, key in due]
        return result
    with transaction.atomic():
        logged = _log_once(
            [plan(link, key, DRY_RUN_LINK) for link, key in due], today=today, actor=actor
        )
        logged_keys = {m.key for m in logged}
        to_send: list[PlannedMessage] = []
        for done, (link, key) in enumerate(due, start=1):
            if progress is not None:
                progress(done, len(due))
            if key not in logged_keys:
                result.already_sent_today += 1
                continue
            kinds = sorted(
                {CONSENT_KIND_BY_PROGRAM.get(a.program, "dual_enrollment")
                 for a in by_student[link.student_id]}
            )  # fmt: skip
            url = _fresh_consent_link(
                actor=actor, guardian=link.guardian, student=link.student, kinds=kinds
            )
            message = plan(link, key, url)
            to_send.append(message)
            audit_record(
                actor=actor, action="consents.reminder_sent", student_id=message.student_id,
                channel=channel, purpose="consent reminder",
                details={"guardian_id": message.guardian_id, "language": message.language},
            )  # fmt: skip
        result.planned = to_send
        result.sent = len(to_send)
        transaction.on_commit(lambda: _deliver(to_send))
    return result


def _log_once(planned: list[PlannedMessage], *, today: dt.date, actor: Any) -> list[PlannedMessage]:
    """Write a log row for each message not yet sent today; return those (the unique
    constraint keeps concurrent runs from sending twice)."""
    sent: list[PlannedMessage] = []
    now = timezone.now()
    sender = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    for m in planned:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    kind=m.kind, key=m.key, sent_on=today, sent_at=now, email=m.email,
                    language=m.language, student_id=m.student_id, guardian_id=m.guardian_id,
                    recipient_user_id=m.recipient_user_id, sent_by=sender,
                )  # fmt: skip
        except IntegrityError:
            continue
        sent.append(m)
    return sent


def _digest_message(
    *, counselor: User, steps: dict[str, list[Application]], list_limit: int
) -> tuple[str, str, str]:
    language = (
        counselor.preferred_language if counselor.preferred_language in ("en", "es") else "en"
    )
    with translation.override(language):
        labels = {
            "recommendation": _("Awaiting your recommendation"),
            "consent": _("Awaiting parent or guardian consent"),
            "college": _("Awaiting the college"),
        }
        total = sum(len(v) for v in steps.values())
        subject = _("Your caseload today: %(count)s pending steps") % {"count": total}
        parts = [_("Hello %(name)s,") % {"name": counselor.first_name or counselor.username}]
        for step, label in labels.items():
            apps = steps.get(step, [])
            lines = [f"{label}: {len(apps)}"]
            for app in apps[:list_limit]:
                course = app.section.course.code if app.section_id and app.section else ""
                lines.append(f"- {app.student.full_name} ({app.student.grade}) {course}".rstrip())
            if len(apps) > list_limit:
                lines.append(_("... and %(count)s more") % {"count": len(apps) - list_limit})
            parts.append("\n".join(lines))
        try:
            url = _site_url() + reverse("web:caseload")
        except NoReverseMatch:
            url = _site_url() + "/"
        parts.append(_("Open your caseload: %(link)s") % {"link": url})
    return language, subject, "\n\n".join(parts)


def counselor_digests_send(
    *, today: dt.date | None = None, dry_run: bool = False, list_limit: int = 20
) -> ReminderResult:
    """E-mail each counselor with a caseload the counts and lists of pending steps, once a day."""
    today = today or timezone.localdate()
    apps = (
        Application.objects.filter(
            student__status=StudentStatus.ENROLLED,
            student__counselor__isnull=False,
            student__counselor__is_active=True,
            status__in=[s for v in STEP_STATUSES.values() for s in v],
        )
        .select_related("student", "section__course")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    by_counselor: dict[int, dict[str, list[Application]]] = defaultdict(lambda: defaultdict(list))
    step_of = {s: step for step, statuses in STEP_STATUSES.items() for s in statuses}
    for app in apps:
        by_counselor[app.student.counselor_id][step_of[app.status]].append(app)  # type: ignore[index]
    sent_today = set(
        ReminderLog.objects.filter(kind=ReminderKind.DIGEST, sent_on=today).values_list(
            "key", flat=True
        )
    )
    result = ReminderResult(dry_run=dry_run)
    shown: dict[int, list[int]] = {}
    for counselor in User.objects.filter(pk__in=by_counselor).order_by("pk"):
        key = f"counselor:{counselor.pk}"
        if key in sent_today:
            result.already_sent_today += 1
            continue
        if not counselor.email:
            result.without_email += 1
            continue
        steps = by_counselor[counselor.pk]
        language, subject, body = _digest_message(
            counselor=counselor, steps=steps, list_limit=list_limit
        )
        result.planned.append(
            PlannedMessage(
                kind=ReminderKind.DIGEST, key=key, email=counselor.email, language=language,
                subject=subject, body=body, recipient_user_id=counselor.pk,
            )
        )  # fmt: skip
        shown[counselor.pk] = sorted(
            {a.student_id for apps_ in steps.values() for a in apps_[:list_limit]}
        )
    if dry_run:
        return result
    with transaction.atomic():
        to_send = _log_once(result.planned, today=today, actor=None)
        result.already_sent_today += len(result.planned) - len(to_send)
        result.sent = len(to_send)
        for m in to_send:
            audit_record_student_reads(
                actor=None, action="students.disclosed",
                student_ids=shown.get(m.recipient_user_id or 0, []),
                purpose="counselor digest", channel="email",
                details={"recipient_user_id": m.recipient_user_id},
            )  # fmt: skip
        transaction.on_commit(lambda: _deliver(to_send))
    return result
