"""Reading outcomes: the passport of one student, the senior campaign lists and deadlines, the
counselor's off-track lists and the school and district goal views.

Student rows are read through `openpathways.students.access` (the passport calls
`student_record_get`, which applies the reader's role and the college-records rule and logs the
read) or scoped with `access.student_scope` and logged here with `audit_record_student_reads`
before they are returned. Aggregate tables return no student rows; for analysts they are
suppressed (metrics.md section 4).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.analytics.suppression import RateSpec, suppress_rows
from openpathways.audit.services import audit_record_student_reads
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.outcomes import passport as pp
from openpathways.outcomes.campaign_rules import (
    APPLIED_CODES,
    FINANCIAL_AID_DECIDED_CODES,
    STUCK_AFTER_DAYS,
    class_of_for,
    deadlines_for,
    is_stuck,
)
from openpathways.outcomes.models import AaDegreePlan, SeniorCampaign
from openpathways.students import access
from openpathways.students.models import Student, StudentStatus
from openpathways.wbl.models import HoursLog

HOURS = Decimal("0.01")
#: Who may open a passport: the student, their parents, and school and district staff.
PASSPORT_ROLES = frozenset(
    {Role.STUDENT, Role.GUARDIAN, Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}
)
#: Who works the campaign lists and the off-track lists (student rows).
STAFF_ROLES = frozenset({Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN})
#: Who sees the aggregate progress tables (analysts suppressed).
AGGREGATE_ROLES = STAFF_ROLES | {Role.ANALYST}


def _is(actor: Any, roles: frozenset[str]) -> bool:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.role in roles)


def can_read_passport(actor: Any) -> bool:
    return _is(actor, PASSPORT_ROLES)


def can_work_campaigns(actor: Any) -> bool:
    return _is(actor, STAFF_ROLES)


def can_see_progress(actor: Any) -> bool:
    return _is(actor, AGGREGATE_ROLES)


def _suppressed_for(actor: Any) -> bool:
    """Staff who may see student rows see exact counts; everyone else suppressed ones."""
    return not (actor.is_superuser or actor.role in STAFF_ROLES)


# -- rows for the passport --------------------------------------------------------------------


def _course_row(e: Any) -> pp.CourseRow:
    course, term = e.section.course, e.section.term
    units = e.units_earned if e.units_earned and e.grade else e.units_attempted
    return pp.CourseRow(
        code=course.code,
        title=course.title,
        title_es=course.title_es,
        provider=course.provider,
        term=term.name,
        term_kind=term.kind,
        academic_year=term.academic_year,
        status=e.status,
        grade=e.grade,
        units=Decimal(units or 0),
        credit_type=e.credit_type,
        subject=course.subject,
        sector=course.sector,
    )


def _credential_rows(credentials: Iterable[Any]) -> list[pp.CredentialRow]:
    from openpathways.catalog.models import CtePathway

    credentials = list(credentials)
    ids = {c.cte_pathway_id for c in credentials if c.cte_pathway_id}
    pathways = {p.pk: p for p in CtePathway.objects.filter(pk__in=ids)} if ids else {}
    rows = []
    for c in credentials:
        path = pathways.get(c.cte_pathway_id)
        issuer = getattr(c, "issuer", None)
        rows.append(
            pp.CredentialRow(
                kind=c.kind, title=c.title, earned_on=c.earned_on,
                issuer=issuer.name if issuer is not None else "",
                capstone_grade=c.capstone_grade, elective_credits=Decimal(c.elective_credits),
                pathway_code=path.code if path else "", pathway_title=path.title if path else "",
                pathway_sector=path.sector if path else "",
            )
        )  # fmt: skip
    return rows


def _campaign_row(c: SeniorCampaign | None) -> pp.CampaignRow | None:
    if c is None:
        return None
    return pp.CampaignRow(
        class_of=c.class_of, financial_aid=c.financial_aid, financial_aid_on=c.financial_aid_on,
        community_college=c.community_college, community_college_on=c.community_college_on,
        university=c.university, university_on=c.university_on, source=c.source,
        updated_at=c.updated_at,
    )  # fmt: skip


@dataclass(frozen=True)
class PassportView:
    passport: pp.Passport
    record: Any  # access.StudentRecord
    #: True when the reader is staff (the page then shows the history and edit links)
    staff: bool


def passport_get(
    *,
    actor: Any,
    student_id: int,
    channel: str,
    purpose: str = "opportunity passport",
    today: dt.date | None = None,
) -> PassportView:
    """The passport of one student as the actor may see it (one logged read through
    `access.student_record_get`). A parent without the student's release of college records
    gets a passport without them (`college_records_withheld`)."""
    if not can_read_passport(actor):
        raise access.StudentAccessDenied("Your role does not see student passports.")
    record = access.student_record_get(
        actor=actor, student_id=student_id, purpose=purpose, channel=channel
    )
    s = record.student
    today = today or timezone.localdate()
    placements = list(record.placements)
    confirmed = dict(
        HoursLog.objects.filter(placement__in=placements, confirmed_at__isnull=False)
        .values("placement")
        .annotate(total=Sum("hours"))
        .values_list("placement", "total")
    )
    pending = dict(
        HoursLog.objects.filter(placement__in=placements, confirmed_at__isnull=True)
        .values("placement")
        .annotate(total=Sum("hours"))
        .values_list("placement", "total")
    )
    placement_rows = [
        pp.PlacementRow(
            employer=p.opportunity.employer.name, title=p.opportunity.title, status=p.status,
            confirmed_hours=Decimal(confirmed.get(p.pk) or 0).quantize(HOURS),
            unconfirmed_hours=Decimal(pending.get(p.pk) or 0).quantize(HOURS),
        )
        for p in placements
    ]  # fmt: skip
    plans = []
    if not record.college_records_withheld:
        for plan in (
            AaDegreePlan.objects.filter(student=s)
            .select_related("aa_pathway__college")
            .prefetch_related("aa_pathway__required_courses")
        ):
            path = plan.aa_pathway
            plans.append(
                pp.AaPlanRow(
                    title=path.title, title_es=path.title_es, college=path.college.name,
                    units_required=Decimal(path.units_required),
                    required_courses=tuple(c.code for c in path.required_courses.all()),
                )
            )  # fmt: skip
    campaign = SeniorCampaign.objects.filter(student=s, class_of=s.graduation_cohort).first()
    if campaign is None and s.status == StudentStatus.ENROLLED and s.grade == 12:
        campaign = SeniorCampaign(student=s, class_of=s.graduation_cohort)  # not started
    data = pp.PassportInput(
        student=pp.StudentRow(
            student_id=s.pk, name=s.full_name, school=s.school.name, grade=s.grade,
            class_of=s.graduation_cohort, status=s.status,
        ),
        today=today,
        courses=[_course_row(e) for e in record.enrollments],
        credentials=_credential_rows(record.credentials),
        placements=placement_rows,
        aa_plans=plans,
        campaign=_campaign_row(campaign),
        college_records_withheld=record.college_records_withheld,
    )  # fmt: skip
    staff = bool(actor.is_superuser or actor.role in STAFF_ROLES)
    return PassportView(passport=pp.passport_build(data), record=record, staff=staff)


# -- campaigns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignRecord:
    student: Student
    campaign: SeniorCampaign  # unsaved (all "not started") when none was recorded yet
    changes: list[Any]


def campaign_get(*, actor: Any, student_id: int, channel: str) -> CampaignRecord:
    """A student's campaign statuses for their graduating class, with the change history
    (school staff only; one logged read)."""
    if not can_work_campaigns(actor):
        raise access.StudentAccessDenied("Only school staff see campaign statuses.")
    student = access.student_get(
        actor=actor, student_id=student_id, purpose="senior campaign", channel=channel
    )
    from openpathways.outcomes.models import CampaignChange

    campaign = SeniorCampaign.objects.filter(
        student=student, class_of=student.graduation_cohort
    ).first() or SeniorCampaign(student=student, class_of=student.graduation_cohort)
    changes = (
        list(CampaignChange.objects.filter(campaign=campaign).select_related("actor"))
        if campaign.pk
        else []
    )
    return CampaignRecord(student=student, campaign=campaign, changes=changes)


Q_NOT_STARTED = Value("not_started", output_field=CharField())
CAMPAIGN_LISTS = ("no_decision", "not_started", "stuck", "no_college_application", "all")


def _seniors(actor: Any, class_of: int) -> QuerySet[Student]:
    return access.student_scope(actor).filter(
        status=StudentStatus.ENROLLED, graduation_cohort=class_of
    )


def _with_campaign(qs: QuerySet[Student], class_of: int) -> Any:
    row = SeniorCampaign.objects.filter(student=OuterRef("pk"), class_of=class_of)

    def col(name: str) -> Subquery:
        return Subquery(row.values(name)[:1])

    return qs.annotate(
        c_fa=Coalesce(col("financial_aid"), Q_NOT_STARTED),
        c_fa_on=col("financial_aid_on"),
        c_cc=Coalesce(col("community_college"), Q_NOT_STARTED),
        c_cc_on=col("community_college_on"),
        c_univ=Coalesce(col("university"), Q_NOT_STARTED),
        c_univ_on=col("university_on"),
    )


def _list_filter(code: str, today: dt.date) -> Q:
    stale = today - dt.timedelta(days=STUCK_AFTER_DAYS)
    if code == "no_decision":
        return ~Q(c_fa__in=sorted(FINANCIAL_AID_DECIDED_CODES))
    if code == "not_started":
        return Q(c_fa="not_started")
    if code == "stuck":
        q = Q(c_fa="action_needed")
        for status, on in (("c_fa", "c_fa_on"), ("c_cc", "c_cc_on"), ("c_univ", "c_univ_on")):
            q |= Q(**{status: "in_progress"}) & (
                Q(**{f"{on}__lte": stale}) | Q(**{f"{on}__isnull": True})
            )
        return q
    if code == "no_college_application":
        applied = sorted(APPLIED_CODES)
        return (
            ~Q(c_cc__in=applied)
            & ~Q(c_univ__in=applied)
            & ~Q(c_cc="not_applying", c_univ="not_applying")
        )
    return Q()


@dataclass(frozen=True)
class CampaignRowView:
    student: Student
    financial_aid: str
    financial_aid_on: dt.date | None
    community_college: str
    community_college_on: dt.date | None
    university: str
    university_on: dt.date | None
    stuck: bool
    decided: bool
    #: code of the next action (labels live with the adapters)
    next_action: str


@dataclass(frozen=True)
class CampaignPage:
    list_code: str
    class_of: int
    rows: list[CampaignRowView]
    total: int
    offset: int
    limit: int
    counts: dict[str, int] = field(default_factory=dict)


def _next_campaign_action(fa: str, cc: str, univ: str, stuck: bool) -> str:
    if fa == "action_needed":
        return "fix_financial_aid"
    if fa == "not_started":
        return "start_financial_aid"
    if fa == "in_progress":
        return "finish_financial_aid" if not stuck else "follow_up_financial_aid"
    applied = APPLIED_CODES
    if cc not in applied and univ not in applied and not (cc == univ == "not_applying"):
        return "apply_to_college"
    return "none"


def campaign_list(
    *,
    actor: Any,
    list_code: str = "no_decision",
    channel: str,
    school_id: int | None = None,
    caseload_only: bool = False,
    today: dt.date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> CampaignPage:
    """One page of the seniors of this school year on one campaign list, with the count of every
    list. Each senior returned is logged as read (`students.listed`)."""
    if not can_work_campaigns(actor):
        raise access.StudentAccessDenied("The campaign lists are for school staff.")
    if list_code not in CAMPAIGN_LISTS:
        raise ValueError(f"unknown campaign list {list_code!r}")
    today = today or timezone.localdate()
    class_of = class_of_for(today)
    base = _seniors(actor, class_of)
    if school_id is not None:
        base = base.filter(school_id=school_id)
    if caseload_only:
        base = base.filter(counselor=actor)
    annotated = _with_campaign(base, class_of)
    counts = {code: annotated.filter(_list_filter(code, today)).count() for code in CAMPAIGN_LISTS}
    qs = annotated.filter(_list_filter(list_code, today)).select_related("school", "counselor")
    students = list(qs.order_by("last_name", "first_name", "pk")[offset : offset + limit])
    audit_record_student_reads(
        actor=actor, action="students.listed", student_ids=[s.pk for s in students],
        purpose=f"senior campaign list: {list_code}", channel=channel,
    )  # fmt: skip
    rows = []
    for s in students:
        fa, cc, univ = s.c_fa, s.c_cc, s.c_univ
        stuck = (
            is_stuck(fa, s.c_fa_on, today)
            or is_stuck(cc, s.c_cc_on, today)
            or is_stuck(univ, s.c_univ_on, today)
        )
        rows.append(
            CampaignRowView(
                student=s, financial_aid=fa, financial_aid_on=s.c_fa_on,
                community_college=cc, community_college_on=s.c_cc_on,
                university=univ, university_on=s.c_univ_on,
                stuck=stuck, decided=fa in FINANCIAL_AID_DECIDED_CODES,
                next_action=_next_campaign_action(fa, cc, univ, stuck),
            )
        )  # fmt: skip
    return CampaignPage(
        list_code=list_code, class_of=class_of, rows=rows, total=counts[list_code],
        offset=offset, limit=limit, counts=counts,
    )  # fmt: skip


@dataclass(frozen=True)
class DeadlineRow:
    code: str
    due: dt.date
    days_left: int
    #: seniors the deadline concerns who have not acted (no financial-aid decision for Cal Grant)
    open_count: int
    seniors: int
    #: "financial_aid" (seniors without a decision must act) or "all" (the school acts for all)
    concerns: str = "all"

    @property
    def passed(self) -> bool:
        return self.days_left < 0


def campaign_deadlines(
    *, actor: Any, today: dt.date | None = None, caseload_only: bool = False
) -> list[DeadlineRow]:
    """The deadlines of this school year's seniors, with how many have yet to act (counts)."""
    if not can_work_campaigns(actor):
        raise access.StudentAccessDenied("The campaign views are for school staff.")
    today = today or timezone.localdate()
    class_of = class_of_for(today)
    base = _seniors(actor, class_of)
    if caseload_only:
        base = base.filter(counselor=actor)
    annotated = _with_campaign(base, class_of)
    seniors = annotated.count()
    no_decision = annotated.filter(_list_filter("no_decision", today)).count()
    return [
        DeadlineRow(
            code=d.code, due=d.due, days_left=(d.due - today).days,
            open_count=no_decision if d.concerns == "financial_aid" else seniors,
            seniors=seniors, concerns=d.concerns,
        )
        for d in deadlines_for(class_of)
    ]  # fmt: skip


