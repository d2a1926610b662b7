"""Reads for counselors and roster staff: the caseload lists (students to act on) and the term
roster discrepancy queue.

Student rows are scoped exactly like the access layer (`openpathways.students.access.student_scope`)
and every student returned is logged as read (one audit row per student, the disclosure log);
the counts are aggregates and are not logged.

Eligibility in the caseload is a documented proxy, not a rules-engine run: a student in grade 11
or 12, enrolled, with no live application and no current course enrollment, is listed as
"eligible, has not applied" (the grade limits of the CCAP and adult-education packs; the
course-level rules need a chosen section and run when the student applies).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.applications.models import Application, ApplicationEvent
from openpathways.audit.services import audit_record_student_reads
from openpathways.consents.models import Consent, ConsentStatus
from openpathways.enrollments.models import SUCCESS_GRADES, CourseEnrollment
from openpathways.outcomes.selectors import semesters_left_in_high_school
from openpathways.rosters.models import (
    DiscrepancyStatus,
    ReminderKind,
    ReminderLog,
    RosterConfirmation,
    RosterDiscrepancy,
)
from openpathways.students.access import (
    StudentAccessDenied,
    _org_subtree_q,
    can_read_student_records,
    student_scope,
)
from openpathways.students.models import Student, StudentGuardian, StudentStatus
from openpathways.wbl.models import Placement

#: Application statuses that end an application.
CLOSED_STATUSES = ("denied", "withdrawn", "dropped")
#: Pending steps and the statuses waiting on them.
STEP_STATUSES: dict[str, tuple[str, ...]] = {
    "recommendation": ("requested", "eligibility_checked"),
    "consent": ("recommended", "held"),
    "college": ("consented", "approved"),
}
PENDING_STATUSES = tuple(s for statuses in STEP_STATUSES.values() for s in statuses)
#: The consent kind each program needs (Title 5 dual enrollment; EC 52500.1; WBL).
CONSENT_KIND_BY_PROGRAM: dict[str, str] = {
    "ccap": "dual_enrollment",
    "special-admit": "dual_enrollment",
    "adult-ed": "adult_ed",
    "wbl": "work_based_learning",
}
#: Enrollment statuses that hold a seat.
LIVE_ENROLLMENT = ("enrolled", "completed")
#: Vision 2030: every student graduates with at least 12 units of dual-enrollment credit.
UNIT_GOAL = Decimal(12)
#: Units one course a semester adds (the on-track projection's assumption).
UNITS_PER_REMAINING_TERM = Decimal(3)

CASELOAD_VIEWS = ("missing_consent", "pending", "not_applied", "could_benefit")


# --- caseload -------------------------------------------------------------------------------


def _can_use_caseload(actor: Any) -> bool:
    if not can_read_student_records(actor):
        return False
    return bool(
        actor.is_superuser or actor.role in (Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
    )


def off_track_threshold(class_of: int, today: dt.date) -> Decimal:
    """Units (earned plus enrolled) below which a student cannot reach 12 units taking one
    3-unit course in each semester left: the passport's rule, so both pages agree."""
    left = semesters_left_in_high_school(class_of=class_of, today=today)
    return UNIT_GOAL - UNITS_PER_REMAINING_TERM * left


def _live_application(**filters: Any) -> QuerySet[Application]:
    return Application.objects.filter(student=OuterRef("pk"), **filters).exclude(
        status__in=CLOSED_STATUSES
    )


