"""Reading agreements: Education Compacts with their commitments (home pages and the compacts
pages), vendor work-based-learning compliance, and compact coverage toward the goal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.agreements.models import (
    AgreementStatus,
    CommitmentStatus,
    CompactCommitment,
    CompactMilestone,
    EducationCompact,
    VendorContract,
)
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.students.selectors import suppress_counts


@dataclass(frozen=True)
class CompactRow:
    compact_id: int
    name: str
    district: str
    city: str
    status: Any
    signed_on: Any
    renewal_on: Any
    commitments: int
    #: (status label, count) for each commitment status, in the order of CommitmentStatus.
    by_status: list[tuple[Any, int]] = field(default_factory=list)


def compact_list(*, actor: Any) -> list[CompactRow]:
    """Education Compacts the actor is a party to: a city partner sees its city's compacts, a
    district administrator those of the district; others none (superusers: all)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    qs = EducationCompact.objects.select_related("district", "city")
    if not actor.is_superuser:
        org_id = actor.organization_id
        if org_id is None:
            return []
        if actor.role == Role.CITY_PARTNER:
            qs = qs.filter(city_id=org_id)
        elif actor.role == Role.DISTRICT_ADMIN:  # a district's compacts, or a county's districts'
            qs = qs.filter(Q(district_id=org_id) | Q(district__parent_id=org_id))
        else:
            return []
    status_counts = {
        f"n_{value}": Count("commitments", filter=Q(commitments__status=value), distinct=True)
        for value in CommitmentStatus.values
    }
    qs = qs.annotate(n_commitments=Count("commitments", distinct=True), **status_counts)
    compacts: list[Any] = list(qs.order_by("name", "pk"))
    return [
        CompactRow(
            compact_id=c.pk,
            name=c.name,
            district=c.district.name,
            city=c.city.name,
            status=c.get_status_display(),
            signed_on=c.signed_on,
            renewal_on=c.renewal_on,
            commitments=c.n_commitments,
            by_status=[
                (label, getattr(c, f"n_{value}")) for value, label in CommitmentStatus.choices
            ],
        )
        for c in compacts
    ]


# --------------------------------------------------------------------------- vendor compliance
# metrics.md, "vendor WBL compliance": vendors with an active contract that carries a WBL
# obligation and delivered at least the committed placements and hours in the school year, over
# such vendors. The same definition as openpathways.analytics.metrics.vendors (rule "all"):
# delivered placements are placements (placed, active, completed) on the contract's
# opportunities that started in the year; delivered hours are the hours supervisors confirmed on
# placements that started in the year. Offered: places (and places x hours) of the contract's
# opportunities offered in the finder that year.

#: Placement statuses that count as delivered.
DELIVERED_STATUSES = ("placed", "active", "completed")
#: The district's goal for the number of Education Compacts (domain.md: at least 12 by 2026).
COMPACT_GOAL = 12


def school_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 7, 1), dt.date(year + 1, 6, 30)


def current_school_year(today: dt.date | None = None) -> int:
    day = today or timezone.localdate()
    return day.year if day.month >= 7 else day.year - 1


@dataclass(frozen=True)
class ContractCompliance:
    contract_id: int
    number: str
    title: str
    vendor_id: int
    vendor: str
    status: Any
    start_date: dt.date
    end_date: dt.date
    placements_committed: int
    hours_committed: int
    placements_offered: int
    hours_offered: int
    placements_delivered: int
    hours_delivered: Decimal

    @property
    def obligated(self) -> bool:
        return bool(self.placements_committed or self.hours_committed)

    @property
    def compliant(self) -> bool:
        return (
            self.placements_delivered >= self.placements_committed
            and self.hours_delivered >= self.hours_committed
        )