# -- aggregate tables -------------------------------------------------------------------------


def _aggregate_scope(actor: Any) -> QuerySet[Student]:
    """Students whose counts the actor may see: staff their scope, analysts their tree."""
    if not can_see_progress(actor):
        return Student.objects.none()
    if not actor.is_superuser and actor.role == Role.ANALYST:
        if actor.organization_id is None:
            return Student.objects.none()
        org = actor.organization_id
        return Student.objects.filter(
            Q(school=org) | Q(school__parent=org) | Q(school__parent__parent=org)
        )
    return access.student_scope(actor)


@dataclass(frozen=True)
class ProgressTable:
    """Rows of text cells (counts or `*`, percentages or `*`/`--`), one per school, then a
    total row; `suppressed` says whether small cells were hidden."""

    columns: tuple[str, ...]
    rows: list[dict[str, str]]
    suppressed: bool


def _pct(part: int, whole: int) -> str:
    return f"{Decimal(part * 100) / Decimal(whole):.1f}" if whole else ""


def _publish(
    raw: list[dict[str, Any]], *, partitions: list[tuple[list[str], str]],
    rates: list[tuple[str, str, str]], suppress: bool,
) -> list[dict[str, str]]:  # fmt: skip
    """Format counts and rates; suppress each partition (counts adding up to a total) when
    asked, hiding any rate computed from a hidden count."""
    if not suppress:
        out = []
        for row in raw:
            cells = {k: (str(v) if not isinstance(v, str) else v) for k, v in row.items()}
            for name, base, denominator in rates:
                cells[name] = _pct(row[base], row[denominator]) or "--"
            out.append(cells)
        return out
    from django.conf import settings

    threshold = settings.SUPPRESSION_THRESHOLD
    out = [{k: (v if isinstance(v, str) else str(v)) for k, v in row.items()} for row in raw]
    for counts, total in partitions:
        specs = [RateSpec(n, b, d) for n, b, d in rates if b in counts and d == total]
        rows = []
        for row in raw:
            r: dict[str, Any] = {c: row[c] for c in (*counts, total)}
            for spec in specs:
                r[spec.column] = _pct(row[spec.base], row[total])
            rows.append(r)
        table = suppress_rows(
            rows, count_cols=counts, total_col=total, total_row=len(rows) - 1, rates=specs,
            threshold=threshold,
        )  # fmt: skip
        for target, published in zip(out, table.rows, strict=True):
            for key, value in published.items():
                if key == total and target.get(key) == "*":
                    continue  # hidden by another partition: stays hidden
                target[key] = str(value) if value != "" else "--"
    return out


