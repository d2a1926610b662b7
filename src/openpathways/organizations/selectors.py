"""Reading organizations. Schools come from the CDE public schools directory: public facts only,
never student data, so any signed-in user may list them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from openpathways.organizations.models import School


@dataclass(frozen=True)
class SchoolPage:
    schools: list[School]
    total: int
    offset: int
    limit: int


def school_queryset(
    *,
    status: str | None = None,
    serves_9_12: bool | None = None,
    search: str = "",
    district_cds: str = "",
    serving: tuple[int, int] | None = None,
) -> QuerySet[School]:
    """Schools filtered by status, the 9-12 flag, a name or CDS prefix, their district's CDS code
    (its first seven digits) and a grade span they serve (served span, else offered, overlaps)."""
    qs = School.objects.select_related("organization", "organization__parent")
    if status:
        qs = qs.filter(status=status)
    if serves_9_12 is not None:
        qs = qs.filter(serves_9_12=serves_9_12)
    if district_cds:
        qs = qs.filter(cds_code__startswith=district_cds[:7])
    if serving is not None:
        low, high = serving
        served = Q(grade_served_low__lte=high, grade_served_high__gte=low)
        offered = Q(
            Q(grade_served_low__isnull=True) | Q(grade_served_high__isnull=True),
            grade_offered_low__lte=high,
            grade_offered_high__gte=low,
        )
        qs = qs.filter(served | offered)
    if search:
        qs = qs.filter(Q(organization__name__icontains=search) | Q(cds_code__startswith=search))
    return qs.order_by("organization__name", "cds_code")


def school_list(
    *,
    status: str | None = None,
    serves_9_12: bool | None = None,
    search: str = "",
    offset: int = 0,
    limit: int = 50,
) -> SchoolPage:
    """One page of schools with their CDS code, status and grade span, filtered."""
    qs = school_queryset(status=status, serves_9_12=serves_9_12, search=search)
    total = qs.count()
    return SchoolPage(
        schools=list(qs[offset : offset + limit]), total=total, offset=offset, limit=limit
    )


def organization_codes(*, pks: list[int]) -> dict[int, str]:
    """The external code (CDS code for schools, districts and county offices) of organizations,
    by key: public facts, for importers that link new rows to stored parents."""
    from openpathways.organizations.models import Organization

    codes: dict[int, str] = {}
    for start in range(0, len(pks), 900):
        rows = Organization.objects.filter(pk__in=pks[start : start + 900])
        codes.update(rows.values_list("pk", "code"))
    return codes