@dataclass(frozen=True)
class VendorCompliance:
    vendor_id: int
    vendor: str
    sector: str
    contracts: list[ContractCompliance]

    def _sum(self, name: str) -> Any:
        return sum((getattr(c, name) for c in self.contracts), 0)

    @property
    def placements_committed(self) -> int:
        return int(self._sum("placements_committed"))

    @property
    def hours_committed(self) -> int:
        return int(self._sum("hours_committed"))

    @property
    def placements_offered(self) -> int:
        return int(self._sum("placements_offered"))

    @property
    def hours_offered(self) -> int:
        return int(self._sum("hours_offered"))

    @property
    def placements_delivered(self) -> int:
        return int(self._sum("placements_delivered"))

    @property
    def hours_delivered(self) -> Decimal:
        return Decimal(self._sum("hours_delivered"))

    @property
    def compliant(self) -> bool:
        return (
            self.placements_delivered >= self.placements_committed
            and self.hours_delivered >= self.hours_committed
        )


def _vendor_contracts(actor: Any, system: bool) -> QuerySet[VendorContract] | None:  # noqa: PLR0911
    """Contracts the actor may see compliance for, or None."""
    qs = VendorContract.objects.all()
    if system:
        return qs
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if actor.is_superuser:
        return qs
    org_id = actor.organization_id
    if org_id is None:
        return None
    if actor.role in (Role.DISTRICT_ADMIN, Role.ANALYST):
        return qs.filter(Q(district_id=org_id) | Q(district__parent_id=org_id))
    if actor.role == Role.EMPLOYER:
        return qs.filter(vendor_id=org_id)
    return None


def vendor_compliance_list(
    *,
    actor: Any,
    academic_year: int | None = None,
    vendor_id: int | None = None,
    obligated_only: bool = True,
    system: bool = False,
) -> list[VendorCompliance]:
    """Per vendor and per contract: committed, offered and delivered placements and hours in a
    school year (default: the current one), for contracts active during the year. District
    administrators and analysts see their district's vendors, an employer its own contracts;
    `system=True` (the command line) sees all. No student data."""
    from openpathways.catalog.models import Opportunity, WblOpportunity
    from openpathways.wbl.models import HoursLog, Placement

    year = current_school_year() if academic_year is None else academic_year
    start, end = school_year_bounds(year)
    contracts_qs = _vendor_contracts(actor, system)
    if contracts_qs is None:
        return []
    contracts_qs = contracts_qs.filter(
        status=AgreementStatus.ACTIVE, start_date__lte=end, end_date__gte=start
    ).select_related("vendor")
    if vendor_id is not None:
        contracts_qs = contracts_qs.filter(vendor_id=vendor_id)
    if obligated_only:
        contracts_qs = contracts_qs.filter(
            Q(wbl_placements_committed__gt=0) | Q(wbl_hours_committed__gt=0)
        )
    contracts = list(contracts_qs.order_by("vendor__name", "number"))
    ids = [c.pk for c in contracts]
    offered: dict[int, tuple[int, int]] = {}
    offered_opps = (
        WblOpportunity.objects.filter(vendor_contract_id__in=ids)
        .filter(Exists(Opportunity.objects.filter(wbl_opportunity=OuterRef("pk"),
                                                  academic_year=year)))
        .values_list("vendor_contract_id", "slots", "hours")
    )  # fmt: skip
    for cid, slots, hours in offered_opps:
        p, h = offered.get(cid, (0, 0))
        offered[cid] = (p + slots, h + slots * hours)
    started = Placement.objects.filter(
        opportunity__vendor_contract_id__in=ids, start_date__range=(start, end)
    )
    placed = dict(
        started.filter(status__in=DELIVERED_STATUSES)
        .values("opportunity__vendor_contract_id")
        .annotate(n=Count("pk"))
        .values_list("opportunity__vendor_contract_id", "n")
    )
    confirmed: dict[int, Any] = dict(
        HoursLog.objects.filter(placement__in=started, confirmed_at__isnull=False)
        .values("placement__opportunity__vendor_contract_id")
        .annotate(h=Sum("hours"))
        .values_list("placement__opportunity__vendor_contract_id", "h")
    )
    by_vendor: dict[int, VendorCompliance] = {}
    for c in contracts:
        row = ContractCompliance(
            contract_id=c.pk, number=c.number, title=c.title, vendor_id=c.vendor_id,
            vendor=c.vendor.name, status=c.get_status_display(), start_date=c.start_date,
            end_date=c.end_date, placements_committed=c.wbl_placements_committed,
            hours_committed=c.wbl_hours_committed,
            placements_offered=offered.get(c.pk, (0, 0))[0],
            hours_offered=offered.get(c.pk, (0, 0))[1],
            placements_delivered=placed.get(c.pk, 0),
            hours_delivered=Decimal(confirmed.get(c.pk) or 0),
        )  # fmt: skip
        vendor = by_vendor.setdefault(
            c.vendor_id,
            VendorCompliance(vendor_id=c.vendor_id, vendor=c.vendor.name,
                             sector=c.vendor.get_industry_sector_display(), contracts=[]),
        )  # fmt: skip
        vendor.contracts.append(row)
    return list(by_vendor.values())


