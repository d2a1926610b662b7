"""Reading work-based learning: employers and their links, opportunities to review, the pages
an employer or supervisor sees through a link, a student's placements, the coordinator's queue
(unconfirmed hours, missing evaluations, applications to place), matching suggestions, Linked
Learning pathways per school, and students in pathways with and without a WBL experience.

Rows naming students are read within the actor's scope (`students.access.student_scope`) and
logged as reads of those students; pages opened through a link log the reads with the link named.
Counts shown to partners are suppressed (`students.selectors.suppress_counts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.audit.services import audit_record_student_reads
from openpathways.catalog.models import (
    Opportunity,
    OpportunityStatus,
    OpportunityType,
    WblOpportunity,
    WblType,
)
from openpathways.core.choices import IndustrySector
from openpathways.enrollments.models import CourseEnrollment, EnrollmentStatus
from openpathways.organizations.models import Contact, Organization, OrganizationKind
from openpathways.students.access import student_scope
from openpathways.students.models import Student, StudentStatus
from openpathways.students.selectors import suppress_counts
from openpathways.wbl.codes import MAX_GRADE, MIN_GRADE_BY_TYPE, EvaluationCode
from openpathways.wbl.models import (
    EmployerLink,
    HoursLog,
    LinkedLearningPathway,
    Placement,
    PlacementStatus,
)

#: Placement statuses that count as a work-based-learning experience.
EXPERIENCE_STATUSES = (PlacementStatus.PLACED, PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
STAFF_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.COUNSELOR})
#: Roles that see WBL figures only as suppressed aggregates.
PARTNER_ROLES = frozenset({Role.ANALYST, Role.CITY_PARTNER, Role.EMPLOYER})


def _is_user(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def _is_staff(actor: Any) -> bool:
    return _is_user(actor) and (actor.is_superuser or actor.role in STAFF_ROLES)


def is_publisher(actor: Any) -> bool:
    return _is_user(actor) and (actor.is_superuser or actor.role == Role.DISTRICT_ADMIN)


def _localized(english: str, spanish: str) -> str:
    lang = translation.get_language() or "en"
    return spanish if lang.startswith("es") and spanish else english


def _log(actor: Any, student_ids: set[int] | list[int], purpose: str, channel: str = "web",
         details: dict[str, Any] | None = None) -> None:  # fmt: skip
    if student_ids:
        audit_record_student_reads(
            actor=actor, action="students.listed", student_ids=sorted(set(student_ids)),
            purpose=purpose, channel=channel, details=details,
        )  # fmt: skip


# --------------------------------------------------------------------------- employers


@dataclass(frozen=True)
class EmployerRow:
    employer_id: int
    name: str
    sector: str
    city: str
    is_vendor: bool
    contacts: int
    contracts: int
    opportunities: int
    submitted: int


def employer_list(*, actor: Any, search: str = "", vendors_only: bool = False) -> list[EmployerRow]:
    """Employers and vendors with their counts (district staff who publish)."""
    if not is_publisher(actor):
        return []
    qs = Organization.objects.filter(kind=OrganizationKind.EMPLOYER)
    if search:
        qs = qs.filter(name__icontains=search)
    if vendors_only:
        qs = qs.filter(is_vendor=True)
    qs = qs.annotate(
        n_contacts=Count("contacts", distinct=True),
        n_contracts=Count("vendor_contracts", distinct=True),
        n_opps=Count("wbl_opportunities", distinct=True),
        n_submitted=Count(
            "wbl_opportunities",
            filter=Q(wbl_opportunities__status=OpportunityStatus.SUBMITTED),
            distinct=True,
        ),
    ).order_by("name", "pk")
    return [
        EmployerRow(
            employer_id=o.pk,
            name=o.name,
            sector=o.get_industry_sector_display(),
            city=o.city,
            is_vendor=o.is_vendor,
            contacts=o.n_contacts,
            contracts=o.n_contracts,
            opportunities=o.n_opps,
            submitted=o.n_submitted,
        )
        for o in qs[:500]
    ]


@dataclass(frozen=True)
class LinkRow:
    link_id: int
    purpose: str
    contact: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None

    @property
    def working(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


@dataclass(frozen=True)
class OpportunityRow:
    opportunity_id: int
    title: str
    wbl_type: str
    wbl_type_code: str
    sector: str
    sector_code: str
    status: str
    status_code: str
    slots: int
    hours: int
    location_city: str
    state_course_code: str
    contract: str
    employer: str
    placed: int
    schools: int


def _opportunity_rows(qs: Any) -> list[OpportunityRow]:
    qs = qs.select_related("employer", "vendor_contract").annotate(
        n_placed=Count(
            "placements", filter=Q(placements__status__in=EXPERIENCE_STATUSES), distinct=True
        ),
        n_schools=Count("opportunity", filter=Q(opportunity__active=True), distinct=True),
    )
    return [
        OpportunityRow(
            opportunity_id=o.pk,
            title=_localized(o.title, o.title_es),
            wbl_type=o.get_wbl_type_display(),
            wbl_type_code=o.wbl_type,
            sector=o.get_sector_display(),
            sector_code=o.sector,
            status=o.get_status_display(),
            status_code=o.status,
            slots=o.slots,
            hours=o.hours,
            location_city=o.location_city,
            state_course_code=o.state_course_code,
            contract=str(o.vendor_contract) if o.vendor_contract else "",
            employer=o.employer.name,
            placed=o.n_placed,
            schools=o.n_schools,
        )
        for o in qs
    ]


@dataclass(frozen=True)
class EmployerDetail:
    employer: Organization
    contacts: list[Contact]
    links: list[LinkRow]
    opportunities: list[OpportunityRow]


def employer_get(*, actor: Any, employer_id: int) -> EmployerDetail | None:
    if not is_publisher(actor):
        return None
    org = Organization.objects.filter(pk=employer_id, kind=OrganizationKind.EMPLOYER).first()
    if org is None:
        return None
    links = EmployerLink.objects.filter(employer=org).select_related("contact").order_by("-pk")
    return EmployerDetail(
        employer=org,
        contacts=list(org.contacts.order_by("name")),
        links=[
            LinkRow(
                link_id=lk.pk,
                purpose=lk.purpose,
                contact=lk.contact.name if lk.contact else "",
                issued_at=lk.issued_at,
                expires_at=lk.expires_at,
                revoked_at=lk.revoked_at,
                last_used_at=lk.last_used_at,
            )
            for lk in links[:50]
        ],
        opportunities=_opportunity_rows(
            WblOpportunity.objects.filter(employer=org).order_by("-pk")
        ),
    )


def wbl_opportunity_review_list(*, actor: Any) -> list[OpportunityRow]:
    """Postings waiting for a coordinator's review, oldest first."""
    if not is_publisher(actor):
        return []
    return _opportunity_rows(
        WblOpportunity.objects.filter(status=OpportunityStatus.SUBMITTED).order_by("created_at")
    )


