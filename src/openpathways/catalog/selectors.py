"""Reading the catalog for home pages: opportunities by type, sections with seats, employers'
work-based-learning opportunities. Rows of the catalog only; student data appears as counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language

from openpathways.accounts.models import Role
from openpathways.catalog.models import (
    Opportunity,
    OpportunityType,
    Section,
    SectionStatus,
    WblOpportunity,
)
from openpathways.enrollments.models import EnrollmentStatus
from openpathways.organizations.models import Organization, OrganizationKind, SchoolStatus
from openpathways.terms.models import Term
from openpathways.wbl.models import PlacementStatus

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