@dataclass(frozen=True)
class VendorSummary:
    academic_year: int
    vendors_with_obligations: int
    compliant: int
    placements_committed: int
    placements_offered: int
    placements_delivered: int
    hours_committed: int
    hours_offered: int
    hours_delivered: Decimal

    @property
    def compliant_share(self) -> float | None:
        if not self.vendors_with_obligations:
            return None
        return self.compliant / self.vendors_with_obligations

    def as_dict(self) -> dict[str, Any]:
        share = self.compliant_share
        return {
            "academic_year": f"{self.academic_year}-{(self.academic_year + 1) % 100:02d}",
            "vendors_with_obligations": self.vendors_with_obligations,
            "compliant": self.compliant,
            "compliant_share": None if share is None else round(share, 4),
            "placements": {
                "committed": self.placements_committed,
                "offered": self.placements_offered,
                "delivered": self.placements_delivered,
            },
            "hours": {
                "committed": self.hours_committed,
                "offered": self.hours_offered,
                "delivered": float(self.hours_delivered),
            },
        }


def vendor_compliance_summary(
    *, actor: Any, academic_year: int | None = None, system: bool = False
) -> VendorSummary:
    year = current_school_year() if academic_year is None else academic_year
    rows = vendor_compliance_list(actor=actor, academic_year=year, system=system)
    return VendorSummary(
        academic_year=year,
        vendors_with_obligations=len(rows),
        compliant=sum(1 for r in rows if r.compliant),
        placements_committed=sum(r.placements_committed for r in rows),
        placements_offered=sum(r.placements_offered for r in rows),
        placements_delivered=sum(r.placements_delivered for r in rows),
        hours_committed=sum(r.hours_committed for r in rows),
        hours_offered=sum(r.hours_offered for r in rows),
        hours_delivered=sum((r.hours_delivered for r in rows), Decimal(0)),
    )


# --------------------------------------------------------------------------- compact coverage
# metrics.md, "compact coverage": students whose residence city has an active Education Compact
# (with their district) over all students; unknown or unincorporated residence counts in the
# denominator only. Also by school location, labelled as such. Enrolled students only, as in
# openpathways.analytics.metrics.compacts.


@dataclass(frozen=True)
class CoverageRow:
    city_id: int | None
    city: str
    has_compact: bool
    students: str  # a count, or `*` when suppressed


@dataclass(frozen=True)
class CoverageTable:
    basis: str  # residence | school_location
    rows: list[CoverageRow]
    unknown: str  # students with unknown or unincorporated residence (residence basis)
    students: int
    covered: int
    suppressed: bool

    @property
    def share(self) -> float | None:
        return self.covered / self.students if self.students else None


@dataclass(frozen=True)
class CompactCoverage:
    residence: CoverageTable
    school_location: CoverageTable
    compacts: int
    goal: int
    cities: list[str]

    def as_dict(self) -> dict[str, Any]:
        def table(t: CoverageTable) -> dict[str, Any]:
            return {
                "students": t.students,
                "covered": t.covered,
                "coverage_share": None if t.share is None else round(t.share, 4),
            }

        return {
            "compacts": self.compacts,
            "goal": self.goal,
            "cities": self.cities,
            "cities_count": len(self.cities),
            "by_residence": table(self.residence)
            | {"unknown_or_unincorporated_residence": int(self.residence.unknown or 0)},
            "by_school_location": table(self.school_location),
        }