def wbl_opportunity_get(*, opportunity_id: int) -> OpportunityRow | None:
    rows = _opportunity_rows(WblOpportunity.objects.filter(pk=opportunity_id))
    return rows[0] if rows else None


def employer_link_page(*, link: EmployerLink) -> list[OpportunityRow]:
    """What an employer's posting link shows: its own opportunities (no student data)."""
    return _opportunity_rows(WblOpportunity.objects.filter(employer=link.employer).order_by("-pk"))


# --------------------------------------------------------------------------- supervisor


@dataclass(frozen=True)
class HoursRow:
    hours_id: int
    worked_on: dt.date
    hours: Decimal
    confirmed_at: dt.datetime | None
    confirmed_by: str


@dataclass(frozen=True)
class SupervisedPlacement:
    placement_id: int
    student_name: str
    opportunity: str
    wbl_type_code: str
    status: str
    status_code: str
    start_date: dt.date | None
    supervisor_signed: bool
    evaluation_code: str
    evaluation: str
    hours: list[HoursRow]
    confirmed_total: Decimal
    unconfirmed_total: Decimal


def _hours_rows(entries: list[HoursLog]) -> tuple[list[HoursRow], Decimal, Decimal]:
    rows = [
        HoursRow(
            hours_id=h.pk,
            worked_on=h.worked_on,
            hours=h.hours,
            confirmed_at=h.confirmed_at,
            confirmed_by=h.confirmed_by,
        )
        for h in entries
    ]
    confirmed = sum((h.hours for h in entries if h.confirmed_at), Decimal(0))
    pending = sum((h.hours for h in entries if not h.confirmed_at), Decimal(0))
    return rows, confirmed, pending


