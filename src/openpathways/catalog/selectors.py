"""Reading the catalog for home pages: opportunities by type, sections with seats, employers'
work-based-learning opportunities. Rows of the catalog only; student data appears as counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from openpathways.accounts.models import Role
from openpathways.applications.models import Application
from openpathways.catalog.models import (
    Opportunity,
    OpportunityType,
    Section,
    SectionStatus,
    WblOpportunity,
)
from openpathways.core.choices import IndustrySector
from openpathways.enrollments.models import CourseEnrollment, EnrollmentStatus
from openpathways.organizations.models import Organization, OrganizationKind, SchoolStatus
from openpathways.terms.models import Term
from openpathways.wbl.models import Placement, PlacementStatus

#: Roles whose home page shows the opportunities offered at the schools of their organization.
SCHOOL_SCOPED_ROLES = frozenset(
    {Role.DISTRICT_ADMIN, Role.SCHOOL_ADMIN, Role.COUNSELOR, Role.ANALYST}
)
#: Roles whose home page shows the sections their organization (a college or adult-ed) offers.
PROVIDER_ROLES = frozenset({Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF})


def _localized(english: str, spanish: str) -> str:
    """The Spanish title when Spanish is active and one exists."""
    language = (get_language() or "en").split("-")[0]
    return spanish if language == "es" and spanish else english


def _subtree_q(prefix: str, org_id: int) -> Q:
    """Rows whose organization at `prefix` is org or lies below it (up to three levels)."""
    lead = f"{prefix}__" if prefix else ""
    return (
        Q(**{f"{lead}pk": org_id})
        | Q(**{f"{lead}parent": org_id})
        | Q(**{f"{lead}parent__parent": org_id})
    )


def _scope_org_id(actor: Any, roles: frozenset[str]) -> int | bool | None:
    """The organization the actor's figures are scoped to; True for a superuser (everything);
    None when the actor has no such scope."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if actor.is_superuser:
        return True
    if actor.role not in roles:
        return None
    return actor.organization_id


def _school_orgs(actor: Any) -> QuerySet[Organization]:
    scope = _scope_org_id(actor, SCHOOL_SCOPED_ROLES)
    qs = Organization.objects.filter(kind=OrganizationKind.SCHOOL)
    if scope is True:
        return qs
    if scope is None or scope is False:
        return qs.none()
    return qs.filter(_subtree_q("", scope))


# --- opportunities by type ---------------------------------------------------------------


@dataclass(frozen=True)
class OpportunityTypeCount:
    type: str
    label: Any
    opportunities: int
    schools: int


@dataclass(frozen=True)
class OpportunitySummary:
    """The five opportunity types at the schools of the actor's organization in one year."""

    academic_year: int | None
    schools_serving_9_12: int
    schools_with_any: int
    by_type: list[OpportunityTypeCount]

    @property
    def academic_year_label(self) -> str:
        if self.academic_year is None:
            return ""
        return f"{self.academic_year}-{(self.academic_year + 1) % 100:02d}"


def opportunity_summary(*, actor: Any, academic_year: int | None = None) -> OpportunitySummary:
    """Active opportunities by type at the schools serving grades 9-12 in the actor's scope, in
    `academic_year` (default: the latest year with any opportunity in scope)."""
    schools = _school_orgs(actor).filter(
        school__serves_9_12=True, school__status=SchoolStatus.ACTIVE
    )
    opportunities = Opportunity.objects.filter(active=True, school__in=schools)
    if academic_year is None:
        academic_year = (
            opportunities.order_by("-academic_year").values_list("academic_year", flat=True).first()
        )
    counts: dict[str, tuple[int, int]] = {}
    with_any = 0
    if academic_year is not None:
        in_year = opportunities.filter(academic_year=academic_year).order_by()
        for row in in_year.values("type").annotate(
            n=Count("pk"), schools=Count("school", distinct=True)
        ):
            counts[row["type"]] = (row["n"], row["schools"])
        with_any = in_year.values("school").distinct().count()
    by_type = [
        OpportunityTypeCount(
            type=value,
            label=label,
            opportunities=counts.get(value, (0, 0))[0],
            schools=counts.get(value, (0, 0))[1],
        )
        for value, label in OpportunityType.choices
    ]
    return OpportunitySummary(
        academic_year=academic_year,
        schools_serving_9_12=schools.count(),
        schools_with_any=with_any,
        by_type=by_type,
    )