def _school_names(school_ids: Iterable[int]) -> dict[int, str]:
    from openpathways.organizations.models import Organization

    return dict(Organization.objects.filter(pk__in=list(school_ids)).values_list("pk", "name"))


def campaign_progress_by_school(*, actor: Any, today: dt.date | None = None) -> ProgressTable:
    """Seniors of this school year by school: financial-aid decisions (FAFSA, CADAA, opt-out or
    exemption, none yet) and college applications submitted. Suppressed for analysts."""
    if not can_see_progress(actor):
        raise access.StudentAccessDenied("Your role does not see campaign progress.")
    today = today or timezone.localdate()
    class_of = class_of_for(today)
    qs = _with_campaign(
        _aggregate_scope(actor).filter(status=StudentStatus.ENROLLED, graduation_cohort=class_of),
        class_of,
    )
    per: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for school_id, fa, cc, univ in qs.values_list("school_id", "c_fa", "c_cc", "c_univ"):
        row = per[school_id]
        row["seniors"] += 1
        if fa == "fafsa_completed":
            row["fafsa"] += 1
        elif fa == "cadaa_completed":
            row["cadaa"] += 1
        elif fa in ("opted_out", "exempted"):
            row["opted_out"] += 1
        else:
            row["no_decision"] += 1
        if cc in APPLIED_CODES or univ in APPLIED_CODES:
            row["applied"] += 1
        else:
            row["not_applied"] += 1
    names = _school_names(per)
    counts = ("seniors", "fafsa", "cadaa", "opted_out", "no_decision", "applied", "not_applied")
    raw: list[dict[str, Any]] = []
    for sid in sorted(per, key=lambda k: names.get(k, "")):
        raw.append({"school": names.get(sid, str(sid)), **{c: per[sid][c] for c in counts}})
    raw.append({"school": "total", **{c: sum(r[c] for r in raw) for c in counts}})
    suppress = _suppressed_for(actor)
    rows = _publish(
        raw,
        partitions=[
            (["fafsa", "cadaa", "opted_out", "no_decision"], "seniors"),
            (["applied", "not_applied"], "seniors"),
        ],
        rates=[
            ("fafsa_pct", "fafsa", "seniors"), ("cadaa_pct", "cadaa", "seniors"),
            ("opted_out_pct", "opted_out", "seniors"),
            ("no_decision_pct", "no_decision", "seniors"),
            ("applied_pct", "applied", "seniors"),
        ],
        suppress=suppress,
    )  # fmt: skip
    columns = ("school", *counts, "fafsa_pct", "cadaa_pct", "opted_out_pct", "no_decision_pct",
               "applied_pct")  # fmt: skip
    return ProgressTable(columns=columns, rows=rows, suppressed=suppress)