def supervisor_page(*, link: EmployerLink) -> list[SupervisedPlacement]:
    """The placements the link's supervisor supervises, with hours and evaluation. The interns
    are named (first name and last initial: the minimum the supervisor needs) and the read is
    logged with the link."""
    placements = list(
        Placement.objects.filter(
            supervisor_id=link.contact_id,
            status__in=(PlacementStatus.PLACED, PlacementStatus.ACTIVE, PlacementStatus.COMPLETED),
        )
        .select_related("student", "opportunity")
        .order_by("-start_date", "pk")
    )
    by_placement: dict[int, list[HoursLog]] = {}
    for h in HoursLog.objects.filter(placement__in=placements).order_by("worked_on", "pk"):
        by_placement.setdefault(h.placement_id, []).append(h)
    _log(None, {p.student_id for p in placements}, "supervisor link", channel="link",
         details={"link_id": link.pk, "employer_id": link.employer_id})  # fmt: skip
    out = []
    for p in placements:
        rows, confirmed, pending = _hours_rows(by_placement.get(p.pk, []))
        out.append(
            SupervisedPlacement(
                placement_id=p.pk,
                student_name=f"{p.student.first_name} {p.student.last_name[:1]}.",
                opportunity=_localized(p.opportunity.title, p.opportunity.title_es),
                wbl_type_code=p.opportunity.wbl_type,
                status=p.get_status_display(),
                status_code=p.status,
                start_date=p.start_date,
                supervisor_signed=p.supervisor_signed_at is not None,
                evaluation_code=p.evaluation_code,
                evaluation=str(EvaluationCode(p.evaluation_code).label)
                if p.evaluation_code in EvaluationCode.values
                else "",
                hours=rows,
                confirmed_total=confirmed,
                unconfirmed_total=pending,
            )
        )
    return out


# --------------------------------------------------------------------------- students


@dataclass(frozen=True)
class StudentPlacement:
    placement_id: int
    opportunity: str
    employer: str
    wbl_type: str
    status: str
    status_code: str
    start_date: dt.date | None
    end_date: dt.date | None
    supervisor: str
    student_signed: bool
    guardian_signed: bool
    supervisor_signed: bool
    hours: list[HoursRow]
    confirmed_total: Decimal
    unconfirmed_total: Decimal
    evaluation: str


@dataclass(frozen=True)
class OpenOpportunity:
    opportunity_id: int
    title: str
    employer: str
    wbl_type: str
    sector: str
    location_city: str
    hours: int
    places_left: int
    score: int
    reasons: list[str] = field(default_factory=list)


def placement_list_for_student(
    *, actor: Any, student_id: int, purpose: str = "work-based learning"
) -> list[StudentPlacement]:
    """One student's placements with hours, agreement signatures and evaluation (the student,
    their guardians and staff in scope); logged as a read of the student."""
    if not _is_user(actor) or not student_scope(actor).filter(pk=student_id).exists():
        return []
    if actor.role == Role.EMPLOYER:
        return []
    placements = list(
        Placement.objects.filter(student_id=student_id)
        .select_related("opportunity", "opportunity__employer", "supervisor")
        .order_by("-created_at", "-pk")
    )
    hours: dict[int, list[HoursLog]] = {}
    for h in HoursLog.objects.filter(placement__in=placements).order_by("worked_on", "pk"):
        hours.setdefault(h.placement_id, []).append(h)
    _log(actor, [student_id], purpose)
    out = []
    for p in placements:
        rows, confirmed, pending = _hours_rows(hours.get(p.pk, []))
        out.append(
            StudentPlacement(
                placement_id=p.pk,
                opportunity=_localized(p.opportunity.title, p.opportunity.title_es),
                employer=p.opportunity.employer.name,
                wbl_type=p.opportunity.get_wbl_type_display(),
                status=p.get_status_display(),
                status_code=p.status,
                start_date=p.start_date,
                end_date=p.end_date,
                supervisor=p.supervisor.name if p.supervisor else "",
                student_signed=p.student_signed_at is not None,
                guardian_signed=p.guardian_signed_at is not None,
                supervisor_signed=p.supervisor_signed_at is not None,
                hours=rows,
                confirmed_total=confirmed,
                unconfirmed_total=pending,
                evaluation=str(EvaluationCode(p.evaluation_code).label)
                if p.evaluation_code in EvaluationCode.values
                else "",
            )
        )
    return out