def _coverage_districts(actor: Any, system: bool) -> list[int] | None:  # noqa: PLR0911
    """District ids whose coverage the actor may see (None: all, for the command line)."""
    if system:
        return None
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    if actor.is_superuser:
        return None
    org_id = actor.organization_id
    if org_id is None:
        return []
    if actor.role == Role.CITY_PARTNER:
        return list(
            EducationCompact.objects.filter(city_id=org_id)
            .values_list("district_id", flat=True)
            .distinct()
        )
    if actor.role in (Role.DISTRICT_ADMIN, Role.ANALYST):
        return list(
            Organization.objects.filter(
                Q(pk=org_id) | Q(parent_id=org_id), kind=OrganizationKind.DISTRICT
            ).values_list("pk", flat=True)
        )
    return []


def _city_ids_by_name() -> dict[str, int]:
    """City organizations by lower-cased name, name without "City of", and address city."""
    names: dict[str, int] = {}
    for pk, name, address_city in Organization.objects.filter(
        kind=OrganizationKind.CITY
    ).values_list("pk", "name", "city"):
        for variant in (name, name.removeprefix("City of "), address_city):
            if variant:
                names.setdefault(variant.strip().lower(), pk)
    return names


def compact_coverage(
    *, actor: Any, suppress: bool | None = None, system: bool = False
) -> CompactCoverage:
    """Coverage of enrolled students toward the compacts goal, by residence city and by school
    location (labelled), with the count of active compacts against the goal of 12. City
    partners see counts suppressed (1-10 as `*`); the shares are over whole districts."""
    from openpathways.students.models import Student, StudentStatus

    districts = _coverage_districts(actor, system)
    partner = not system and not (
        actor is not None and getattr(actor, "is_authenticated", False)
        and (actor.is_superuser or actor.role == Role.DISTRICT_ADMIN)
    )  # fmt: skip
    hide = partner if suppress is None else (suppress or partner)
    compacts = EducationCompact.objects.filter(status=AgreementStatus.ACTIVE)
    students = Student.objects.filter(status=StudentStatus.ENROLLED)
    if districts is not None:
        compacts = compacts.filter(district_id__in=districts)
        students = students.filter(school__parent_id__in=districts)
    active = set(compacts.values_list("district_id", "city_id"))
    city_names = dict(
        Organization.objects.filter(kind=OrganizationKind.CITY).values_list("pk", "name")
    )
    compact_cities = sorted({city_names.get(c, "") for _d, c in active})
    by_res: dict[int | None, int] = {}
    covered_res = 0
    rows = (
        students.order_by()
        .values_list("school__parent_id", "residence_city_org_id")
        .annotate(n=Count("pk"))
    )
    for district_id, city_id, n in rows:
        by_res[city_id] = by_res.get(city_id, 0) + n
        if city_id is not None and (district_id, city_id) in active:
            covered_res += n
    by_loc: dict[int | None, int] = {}
    covered_loc = 0
    lookup = _city_ids_by_name()
    loc_rows = (
        students.order_by().values_list("school__parent_id", "school__city").annotate(n=Count("pk"))
    )
    for district_id, school_city, n in loc_rows:
        city_id = lookup.get((school_city or "").strip().lower())
        by_loc[city_id] = by_loc.get(city_id, 0) + n
        if city_id is not None and (district_id, city_id) in active:
            covered_loc += n
    covered_city_ids = {c for _d, c in active}

    def table(basis: str, counts: dict[int | None, int], covered: int) -> CoverageTable:
        keys = sorted((k for k in counts if k is not None), key=lambda k: city_names.get(k, ""))
        column: dict[Any, int] = {k: counts[k] for k in keys}
        column["unknown"] = counts.get(None, 0)
        shown = suppress_counts(column) if hide else None
        cells = shown.cells if shown else {k: str(v) for k, v in column.items()}
        return CoverageTable(
            basis=basis,
            rows=[
                CoverageRow(
                    city_id=k,
                    city=city_names.get(k, ""),
                    has_compact=k in covered_city_ids,
                    students=cells[k],
                )
                for k in keys
            ],
            unknown=cells["unknown"],
            students=sum(counts.values()),
            covered=covered,
            suppressed=hide,
        )

    return CompactCoverage(
        residence=table("residence", by_res, covered_res),
        school_location=table("school_location", by_loc, covered_loc),
        compacts=len(active),
        goal=COMPACT_GOAL,
        cities=[c for c in compact_cities if c],
    )