# -- goals: 12 units and CCI ------------------------------------------------------------------


def _outcome_rows(
    student_ids: list[int],
) -> tuple[dict[int, list[pp.CourseRow]], dict[int, list[pp.CredentialRow]]]:
    """College course rows and CTE completions per student, read in two queries."""
    courses: dict[int, list[pp.CourseRow]] = defaultdict(list)
    creds: dict[int, list[pp.CredentialRow]] = defaultdict(list)
    if not student_ids:
        return courses, creds
    fields = (
        "student_id", "section__course__code", "section__course__provider", "section__term__code",
        "section__term__kind", "section__term__academic_year", "status", "grade",
        "units_attempted", "units_earned", "credit_type", "section__course__subject",
        "section__course__sector",
    )  # fmt: skip
    chunk = 5000
    for start in range(0, len(student_ids), chunk):
        ids = student_ids[start : start + chunk]
        for (sid, code, provider, term, kind, year, status, grade, attempted, earned, credit,
             subject, sector) in CourseEnrollment.objects.filter(
                student_id__in=ids, section__course__provider="college"
             ).values_list(*fields):  # fmt: skip
            units = earned if earned and grade else attempted
            courses[sid].append(
                pp.CourseRow(
                    code=code, title="", provider=provider, term=term, term_kind=kind,
                    academic_year=year, status=status, grade=grade, units=Decimal(units or 0),
                    credit_type=credit, subject=subject, sector=sector,
                )
            )  # fmt: skip
        for sid, title, earned_on, grade, code, sector in CredentialEarned.objects.filter(
            student_id__in=ids, kind="cte_pathway_completion"
        ).values_list(
            "student_id", "title", "earned_on", "capstone_grade", "cte_pathway__code",
            "cte_pathway__sector",
        ):  # fmt: skip
            creds[sid].append(
                pp.CredentialRow(
                    kind="cte_pathway_completion", title=title, earned_on=earned_on,
                    capstone_grade=grade, pathway_code=code or "", pathway_sector=sector or "",
                )
            )  # fmt: skip
    return courses, creds