def _student_sectors(student_id: int) -> set[str]:
    return set(
        CourseEnrollment.objects.filter(
            student_id=student_id,
            status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED),
        )
        .exclude(section__course__sector="")
        .values_list("section__course__sector", flat=True)
    )


def opportunity_list_for_student(*, actor: Any) -> list[OpenOpportunity]:
    """Published opportunities offered at the signed-in student's school, for their grade,
    ranked as suggestions: a sector of the student's pathway courses first, then a sector of
    their school's Linked Learning pathways, then the city they live in."""
    if not _is_user(actor) or actor.role != Role.STUDENT or not actor.student_id:
        return []
    student = Student.objects.filter(pk=actor.student_id).first()
    if student is None:
        return []
    return _ranked_for(student)


def _ranked_for(student: Student) -> list[OpenOpportunity]:
    sectors = _student_sectors(student.pk)
    school_sectors = set(
        LinkedLearningPathway.objects.filter(school_id=student.school_id, active=True).values_list(
            "sector", flat=True
        )
    )
    offered = (
        WblOpportunity.objects.filter(
            status=OpportunityStatus.PUBLISHED,
            opportunity__school_id=student.school_id,
            opportunity__active=True,
        )
        .distinct()
        .select_related("employer")
        .annotate(
            taken=Count(
                "placements",
                filter=Q(placements__status__in=(PlacementStatus.PLACED, PlacementStatus.ACTIVE)),
                distinct=True,
            )
        )
    )
    out = []
    for o in offered:
        if not MIN_GRADE_BY_TYPE.get(o.wbl_type, 9) <= student.grade <= MAX_GRADE:
            continue
        score, reasons = 0, []
        if o.sector in sectors:
            score += 3
            reasons.append(str(_("Matches your pathway courses")))
        if o.sector in school_sectors:
            score += 2
            reasons.append(str(_("Your school's Linked Learning pathway")))
        if o.location_city and o.location_city.lower() == student.residence_city.lower():
            score += 1
            reasons.append(str(_("Near where you live")))
        out.append(
            OpenOpportunity(
                opportunity_id=o.pk,
                title=_localized(o.title, o.title_es),
                employer=o.employer.name,
                wbl_type=o.get_wbl_type_display(),
                sector=o.get_sector_display(),
                location_city=o.location_city,
                hours=o.hours,
                places_left=max(o.slots - o.taken, 0),
                score=score,
                reasons=reasons,
            )
        )
    out.sort(key=lambda r: (-r.score, r.title))
    return out


@dataclass(frozen=True)
class Suggestion:
    student_id: int
    name: str
    school: str
    grade: int
    score: int
    reasons: list[str]