@dataclass(frozen=True)
class OpportunityRow:
    type_label: Any
    title: str


def opportunity_list_for_school(
    *, school_id: int, academic_year: int | None = None, limit: int = 20
) -> tuple[int | None, list[OpportunityRow]]:
    """What one school offers (public catalog facts) in `academic_year`, default its latest
    year: (year, rows by type then title), for a student's or a family's home page."""
    qs = Opportunity.objects.filter(active=True, school_id=school_id)
    if academic_year is None:
        academic_year = (
            qs.order_by("-academic_year").values_list("academic_year", flat=True).first()
        )
    if academic_year is None:
        return None, []
    order = {value: i for i, value in enumerate(OpportunityType.values)}
    rows = sorted(
        qs.filter(academic_year=academic_year),
        key=lambda o: (order.get(o.type, 99), _localized(o.title, o.title_es).lower(), o.pk),
    )[:limit]
    return academic_year, [
        OpportunityRow(type_label=o.get_type_display(), title=_localized(o.title, o.title_es))
        for o in rows
    ]


# --- sections and seats ------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSeats:
    section_id: int
    course_code: str
    course_title: str
    section_code: str
    host_site: str
    schedule: Any
    capacity: int
    enrolled: int

    @property
    def seats_open(self) -> int:
        return max(self.capacity - self.enrolled, 0)


@dataclass(frozen=True)
class TermSeats:
    """The sections of the actor's college (or adult-ed division) in the current term."""

    term_name: str
    start_date: dt.date | None
    end_date: dt.date | None
    section_count: int
    capacity: int
    enrolled: int
    seats_open: int
    sections: list[SectionSeats]


def _current_terms(terms: QuerySet[Term], today: dt.date) -> QuerySet[Term]:
    """Terms running today; else those starting next; else those that ended last."""
    running = terms.filter(start_date__lte=today, end_date__gte=today)
    if running.exists():
        return running
    upcoming = terms.filter(start_date__gt=today).order_by("start_date").first()
    if upcoming is not None:
        return terms.filter(start_date=upcoming.start_date)
    past = terms.order_by("-end_date").first()
    if past is not None:
        return terms.filter(end_date=past.end_date)
    return terms.none()


def section_seats_this_term(*, actor: Any, today: dt.date, limit: int = 25) -> TermSeats:
    """Sections (not cancelled) that the actor's organization offers in the current term, with
    capacity and enrolled counts; the first `limit` by course code, totals over all of them."""
    scope = _scope_org_id(actor, PROVIDER_ROLES)
    sections = Section.objects.exclude(status=SectionStatus.CANCELLED)
    if scope is None or scope is False:
        sections = sections.none()
    elif scope is not True:
        sections = sections.filter(_subtree_q("course__provider_org", scope))
    terms = _current_terms(Term.objects.filter(pk__in=sections.values("term_id")), today)
    first_term = terms.order_by("start_date", "pk").first()
    sections = (
        sections.filter(term__in=terms)
        .select_related("course", "host_site")
        .annotate(
            n_enrolled=Count(
                "enrollments",
                filter=Q(
                    enrollments__status__in=[
                        EnrollmentStatus.ENROLLED,
                        EnrollmentStatus.COMPLETED,
                    ]
                ),
                distinct=True,
            )
        )
        .order_by("course__code", "code", "pk")
    )
    all_rows = [
        SectionSeats(
            section_id=s.pk,
            course_code=s.course.code,
            course_title=_localized(s.course.title, s.course.title_es),
            section_code=s.code,
            host_site=s.host_site.name,
            schedule=s.get_schedule_display(),
            capacity=s.capacity,
            enrolled=s.n_enrolled,
        )
        for s in sections
    ]
    return TermSeats(
        term_name=first_term.name if first_term else "",
        start_date=first_term.start_date if first_term else None,
        end_date=first_term.end_date if first_term else None,
        section_count=len(all_rows),
        capacity=sum(r.capacity for r in all_rows),
        enrolled=sum(r.enrolled for r in all_rows),
        seats_open=sum(r.seats_open for r in all_rows),
        sections=all_rows[:limit],
    )


