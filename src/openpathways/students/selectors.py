"""Aggregate reads of student data for home pages: counts only, never student rows.

Counts are scoped like the access layer (`openpathways.students.access.student_scope`); analysts
and city partners, who never see student rows, get counts over their organization's tree, and
every count shown to them goes through `suppress_counts` (CDE convention: 1-10 shown as `*`).
Nothing here returns a Student, so nothing here is a disclosure to log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import Count, QuerySet

from openpathways.accounts.models import Role
from openpathways.analytics.suppression import SUPPRESSED, suppress_rows
from openpathways.students.access import _org_subtree_q, student_scope
from openpathways.students.models import Student, StudentStatus

K = TypeVar("K")

__all__ = [
    "SUPPRESSED",
    "SuppressedTable",
    "student_count",
    "student_count_by_grade",
    "student_count_by_race_ethnicity",
    "student_school_count",
    "suppress_counts",
]


def _aggregate_scope(actor: Any) -> QuerySet[Student]:
    """Students whose counts the actor may see (enrolled students only)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Student.objects.none()
    if not actor.is_superuser and actor.role in (Role.ANALYST, Role.CITY_PARTNER):
        if actor.role == Role.CITY_PARTNER or actor.organization_id is None:
            return Student.objects.none()
        qs = Student.objects.filter(_org_subtree_q("school", actor.organization_id))
    else:
        qs = student_scope(actor)
    return qs.filter(status=StudentStatus.ENROLLED)


def student_count(*, actor: Any, caseload_only: bool = False) -> int:
    """Enrolled students in the actor's scope (or in the actor's own caseload)."""
    qs = _aggregate_scope(actor)
    if caseload_only:
        qs = qs.filter(counselor=actor)
    return qs.count()


def student_count_by_grade(*, actor: Any, caseload_only: bool = False) -> dict[int, int]:
    """Enrolled students in the actor's scope by grade, in grade order (empty grades left out)."""
    qs = _aggregate_scope(actor)
    if caseload_only:
        qs = qs.filter(counselor=actor)
    rows = qs.order_by().values("grade").annotate(n=Count("pk", distinct=True))
    return {row["grade"]: row["n"] for row in sorted(rows, key=lambda r: r["grade"])}


def student_count_by_race_ethnicity(*, actor: Any) -> dict[str, int]:
    """Enrolled students in the actor's scope by reporting group (CDE race/ethnicity)."""
    rows = (
        _aggregate_scope(actor)
        .order_by()
        .values("race_ethnicity")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["race_ethnicity"]: row["n"] for row in rows}


def student_school_count(*, actor: Any) -> int:
    """Schools at which the actor's scope has enrolled students."""
    return _aggregate_scope(actor).order_by().values("school_id").distinct().count()


@dataclass(frozen=True)
class SuppressedTable(Generic[K]):
    """Counts ready to publish: each cell and the total as text (`*` when suppressed)."""

    cells: dict[K, str]
    total: str


def suppress_counts(counts: Mapping[K, int], *, threshold: int | None = None) -> SuppressedTable[K]:
    """Small-cell protection of one column of counts with its total (metrics.md, section 4),
    through `openpathways.analytics.suppression`: counts of 1..threshold show as `*`, zero shows
    `0`, and complementary cells are hidden so no hidden count can be recovered from the total."""
    limit = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    keys = list(counts)
    rows = [{"n": counts[key]} for key in keys] + [{"n": sum(counts.values())}]
    table = suppress_rows(rows, count_cols=["n"], total_row=len(keys), threshold=limit)
    cells = {key: str(row["n"]) for key, row in zip(keys, table.rows, strict=False)}
    return SuppressedTable(cells=cells, total=str(table.rows[-1]["n"]))