def placement_suggestions(*, actor: Any, opportunity_id: int, limit: int = 20) -> list[Suggestion]:
    """Students in the actor's scope a coordinator might place in this opportunity: at a school
    where it is offered, in a grade the type admits, with no current placement; ranked by the
    sector of their pathway courses, their school's Linked Learning pathways and where they live.
    The students listed are logged as read."""
    if not _is_staff(actor):
        return []
    opp = WblOpportunity.objects.filter(pk=opportunity_id).first()
    if opp is None:
        return []
    schools = Opportunity.objects.filter(wbl_opportunity=opp, active=True).values("school_id")
    low = MIN_GRADE_BY_TYPE.get(opp.wbl_type, 9)
    in_sector = CourseEnrollment.objects.filter(
        student=OuterRef("pk"), section__course__sector=opp.sector,
        status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED),
    )  # fmt: skip
    ll = LinkedLearningPathway.objects.filter(
        school=OuterRef("school_id"), sector=opp.sector, active=True
    )
    busy = Placement.objects.filter(
        student=OuterRef("pk"),
        status__in=(PlacementStatus.APPLIED, PlacementStatus.PLACED, PlacementStatus.ACTIVE),
    )
    qs = (
        student_scope(actor)
        .filter(school_id__in=schools, grade__gte=low, grade__lte=MAX_GRADE,
                status=StudentStatus.ENROLLED)
        .annotate(in_sector=Exists(in_sector), in_ll=Exists(ll), busy=Exists(busy))
        .filter(busy=False)
        .select_related("school")
    )  # fmt: skip
    city = opp.location_city.lower()
    candidates = []
    for s in qs.filter(Q(in_sector=True) | Q(in_ll=True)).order_by("pk")[:2000]:
        score, reasons = 0, []
        if s.in_sector:
            score += 3
            reasons.append(str(_("Pathway courses in the sector")))
        if s.in_ll:
            score += 2
            reasons.append(str(_("School's Linked Learning pathway")))
        if city and s.residence_city.lower() == city:
            score += 1
            reasons.append(str(_("Lives in the same city")))
        candidates.append((score, s, reasons))
    candidates.sort(key=lambda c: (-c[0], c[1].last_name, c[1].first_name, c[1].pk))
    top = candidates[:limit]
    _log(actor, [s.pk for _score, s, _r in top], "work-based learning matching")
    return [
        Suggestion(
            student_id=s.pk,
            name=s.full_name,
            school=s.school.name,
            grade=s.grade,
            score=score,
            reasons=reasons,
        )
        for score, s, reasons in top
    ]


# --------------------------------------------------------------------------- coordinator queue


@dataclass(frozen=True)
class QueueRow:
    placement_id: int
    student_id: int
    student: str
    school: str
    opportunity: str
    employer: str
    supervisor: str
    status: str
    status_code: str
    unconfirmed_hours: Decimal
    oldest_unconfirmed: dt.date | None
    confirmed_hours: Decimal
    evaluation_missing: bool
    agreement_missing: list[str]


@dataclass(frozen=True)
class CoordinatorQueue:
    applications: list[QueueRow]
    unconfirmed_hours: list[QueueRow]
    missing_evaluations: list[QueueRow]


def coordinator_queue(*, actor: Any, limit: int = 200) -> CoordinatorQueue:
    """What needs a coordinator: applications to place, placements with hours the supervisor
    has not confirmed, internships started without an evaluation. Students listed are logged."""
    if not _is_staff(actor):
        return CoordinatorQueue([], [], [])
    qs = (
        Placement.objects.filter(student__in=student_scope(actor).values("pk"))
        .exclude(status=PlacementStatus.WITHDRAWN)
        .annotate(
            pending=Sum("hours__hours", filter=Q(hours__confirmed_at__isnull=True)),
            confirmed=Sum("hours__hours", filter=Q(hours__confirmed_at__isnull=False)),
        )
        .select_related("student", "student__school", "opportunity", "opportunity__employer",
                        "supervisor")
    )  # fmt: skip
    applications = list(qs.filter(status=PlacementStatus.APPLIED).order_by("created_at")[:limit])
    unconfirmed = list(qs.filter(pending__gt=0).order_by("student__last_name", "pk")[:limit])
    missing = list(
        qs.filter(
            opportunity__wbl_type=WblType.INTERNSHIP,
            status__in=(PlacementStatus.ACTIVE, PlacementStatus.COMPLETED),
            evaluation_code="",
        ).order_by("-status", "student__last_name", "pk")[:limit]
    )
    rows_by_kind = []
    for group in (applications, unconfirmed, missing):
        rows = []
        for p in group:
            first = (
                p.hours.filter(confirmed_at__isnull=True).order_by("worked_on").first()
                if p.pending
                else None
            )
            agreement = [
                name for name, at in (
                    (str(_("student")), p.student_signed_at),
                    (str(_("guardian")), p.guardian_signed_at),
                    (str(_("supervisor")), p.supervisor_signed_at),
                ) if at is None
            ]  # fmt: skip
            rows.append(
                QueueRow(
                    placement_id=p.pk,
                    student_id=p.student_id,
                    student=p.student.full_name,
                    school=p.student.school.name,
                    opportunity=_localized(p.opportunity.title, p.opportunity.title_es),
                    employer=p.opportunity.employer.name,
                    supervisor=p.supervisor.name if p.supervisor else "",
                    status=p.get_status_display(),
                    status_code=p.status,
                    unconfirmed_hours=p.pending or Decimal(0),
                    oldest_unconfirmed=first.worked_on if first else None,
                    confirmed_hours=p.confirmed or Decimal(0),
                    evaluation_missing=p.opportunity.wbl_type == WblType.INTERNSHIP
                    and not p.evaluation_code,
                    agreement_missing=agreement if p.status == PlacementStatus.PLACED else [],
                )
            )
        rows_by_kind.append(rows)
    _log(actor, {r.student_id for rows in rows_by_kind for r in rows}, "work-based learning queue")
    return CoordinatorQueue(*rows_by_kind)