@dataclass(frozen=True)
class GoalRow:
    student: Student
    units: pp.UnitProgress
    cci: pp.CciStatus
    off_track_units: bool
    off_track_cci: bool
    #: codes of the next actions, most urgent first
    next_actions: tuple[str, ...]


@dataclass(frozen=True)
class GoalPage:
    list_code: str
    rows: list[GoalRow]
    total: int
    offset: int
    limit: int
    counts: dict[str, int]


GOAL_LISTS = ("units", "cci")
#: Grades whose CCI projection is worked on (a student still has time to add a course).
CCI_GRADES = (11, 12)


def _cci_off_track(state: pp.CciStatus) -> bool:
    return state.projected_level == "Not Prepared"


def _goal_actions(units: pp.UnitProgress, state: pp.CciStatus, grade: int) -> tuple[str, ...]:
    actions: list[str] = []
    if units.status == "off_track":
        actions.append("plan_college_courses")
    if grade in CCI_GRADES and _cci_off_track(state):
        if state.cte_pathway_completed:
            actions.append("add_college_course_for_cte_route")
        else:
            actions.append("enroll_college_course_this_year")
    if units.status == "on_track" and units.enrolled == 0:
        actions.append("enroll_next_term")
    return tuple(actions)


def goal_list(
    *,
    actor: Any,
    list_code: str = "units",
    channel: str,
    caseload_only: bool = True,
    school_id: int | None = None,
    today: dt.date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> GoalPage:
    """Students off track for 12 units (`units`) or for the CCI college-credit and CTE routes
    (`cci`: juniors and seniors whose record, with the courses under way passed, still projects
    Not Prepared), with the next action. Each student shown is logged as read."""
    if not can_work_campaigns(actor):
        raise access.StudentAccessDenied("The goal lists are for school staff.")
    if list_code not in GOAL_LISTS:
        raise ValueError(f"unknown goal list {list_code!r}")
    today = today or timezone.localdate()
    qs = access.student_scope(actor).filter(status=StudentStatus.ENROLLED, grade__gte=9)
    if caseload_only:
        qs = qs.filter(counselor=actor)
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    people = list(
        qs.order_by("last_name", "first_name", "pk").values_list("pk", "grade", "graduation_cohort")
    )
    courses, creds = _outcome_rows([p[0] for p in people])
    results: dict[int, tuple[pp.UnitProgress, pp.CciStatus]] = {}
    units_off: list[int] = []
    cci_off: list[int] = []
    for sid, grade, cohort in people:
        rows = courses.get(sid, [])
        units = pp.unit_progress(rows, grade=grade, class_of=cohort, today=today, status="enrolled")
        # The CCI projection counts the courses under way as if passed.
        hoped = [pp.CourseRow(**{**r.__dict__, "grade": "P"}) if r.under_way else r for r in rows]
        state = pp.cci_status(hoped, creds.get(sid, []))
        results[sid] = (units, state)
        if units.status == "off_track":
            units_off.append(sid)
        if grade in CCI_GRADES and _cci_off_track(state):
            cci_off.append(sid)
    chosen = units_off if list_code == "units" else cci_off
    page_ids = chosen[offset : offset + limit]
    students = {
        s.pk: s
        for s in Student.objects.filter(pk__in=page_ids).select_related("school", "counselor")
    }
    audit_record_student_reads(
        actor=actor, action="students.listed", student_ids=page_ids,
        purpose=f"goal list: off track for {list_code}", channel=channel,
    )  # fmt: skip
    rows_out = []
    for sid in page_ids:
        units, state = results[sid]
        s = students[sid]
        rows_out.append(
            GoalRow(
                student=s, units=units, cci=state, off_track_units=units.status == "off_track",
                off_track_cci=s.grade in CCI_GRADES and _cci_off_track(state),
                next_actions=_goal_actions(units, state, s.grade),
            )
        )  # fmt: skip
    return GoalPage(
        list_code=list_code, rows=rows_out, total=len(chosen), offset=offset, limit=limit,
        counts={"units": len(units_off), "cci": len(cci_off)},
    )  # fmt: skip


def goal_school_summary(*, actor: Any, today: dt.date | None = None) -> ProgressTable:
    """Per school and in total: last year's graduates with >= 12 units (share), students still
    enrolled who have met or are on track for 12 units (share), and this year's seniors whose
    record projects Prepared on the CCI college-credit or CTE route (share). Suppressed for
    analysts; these are the figures the analytics dashboards take over."""
    if not can_see_progress(actor):
        raise access.StudentAccessDenied("Your role does not see goal progress.")
    today = today or timezone.localdate()
    class_of = class_of_for(today)
    scope = _aggregate_scope(actor)
    people = list(
        scope.filter(
            Q(status=StudentStatus.ENROLLED)
            | Q(status=StudentStatus.GRADUATED, graduation_cohort=class_of - 1)
        ).values_list("pk", "school_id", "grade", "graduation_cohort", "status")
    )
    courses, creds = _outcome_rows([p[0] for p in people])
    per: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid, school_id, grade, cohort, status in people:
        row = per[school_id]
        rows = courses.get(sid, [])
        units = pp.unit_progress(rows, grade=grade, class_of=cohort, today=today, status=status)
        if status == StudentStatus.GRADUATED:
            row["graduates"] += 1
            row["graduates_12" if units.status == "met" else "graduates_under_12"] += 1
            continue
        row["enrolled"] += 1
        row["enrolled_on_track" if units.status != "off_track" else "enrolled_off_track"] += 1
        if cohort == class_of:
            row["seniors"] += 1
            state = pp.cci_status(rows, creds.get(sid, []))
            row["seniors_prepared" if state.projected_level == "Prepared" else
                "seniors_not_prepared"] += 1  # fmt: skip
    names = _school_names(per)
    counts = (
        "graduates", "graduates_12", "graduates_under_12", "enrolled", "enrolled_on_track",
        "enrolled_off_track", "seniors", "seniors_prepared", "seniors_not_prepared",
    )  # fmt: skip
    raw: list[dict[str, Any]] = []
    for sid in sorted(per, key=lambda k: names.get(k, "")):
        raw.append({"school": names.get(sid, str(sid)), **{c: per[sid][c] for c in counts}})
    raw.append({"school": "total", **{c: sum(r[c] for r in raw) for c in counts}})
    suppress = _suppressed_for(actor)
    published = _publish(
        raw,
        partitions=[
            (["graduates_12", "graduates_under_12"], "graduates"),
            (["enrolled_on_track", "enrolled_off_track"], "enrolled"),
            (["seniors_prepared", "seniors_not_prepared"], "seniors"),
        ],
        rates=[
            ("graduates_12_pct", "graduates_12", "graduates"),
            ("on_track_pct", "enrolled_on_track", "enrolled"),
            ("prepared_pct", "seniors_prepared", "seniors"),
        ],
        suppress=suppress,
    )  # fmt: skip
    columns = ("school", *counts, "graduates_12_pct", "on_track_pct", "prepared_pct")
    return ProgressTable(columns=columns, rows=published, suppressed=suppress)


__all__ = [
    "CAMPAIGN_LISTS",
    "GOAL_LISTS",
    "campaign_deadlines",
    "campaign_get",
    "campaign_list",
    "campaign_progress_by_school",
    "goal_list",
    "goal_school_summary",
    "passport_get",
]


# --- outcome entry page (the student record itself was read through the access layer) -------


def credential_queryset(*, student_id: int) -> QuerySet[CredentialEarned]:
    """This student's credentials (the caller read the student through the access layer)."""
    return CredentialEarned.objects.filter(student_id=student_id)


def outcome_corrections_list(*, student_id: int, credential_ids: list[int]) -> list[Any]:
    from openpathways.outcomes.models import OutcomeCorrection

    return list(
        OutcomeCorrection.objects.filter(
            student_id=student_id, record_type="credential", record_id__in=credential_ids
        ).order_by("-changed_at", "-pk")
    )


def aa_degree_plan_list(*, student_id: int) -> list[AaDegreePlan]:
    return list(
        AaDegreePlan.objects.filter(student_id=student_id)
        .select_related("aa_pathway__college")
        .order_by("declared_on")
    )


# --- keys for the outcomes import (identifiers and correctable values only) -------------------


def outcome_import_keys(
    *, ssids: set[str], credential_kinds: tuple[str, ...]
) -> tuple[dict[str, int], list[dict[str, Any]], set[tuple[int, int]]]:
    """For the outcomes import: student ids by state student ID, the credentials of these kinds
    already recorded for them (identifying and correctable fields), and their AA plans."""
    from openpathways.students.models import Student

    students = dict(
        Student.objects.filter(state_student_id__in=ssids).values_list("state_student_id", "pk")
    )
    fields = (
        "pk", "student_id", "kind", "title", "issuer_id", "certification_id", "cte_pathway_id",
        "capstone_grade", "elective_credits", "earned_on",
    )  # fmt: skip
    credentials: list[dict[str, Any]] = [
        dict(row)
        for row in CredentialEarned.objects.filter(
            student__in=students.values(), kind__in=credential_kinds
        )
        .values(*fields)
        .order_by("pk")
    ]
    planned = set(
        AaDegreePlan.objects.filter(student__in=students.values()).values_list(
            "student_id", "aa_pathway_id"
        )
    )
    return students, credentials, planned


def college_units_passed(*, student_ids: set[int]) -> dict[int, Decimal]:
    """College units passed (C- or better, or P) per student, as the passport counts them."""
    from openpathways.catalog.models import Provider
    from openpathways.enrollments.models import SUCCESS_GRADES

    held: dict[int, Decimal] = defaultdict(Decimal)
    rows = CourseEnrollment.objects.filter(
        student__in=student_ids, section__course__provider=Provider.COLLEGE,
        grade__in=SUCCESS_GRADES,
    ).values_list("student_id", "units_earned", "units_attempted")  # fmt: skip
    for student_id, earned, attempted in rows:
        held[student_id] += Decimal(earned or attempted or 0)
    return dict(held)


def outcome_reference_keys(*, issuer_codes: set[str], pathway_codes: set[str]) -> dict[str, Any]:
    """For the outcomes import: issuers by code, certifications by folded name, CTE pathways by
    code and AA pathways by (college, folded title) — the catalog rows an outcome names."""
    from openpathways.catalog.models import AaDegreePathway, CtePathway, IndustryCertification
    from openpathways.organizations.models import Organization

    orgs = dict(Organization.objects.filter(code__in=issuer_codes).values_list("code", "pk"))
    certifications: dict[str, list[tuple[int, str]]] = {}
    for pk, cert_name in IndustryCertification.objects.values_list("pk", "name"):
        certifications.setdefault(cert_name.casefold(), []).append((pk, cert_name))
    pathways = {
        code: (pk, title)
        for pk, code, title in CtePathway.objects.filter(code__in=pathway_codes).values_list(
            "pk", "code", "title"
        )
    }
    aa_pathways = {
        (college, title.casefold()): pk
        for pk, college, title in AaDegreePathway.objects.filter(
            college__in=orgs.values()
        ).values_list("pk", "college_id", "title")
    }
    return {
        "orgs": orgs,
        "certifications": certifications,
        "pathways": pathways,
        "aa_pathways": aa_pathways,
    }


def semesters_left_in_high_school(*, class_of: int, today: dt.date) -> int:
    """Semesters after the current one before graduation (the passport's on-track rule); for
    other apps' views of the same projection (the counselor caseload)."""
    from openpathways.outcomes.passport import semesters_left

    return semesters_left(grade=0, class_of=class_of, today=today)
