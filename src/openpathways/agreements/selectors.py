"""Reading agreements for home pages: Education Compacts with their commitments counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from openpathways.accounts.models import Role
from openpathways.agreements.models import CommitmentStatus, EducationCompact


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