# --------------------------------------------------------------------------- pathways


@dataclass(frozen=True)
class PathwayRow:
    school_id: int
    school: str
    pathway: str
    sector: str
    sector_code: str
    certified: bool
    opportunities: list[str]


def linked_learning_pathway_list(
    *, actor: Any, school_id: int | None = None, sector: str = ""
) -> list[PathwayRow]:
    """Linked Learning pathways per school by sector, each with the published WBL opportunities
    offered at that school in its sector (no student data: open to every signed-in user)."""
    if not _is_user(actor):
        return []
    qs = LinkedLearningPathway.objects.filter(active=True).select_related("school")
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if sector:
        qs = qs.filter(sector=sector)
    pathways = list(qs.order_by("school__name", "sector", "name")[:2000])
    offered: dict[tuple[int, str], list[str]] = {}
    opp_rows = (
        Opportunity.objects.filter(
            type=OpportunityType.WORK_BASED_LEARNING, active=True,
            school_id__in={p.school_id for p in pathways},
            wbl_opportunity__status=OpportunityStatus.PUBLISHED,
        )
        .values_list("school_id", "sector", "wbl_opportunity__title", "wbl_opportunity__title_es")
        .distinct()
    )  # fmt: skip
    for sid, sec, title, title_es in opp_rows:
        offered.setdefault((sid, sec), []).append(_localized(title, title_es))
    return [
        PathwayRow(
            school_id=p.school_id,
            school=p.school.name,
            pathway=_localized(p.name, p.name_es),
            sector=p.get_sector_display(),
            sector_code=p.sector,
            certified=p.certified,
            opportunities=sorted(set(offered.get((p.school_id, p.sector), []))),
        )
        for p in pathways
    ]


@dataclass(frozen=True)
class ExperienceRow:
    school: str
    sector: str
    in_pathway: str
    with_wbl: str
    without_wbl: str
    share_with: str


@dataclass(frozen=True)
class ExperienceReport:
    rows: list[ExperienceRow]
    suppressed: bool
    total_in_pathway: str
    total_with_wbl: str
    total_without_wbl: str


def _report_scope(actor: Any) -> Any:
    if not _is_user(actor):
        return Student.objects.none()
    if actor.is_superuser or actor.role in STAFF_ROLES:
        return student_scope(actor)
    if actor.role == Role.ANALYST and actor.organization_id:
        from openpathways.students.access import _org_subtree_q

        return Student.objects.filter(_org_subtree_q("school", actor.organization_id))
    return Student.objects.none()