def _missing_consent_q() -> Q:
    """A live application whose program needs a consent the student does not have (granted and
    not revoked)."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for program, kind in CONSENT_KIND_BY_PROGRAM.items():
        by_kind[kind].append(program)
    q = Q()
    for kind, programs in by_kind.items():
        granted = Consent.objects.filter(
            student=OuterRef("pk"), kind=kind, status=ConsentStatus.GRANTED
        )
        q |= Q(Exists(_live_application(program__in=programs))) & ~Q(Exists(granted))
    return q


def units_by_student(student_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """College units earned (C- or better, or Pass) and currently enrolled, per student, in one
    grouped query (students with none are absent). The ids are passed as values so the planner
    walks the enrollments by student even before it has statistics."""
    rows = (
        CourseEnrollment.objects.filter(
            student_id__in=student_ids, section__course__provider="college"
        )
        .order_by()
        .values("student_id")
        .annotate(
            earned=Sum("units_earned", filter=Q(grade__in=sorted(SUCCESS_GRADES))),
            enrolled=Sum("units_attempted", filter=Q(status="enrolled")),
        )
    )
    return {r["student_id"]: (r["earned"] or Decimal(0), r["enrolled"] or Decimal(0)) for r in rows}


def _off_track_ids(candidates: QuerySet[Student], today: dt.date) -> list[int]:
    cohorts = dict(candidates.values_list("pk", "graduation_cohort"))
    units = units_by_student(list(cohorts))
    zero = (Decimal(0), Decimal(0))
    return [
        pk
        for pk, class_of in cohorts.items()
        if sum(units.get(pk, zero)) < off_track_threshold(class_of, today)
    ]


def _no_opportunity_q() -> Q:
    any_enrollment = CourseEnrollment.objects.filter(
        student=OuterRef("pk"), section__course__provider__in=("college", "adult_ed")
    )
    placement = Placement.objects.filter(student=OuterRef("pk"))
    return ~Q(Exists(any_enrollment)) & ~Q(Exists(_live_application())) & ~Q(Exists(placement))


def _view_queryset(
    qs: QuerySet[Student], view: str, *, step: str = "", today: dt.date
) -> QuerySet[Student]:
    if view == "missing_consent":
        return qs.filter(_missing_consent_q())
    if view == "pending":
        statuses = STEP_STATUSES.get(step, PENDING_STATUSES)
        return qs.filter(Exists(_live_application(status__in=statuses)))
    if view == "not_applied":
        current = CourseEnrollment.objects.filter(student=OuterRef("pk"), status="enrolled")
        return (
            qs.filter(grade__in=(11, 12))
            .exclude(Exists(_live_application()))
            .exclude(Exists(current))
        )
    if view == "could_benefit":
        # Units in Python over the juniors and seniors in scope: one grouped query, whatever the
        # planner's statistics (a correlated sum per student was slow right after a bulk load).
        qs = qs.filter(grade__in=(11, 12))
        return qs.filter(Q(pk__in=_off_track_ids(qs, today)) | Q(Q(grade=12) & _no_opportunity_q()))
    raise ValueError(f"unknown caseload view {view!r}")


def _caseload_base(
    actor: Any, *, caseload_only: bool, school_id: int | None, grade: int | None, search: str
) -> QuerySet[Student]:
    qs = student_scope(actor).filter(status=StudentStatus.ENROLLED)
    if caseload_only:
        qs = qs.filter(counselor=actor)
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
    return qs


def caseload_counts(*, actor: Any, caseload_only: bool = True, today: dt.date) -> dict[str, int]:
    """How many students each caseload list holds (aggregates: not logged)."""
    if not _can_use_caseload(actor):
        return dict.fromkeys(CASELOAD_VIEWS, 0)
    base = _caseload_base(actor, caseload_only=caseload_only, school_id=None, grade=None, search="")
    return {view: _view_queryset(base, view, today=today).count() for view in CASELOAD_VIEWS}


@dataclass
class CaseloadRow:
    student: Student
    applications: list[Application] = field(default_factory=list)
    guardians: list[Any] = field(default_factory=list)  # Guardian rows
    waiting_since: dt.datetime | None = None
    last_reminder_on: dt.date | None = None
    units_earned: Decimal | None = None
    units_enrolled: Decimal | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def guardian_emails(self) -> int:
        return sum(1 for g in self.guardians if g.email)

    @property
    def waiting_days(self) -> int:
        if self.waiting_since is None:
            return 0
        return max((timezone.now() - self.waiting_since).days, 0)


@dataclass(frozen=True)
class CaseloadPage:
    view: str
    rows: list[CaseloadRow]
    total: int
    offset: int
    limit: int


def caseload_list(
    *,
    actor: Any,
    view: str,
    purpose: str,
    channel: str,
    today: dt.date,
    step: str = "",
    caseload_only: bool = True,
    school_id: int | None = None,
    grade: int | None = None,
    search: str = "",
    offset: int = 0,
    limit: int = 50,
) -> CaseloadPage:
    """One page of a caseload list, each student with the applications, guardians and reminder
    facts that list needs; every student returned is logged as read."""
    if view not in CASELOAD_VIEWS:
        raise ValueError(f"unknown caseload view {view!r}")
    if not _can_use_caseload(actor):
        raise StudentAccessDenied("Caseload lists are for counselors and school staff.")
    base = _caseload_base(
        actor, caseload_only=caseload_only, school_id=school_id, grade=grade, search=search
    )
    qs = _view_queryset(base, view, step=step, today=today).select_related("school")
    total = qs.count()
    students = list(qs.order_by("-grade", "last_name", "first_name", "pk")[offset : offset + limit])
    ids = [s.pk for s in students]
    rows = {s.pk: CaseloadRow(student=s) for s in students}

    apps = Application.objects.filter(student_id__in=ids).exclude(status__in=CLOSED_STATUSES)
    if view == "pending" and step in STEP_STATUSES:
        apps = apps.filter(status__in=STEP_STATUSES[step])
    apps_list = list(
        apps.select_related("section__course", "section__term", "opportunity").order_by(
            "created_at", "pk"
        )
    )
    # When each application entered its current step: its latest event into that status.
    entered: dict[int, dt.datetime] = {}
    status_of = {a.pk: a.status for a in apps_list}
    for application_id, to_status, at in ApplicationEvent.objects.filter(
        application_id__in=list(status_of)
    ).values_list("application_id", "to_status", "at"):
        latest = entered.get(application_id)
        if to_status == status_of[application_id] and (latest is None or at > latest):
            entered[application_id] = at
    granted: dict[int, set[str]] = defaultdict(set)
    if view == "missing_consent":
        for sid, kind in Consent.objects.filter(
            student_id__in=ids, status=ConsentStatus.GRANTED
        ).values_list("student_id", "kind"):
            granted[sid].add(kind)
    for app in apps_list:
        if (
            view == "missing_consent"
            and CONSENT_KIND_BY_PROGRAM.get(app.program) in granted[app.student_id]
        ):
            continue
        row = rows[app.student_id]
        row.applications.append(app)
        waiting = entered.get(app.pk, app.updated_at)
        if waiting is not None and (row.waiting_since is None or waiting < row.waiting_since):
            row.waiting_since = waiting
    for link in (
        StudentGuardian.objects.filter(student_id__in=ids)
        .select_related("guardian")
        .order_by("guardian__last_name", "guardian__first_name", "pk")
    ):
        rows[link.student_id].guardians.append(link.guardian)
    for student_id, sent_on in (
        ReminderLog.objects.filter(student_id__in=ids, kind=ReminderKind.CONSENT)
        .order_by("sent_on")
        .values_list("student_id", "sent_on")
    ):
        rows[student_id].last_reminder_on = sent_on
    if view == "could_benefit":
        units = units_by_student(ids)
        for s in students:
            row = rows[s.pk]
            row.units_earned, row.units_enrolled = units.get(s.pk, (Decimal(0), Decimal(0)))
            total_units = (row.units_earned or Decimal(0)) + (row.units_enrolled or Decimal(0))
            if total_units < off_track_threshold(s.graduation_cohort, today):
                row.reasons.append("off_track")
        no_opportunity = set(
            base.filter(pk__in=ids, grade=12)
            .filter(_no_opportunity_q())
            .values_list("pk", flat=True)
        )
        for sid in no_opportunity:
            rows[sid].reasons.insert(0, "no_opportunity")
    audit_record_student_reads(
        actor=actor,
        action="students.listed",
        student_ids=ids,
        purpose=purpose,
        channel=channel,
        details={"list": f"caseload.{view}"},
    )
    return CaseloadPage(
        view=view, rows=[rows[i] for i in ids], total=total, offset=offset, limit=limit
    )


def pending_consent_applications(
    *, older_than: dt.datetime, student_ids: list[int] | None = None
) -> list[Application]:
    """Live applications of enrolled students that wait on a consent the student lacks, waiting
    since before `older_than` (for reminders; the caller scopes and logs)."""
    base = Student.objects.filter(status=StudentStatus.ENROLLED)
    if student_ids is not None:
        base = base.filter(pk__in=student_ids)
    students = base.filter(_missing_consent_q()).values("pk")
    entered = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-at")
        .values("at")[:1]
    )
    apps = (
        Application.objects.filter(student__in=students)
        .exclude(status__in=CLOSED_STATUSES)
        .annotate(waiting_since=Coalesce(Subquery(entered), F("updated_at")))
        .filter(waiting_since__lt=older_than)
        .select_related("student", "student__school", "section__course", "opportunity")
        .order_by("student_id", "created_at", "pk")
    )
    granted: dict[int, set[str]] = defaultdict(set)
    result = list(apps)
    for sid, kind in Consent.objects.filter(
        student_id__in={a.student_id for a in result}, status=ConsentStatus.GRANTED
    ).values_list("student_id", "kind"):
        granted[sid].add(kind)
    return [
        a for a in result if CONSENT_KIND_BY_PROGRAM.get(a.program) not in granted[a.student_id]
    ]


# --- roster discrepancies -------------------------------------------------------------------


def _discrepancy_scope(actor: Any) -> QuerySet[RosterDiscrepancy]:  # noqa: PLR0911 (one per role)
    qs = RosterDiscrepancy.objects.all()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return qs.none()
    if actor.is_superuser:
        return qs
    org = actor.organization_id
    if org is None:
        return qs.none()
    if actor.role == Role.DISTRICT_ADMIN:
        return qs.filter(_org_subtree_q("school", org))
    if actor.role in (Role.SCHOOL_ADMIN, Role.COUNSELOR):
        return qs.filter(school_id=org)
    if actor.role in (Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF):
        return qs.filter(_org_subtree_q("college", org))
    return qs.none()


def can_work_rosters(actor: Any) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(
        actor.is_superuser
        or actor.role
        in (
            Role.DISTRICT_ADMIN,
            Role.SCHOOL_ADMIN,
            Role.COUNSELOR,
            Role.COLLEGE_STAFF,
            Role.ADULT_ED_STAFF,
        )
    )


def roster_discrepancy_scope(actor: Any) -> QuerySet[RosterDiscrepancy]:
    """Discrepancies the actor may see and resolve, unevaluated (for services and counts)."""
    return _discrepancy_scope(actor)


@dataclass(frozen=True)
class DiscrepancyPage:
    rows: list[RosterDiscrepancy]
    total: int
    offset: int
    limit: int
    counts_by_kind: dict[str, int]


def roster_discrepancy_list(
    *,
    actor: Any,
    purpose: str,
    channel: str,
    status: str = DiscrepancyStatus.OPEN,
    kind: str = "",
    school_id: int | None = None,
    college_id: int | None = None,
    term_code: str = "",
    offset: int = 0,
    limit: int = 50,
) -> DiscrepancyPage:
    """One page of the discrepancy queue in the actor's scope; each student shown is logged."""
    if not can_work_rosters(actor):
        raise StudentAccessDenied("Roster discrepancies are for school and college staff.")
    qs = _discrepancy_scope(actor)
    if status:
        qs = qs.filter(status=status)
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if college_id is not None:
        qs = qs.filter(college_id=college_id)
    if term_code:
        qs = qs.filter(term__code=term_code)
    counts = {row["kind"]: row["n"] for row in qs.order_by().values("kind").annotate(n=Count("pk"))}
    if kind:
        qs = qs.filter(kind=kind)
    total = qs.count()
    rows = list(
        qs.select_related(
            "student", "school", "college", "term", "section__course", "application",
            "enrollment", "resolved_by",
        ).order_by("school__name", "kind", "student__last_name", "student__first_name", "pk")[
            offset : offset + limit
        ]
    )  # fmt: skip
    audit_record_student_reads(
        actor=actor, action="students.listed", student_ids=sorted({r.student_id for r in rows}),
        purpose=purpose, channel=channel, details={"list": "rosters.discrepancies"},
    )  # fmt: skip
    return DiscrepancyPage(
        rows=rows, total=total, offset=offset, limit=limit, counts_by_kind=counts
    )