# --------------------------------------------------------------------------- compact pages


@dataclass(frozen=True)
class MilestoneRow:
    milestone_id: int
    title: str
    due_on: dt.date | None
    done_on: dt.date | None
    evidence: str


@dataclass(frozen=True)
class CommitmentRow:
    commitment_id: int
    title: str
    category: str
    district_owner: str
    city_owner: str
    status: Any
    status_code: str
    milestones: list[MilestoneRow]


@dataclass(frozen=True)
class CompactDetail:
    compact_id: int
    name: str
    district: str
    city_id: int
    city: str
    status: Any
    status_code: str
    signed_on: dt.date | None
    renewal_on: dt.date | None
    renewal_due_soon: bool
    commitments: list[CommitmentRow]
    side: str  # district | city: the side the actor acts for


def _party_side(actor: Any, compact: EducationCompact) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if actor.is_superuser:
        return "district"
    if actor.role == Role.DISTRICT_ADMIN and actor.organization_id in (
        compact.district_id, compact.district.parent_id,
    ):  # fmt: skip
        return "district"
    if actor.role == Role.CITY_PARTNER and actor.organization_id == compact.city_id:
        return "city"
    return None


def compact_detail_list(*, actor: Any, city_id: int | None = None) -> list[CompactDetail]:
    """Compacts the actor is a party to (a city partner: its city's; a district administrator:
    the district's), with commitments, owners on both sides, milestones and evidence."""
    from django.db.models import Prefetch

    qs = EducationCompact.objects.select_related("district", "city").prefetch_related(
        Prefetch(
            "commitments",
            queryset=CompactCommitment.objects.order_by("pk").prefetch_related(
                Prefetch("milestones", queryset=CompactMilestone.objects.order_by("due_on", "pk"))
            ),
        )
    )
    if city_id is not None:
        qs = qs.filter(city_id=city_id)
    soon = timezone.localdate() + dt.timedelta(days=120)
    out = []
    for c in qs.order_by("city__name", "name", "pk"):
        side = _party_side(actor, c)
        if side is None:
            continue
        out.append(
            CompactDetail(
                compact_id=c.pk,
                name=c.name,
                district=c.district.name,
                city_id=c.city_id,
                city=c.city.name,
                status=c.get_status_display(),
                status_code=c.status,
                signed_on=c.signed_on,
                renewal_on=c.renewal_on,
                renewal_due_soon=bool(c.renewal_on and c.renewal_on <= soon),
                side=side,
                commitments=[
                    CommitmentRow(
                        commitment_id=m.pk,
                        title=m.title,
                        category=m.category,
                        district_owner=m.district_owner,
                        city_owner=m.city_owner,
                        status=m.get_status_display(),
                        status_code=m.status,
                        milestones=[
                            MilestoneRow(
                                milestone_id=s.pk,
                                title=s.title,
                                due_on=s.due_on,
                                done_on=s.done_on,
                                evidence=s.evidence,
                            )
                            for s in m.milestones.all()
                        ],
                    )
                    for m in c.commitments.all()
                ],
            )
        )
    return out


def compact_city_options(*, actor: Any) -> list[tuple[int, str]]:
    """Cities whose compacts page the actor may open."""
    seen: dict[int, str] = {}
    for row in compact_list(actor=actor):
        compact = EducationCompact.objects.filter(pk=row.compact_id).values_list(
            "city_id", "city__name"
        )
        for cid, name in compact:
            seen[cid] = name
    return sorted(seen.items(), key=lambda kv: kv[1])