def pathway_experience_report(*, actor: Any, suppress: bool | None = None) -> ExperienceReport:
    """Students in a Linked Learning pathway (enrolled in or completed a course of the pathway's
    sector at a school with that pathway) with and without a work-based-learning experience
    (a placement placed, active or completed), by school and sector. Counts only; suppressed
    (1-10 shown as `*`, with complementary cells) whenever the actor is a partner."""
    partner = not _is_staff(actor)
    hide = partner if suppress is None else (suppress or partner)
    students = _report_scope(actor).filter(status=StudentStatus.ENROLLED)
    pathways = LinkedLearningPathway.objects.filter(active=True).values_list("school_id", "sector")
    pairs = set(pathways)
    enrolled = (
        CourseEnrollment.objects.filter(
            student__in=students.values("pk"),
            status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED),
        )
        .exclude(section__course__sector="")
        .values_list("student_id", "student__school_id", "section__course__sector")
        .distinct()
    )
    members: dict[tuple[int, str], set[int]] = {}
    for sid, school_id, sector in enrolled.iterator(chunk_size=5000):
        if (school_id, sector) in pairs:
            members.setdefault((school_id, sector), set()).add(sid)
    experienced = set(
        Placement.objects.filter(
            student__in=students.values("pk"), status__in=EXPERIENCE_STATUSES
        ).values_list("student_id", flat=True)
    )
    names = dict(
        Organization.objects.filter(pk__in={k[0] for k in members}).values_list("pk", "name")
    )
    sector_labels = dict(IndustrySector.choices)
    rows = []
    keys = sorted(members, key=lambda k: (names.get(k[0], ""), str(sector_labels.get(k[1], k[1]))))
    total_in = total_with = 0
    all_in: set[int] = set()
    all_with: set[int] = set()
    for key in keys:
        ids = members[key]
        with_ = len(ids & experienced)
        all_in |= ids
        all_with |= ids & experienced
        cells = {"with": with_, "without": len(ids) - with_}
        shown = suppress_counts(cells) if hide else None
        share = f"{100 * with_ / len(ids):.0f}%" if ids else "0%"
        rows.append(
            ExperienceRow(
                school=names.get(key[0], ""),
                sector=str(sector_labels.get(key[1], key[1])),
                in_pathway=shown.total if shown else str(len(ids)),
                with_wbl=shown.cells["with"] if shown else str(with_),
                without_wbl=shown.cells["without"] if shown else str(len(ids) - with_),
                share_with="*" if shown and "*" in shown.cells.values() else share,
            )
        )
    total_in, total_with = len(all_in), len(all_with)
    totals = {"with": total_with, "without": total_in - total_with}
    shown_total = suppress_counts(totals) if hide else None
    return ExperienceReport(
        rows=rows, suppressed=hide,
        total_in_pathway=shown_total.total if shown_total else str(total_in),
        total_with_wbl=shown_total.cells["with"] if shown_total else str(total_with),
        total_without_wbl=(
            shown_total.cells["without"] if shown_total else str(total_in - total_with)
        ),
    )  # fmt: skip


# --------------------------------------------------------------------------- one placement


@dataclass(frozen=True)
class PlacementDetail:
    placement: StudentPlacement
    student_id: int
    student_name: str
    school: str
    grade: int
    opportunity_id: int
    wbl_type_code: str
    forms_on_file: list[tuple[str, dt.date]]
    checks: list[Any]  # services.Check rows (staff only)
    supervisors: list[tuple[int, str]]
    evaluation_code: str


def placement_detail_get(*, actor: Any, placement_id: int) -> PlacementDetail | None:
    """One placement as the student, a guardian or staff in scope see it (an employer sees its
    placements on the supervisor page instead); logged as a read of the student."""
    from openpathways.wbl.services import placement_eligibility

    if not _is_user(actor) or actor.role == Role.EMPLOYER:
        return None
    p = (
        Placement.objects.filter(pk=placement_id, student__in=student_scope(actor).values("pk"))
        .select_related("student", "student__school", "opportunity", "opportunity__employer")
        .first()
    )
    if p is None:
        return None
    [row] = [r for r in placement_list_for_student(actor=actor, student_id=p.student_id,
                                                   purpose="work-based learning placement")
             if r.placement_id == p.pk]  # fmt: skip
    checks: list[Any] = []
    if _is_staff(actor) and p.status == PlacementStatus.APPLIED:
        checks = placement_eligibility(
            student=p.student, opportunity=p.opportunity, placement=p
        ).checks
    return PlacementDetail(
        placement=row, student_id=p.student_id, student_name=p.student.full_name,
        school=p.student.school.name, grade=p.student.grade, opportunity_id=p.opportunity_id,
        wbl_type_code=p.opportunity.wbl_type,
        forms_on_file=list(p.forms.order_by("code").values_list("code", "received_on")),
        checks=checks,
        supervisors=list(
            Contact.objects.filter(organization_id=p.opportunity.employer_id)
            .order_by("name").values_list("pk", "name")
        ) if _is_staff(actor) else [],
        evaluation_code=p.evaluation_code,
    )  # fmt: skip