@dataclass(frozen=True)
class ConfirmationRow:
    school_id: int
    school_name: str
    term_id: int
    term_code: str
    term_name: str
    open_discrepancies: int
    confirmation: RosterConfirmation | None


def roster_confirmation_list(*, actor: Any, term_code: str = "") -> list[ConfirmationRow]:
    """For each school and term with discrepancies in the actor's scope (or already confirmed):
    the open discrepancies and the confirmation, if any. Aggregates only."""
    if not can_work_rosters(actor):
        return []
    qs = _discrepancy_scope(actor)
    if term_code:
        qs = qs.filter(term__code=term_code)
    pairs: dict[tuple[int, int], dict[str, Any]] = {}
    for row in (
        qs.order_by()
        .values("school_id", "school__name", "term_id", "term__code", "term__name")
        .annotate(open=Count("pk", filter=Q(status=DiscrepancyStatus.OPEN)))
    ):
        pairs[(row["school_id"], row["term_id"])] = row
    confirmations = RosterConfirmation.objects.filter(
        school_id__in={k[0] for k in pairs}, term_id__in={k[1] for k in pairs}
    ).select_related("confirmed_by")
    by_key = {(c.school_id, c.term_id): c for c in confirmations}
    result = [
        ConfirmationRow(
            school_id=row["school_id"], school_name=row["school__name"], term_id=row["term_id"],
            term_code=row["term__code"], term_name=row["term__name"],
            open_discrepancies=row["open"], confirmation=by_key.get(key),
        )
        for key, row in pairs.items()
    ]  # fmt: skip
    return sorted(result, key=lambda r: (r.term_code, r.school_name, r.term_id))