# --- employers' work-based learning --------------------------------------------------------


@dataclass(frozen=True)
class WblOpportunityRow:
    opportunity_id: int
    title: str
    wbl_type: Any
    status: Any
    slots: int
    hours: int
    placed: int


_PLACED = [PlacementStatus.PLACED, PlacementStatus.ACTIVE, PlacementStatus.COMPLETED]


def wbl_opportunity_list(*, actor: Any) -> list[WblOpportunityRow]:
    """The work-based-learning opportunities of the actor's employer, with placements counted."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    qs = WblOpportunity.objects.all()
    if not actor.is_superuser:
        if actor.role != Role.EMPLOYER or actor.organization_id is None:
            return []
        qs = qs.filter(employer_id=actor.organization_id)
    qs = qs.annotate(
        n_placed=Count("placements", filter=Q(placements__status__in=_PLACED), distinct=True)
    ).order_by("title", "pk")
    return [
        WblOpportunityRow(
            opportunity_id=o.pk,
            title=_localized(o.title, o.title_es),
            wbl_type=o.get_wbl_type_display(),
            status=o.get_status_display(),
            slots=o.slots,
            hours=o.hours,
            placed=o.n_placed,
        )
        for o in qs
    ]


# --- the opportunity finder ------------------------------------------------------------------
#
# Public catalog facts only: anonymous visitors may use it, so nothing here returns or names a
# student; seats are counts. Open seats = capacity (a section's, or a work-based-learning
# opportunity's slots) minus the seats already promised: live course enrollments on the college's
# roster plus approved or registered applications not yet on it (placements for work-based
# learning).

#: Application statuses that hold a seat before the college's roster shows it.
SEAT_HOLDING_STATUSES = ("approved", "registered")
#: Course-enrollment statuses that hold a seat.
SEAT_ENROLLMENT_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)
#: Placement statuses that take a work-based-learning slot.
SLOT_PLACEMENT_STATUSES = (PlacementStatus.PLACED, PlacementStatus.ACTIVE)
#: Schedules a student can filter by (the section's schedule kind).
FINDER_SCHEDULES = ("school_day", "after_school", "evening", "saturday")


@dataclass(frozen=True)
class FinderFilters:
    type: str = ""
    school_id: int | None = None
    sector: str = ""
    schedule: str = ""
    host_site_id: int | None = None
    modality: str = ""
    units_min: Decimal | None = None
    units_max: Decimal | None = None
    open_seats: bool = False
    q: str = ""
    academic_year: int | None = None

    @property
    def active(self) -> bool:
        return any(
            (
                self.type, self.school_id, self.sector, self.schedule, self.host_site_id,
                self.modality, self.units_min is not None, self.units_max is not None,
                self.open_seats, self.q,
            )
        )  # fmt: skip


@dataclass(frozen=True)
class FinderCard:
    opportunity_id: int
    type: str
    type_label: Any
    title: str
    school_name: str
    sector_label: Any
    section_id: int | None = None
    section_open: bool = False
    course_code: str = ""
    course_title: str = ""
    units: Decimal | None = None
    provider_name: str = ""
    term_name: str = ""
    term_start: dt.date | None = None
    schedule_label: Any = ""
    modality_label: Any = ""
    host_site: str = ""
    meeting_days: str = ""
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    capacity: int | None = None
    seats_taken: int | None = None
    employer_name: str = ""
    hours: int | None = None
    city: str = ""
    description: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def seats_open(self) -> int | None:
        if self.capacity is None or self.seats_taken is None:
            return None
        return max(self.capacity - self.seats_taken, 0)


@dataclass(frozen=True)
class FinderPage:
    cards: list[FinderCard]
    total: int
    offset: int
    limit: int
    academic_year: int | None

    @property
    def academic_year_label(self) -> str:
        if self.academic_year is None:
            return ""
        return f"{self.academic_year}-{(self.academic_year + 1) % 100:02d}"


def _seat_annotations(qs: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    zero = Value(0, output_field=IntegerField())
    enrolled = (
        CourseEnrollment.objects.filter(
            section_id=OuterRef("section_id"), status__in=SEAT_ENROLLMENT_STATUSES
        )
        .order_by()
        .values("section_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    on_roster = CourseEnrollment.objects.filter(
        section_id=OuterRef("section_id"),
        student_id=OuterRef("student_id"),
        status__in=SEAT_ENROLLMENT_STATUSES,
    )
    promised = (
        Application.objects.filter(
            section_id=OuterRef("section_id"), status__in=SEAT_HOLDING_STATUSES
        )
        .exclude(Exists(on_roster))
        .order_by()
        .values("section_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    placed = (
        Placement.objects.filter(
            opportunity_id=OuterRef("wbl_opportunity_id"), status__in=SLOT_PLACEMENT_STATUSES
        )
        .order_by()
        .values("opportunity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    section_taken = Coalesce(Subquery(enrolled, output_field=IntegerField()), zero) + Coalesce(
        Subquery(promised, output_field=IntegerField()), zero
    )
    wbl_taken = Coalesce(Subquery(placed, output_field=IntegerField()), zero)
    return qs.annotate(
        seat_capacity=Case(
            When(section__isnull=False, then=F("section__capacity")),
            When(wbl_opportunity__isnull=False, then=F("wbl_opportunity__slots")),
            default=None,
            output_field=IntegerField(),
        ),
        seats_taken=Case(
            When(section__isnull=False, then=section_taken),
            When(wbl_opportunity__isnull=False, then=wbl_taken),
            default=None,
            output_field=IntegerField(),
        ),
    )


def finder_latest_year() -> int | None:
    """The latest academic year with any active opportunity."""
    return (
        Opportunity.objects.filter(active=True)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .first()
    )


def _finder_queryset(filters: FinderFilters, year: int | None) -> QuerySet[Opportunity]:
    if year is None:
        return Opportunity.objects.none()
    qs = Opportunity.objects.filter(active=True, academic_year=year).exclude(
        section__status=SectionStatus.CANCELLED
    )
    qs = qs.exclude(wbl_opportunity__status__in=["draft", "submitted", "closed"])
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.school_id is not None:
        qs = qs.filter(school_id=filters.school_id)
    if filters.sector:
        qs = qs.filter(
            Q(sector=filters.sector)
            | Q(section__course__sector=filters.sector)
            | Q(cte_pathway__sector=filters.sector)
            | Q(certification__sector=filters.sector)
            | Q(wbl_opportunity__sector=filters.sector)
        )
    if filters.schedule:
        qs = qs.filter(section__schedule=filters.schedule)
    if filters.host_site_id is not None:
        qs = qs.filter(section__host_site_id=filters.host_site_id)
    if filters.modality:
        qs = qs.filter(section__modality=filters.modality)
    if filters.units_min is not None:
        qs = qs.filter(section__course__units__gte=filters.units_min)
    if filters.units_max is not None:
        qs = qs.filter(section__course__units__lte=filters.units_max)
    if filters.q:
        text = filters.q
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(title_es__icontains=text)
            | Q(section__course__code__icontains=text)
            | Q(section__course__title__icontains=text)
            | Q(section__course__title_es__icontains=text)
            | Q(cte_pathway__title__icontains=text)
            | Q(certification__name__icontains=text)
            | Q(wbl_opportunity__title__icontains=text)
            | Q(wbl_opportunity__employer__name__icontains=text)
            | Q(school__name__icontains=text)
        )
    if filters.open_seats:
        qs = _seat_annotations(qs).filter(seat_capacity__gt=F("seats_taken"))  # type: ignore[misc]
    return qs


_FINDER_RELATED = (
    "school", "section__course__provider_org", "section__term", "section__host_site",
    "cte_pathway", "certification", "wbl_opportunity__employer", "aa_pathway__college",
)  # fmt: skip


def _card(o: Opportunity) -> FinderCard:
    section = o.section
    course = section.course if section else None
    details: list[str] = []
    extra: dict[str, Any] = {}
    sector = o.sector or (course.sector if course else "")
    if o.cte_pathway is not None:
        sector = sector or o.cte_pathway.sector
        details = [str(step) for step in o.cte_pathway.course_sequence]
    if o.certification is not None:
        sector = sector or o.certification.sector
        extra["provider_name"] = o.certification.issuer
    if o.wbl_opportunity is not None:
        w = o.wbl_opportunity
        sector = sector or w.sector
        extra.update(
            employer_name=w.employer.name, hours=w.hours, city=w.location_city,
            description=w.description,
        )  # fmt: skip
    if o.aa_pathway is not None:
        extra["provider_name"] = o.aa_pathway.college.name
    if section is not None and course is not None:
        extra.update(
            section_id=section.pk, section_open=section.status == SectionStatus.OPEN,
            course_code=course.code, course_title=_localized(course.title, course.title_es),
            units=course.units, provider_name=course.provider_org.name,
            term_name=section.term.name, term_start=section.term.start_date,
            schedule_label=section.get_schedule_display(),
            modality_label=section.get_modality_display(), host_site=section.host_site.name,
            meeting_days=section.meeting_days, start_time=section.start_time,
            end_time=section.end_time,
        )  # fmt: skip
    sector_label = dict(IndustrySector.choices).get(sector, "") if sector else ""
    return FinderCard(
        opportunity_id=o.pk, type=o.type, type_label=o.get_type_display(),
        title=_localized(o.title, o.title_es), school_name=o.school.name,
        sector_label=sector_label, capacity=getattr(o, "seat_capacity", None),
        seats_taken=getattr(o, "seats_taken", None), details=details, **extra,
    )  # fmt: skip


def opportunity_find(*, filters: FinderFilters, offset: int = 0, limit: int = 20) -> FinderPage:
    """One page of active opportunities matching `filters` in the filters' academic year (default
    the latest), by type then title. Public catalog facts: safe for anonymous visitors."""
    year = filters.academic_year or finder_latest_year()
    qs = _finder_queryset(filters, year)
    total = qs.count()
    type_order = Case(
        *[When(type=value, then=Value(i)) for i, value in enumerate(OpportunityType.values)],
        default=Value(99),
        output_field=IntegerField(),
    )
    # The page's keys first (cheap), then seats and related rows for those twenty only.
    page_ids = list(
        qs.order_by(type_order, "school__name", "title", "section__course__code", "pk").values_list(
            "pk", flat=True
        )[offset : offset + limit]
    )
    by_id = {
        o.pk: o
        for o in _seat_annotations(Opportunity.objects.filter(pk__in=page_ids)).select_related(
            *_FINDER_RELATED
        )
    }
    rows = [by_id[pk] for pk in page_ids]
    return FinderPage(
        cards=[_card(o) for o in rows], total=total, offset=offset, limit=limit,
        academic_year=year,
    )  # fmt: skip


def opportunity_get(*, opportunity_id: int) -> FinderCard | None:
    """One active opportunity as a finder card (None when missing or inactive)."""
    qs = _seat_annotations(Opportunity.objects.filter(pk=opportunity_id, active=True))
    o = qs.select_related(*_FINDER_RELATED).first()
    return _card(o) if o is not None else None


@dataclass(frozen=True)
class FinderOptions:
    schools: list[tuple[int, str]]
    host_sites: list[tuple[int, str]]
    years: list[int]


def finder_options(*, academic_year: int | None) -> FinderOptions:
    """Menus of the finder: schools offering anything in the year, section host sites, years."""
    year = academic_year or finder_latest_year()
    in_year = Opportunity.objects.filter(active=True, academic_year=year or 0)
    schools = list(
        Organization.objects.filter(pk__in=in_year.values("school_id"))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    hosts = list(
        Organization.objects.filter(
            pk__in=Section.objects.filter(
                pk__in=in_year.exclude(section=None).values("section_id")
            ).values("host_site_id")
        )
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    years = list(
        Opportunity.objects.filter(active=True)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )
    return FinderOptions(schools=schools, host_sites=hosts, years=years)
