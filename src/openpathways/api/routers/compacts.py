"""Education Compacts over HTTP: coverage toward the goal (counts suppressed for partners) and
the compacts the caller is a party to, with commitments, owners, milestones and evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from openpathways.agreements.selectors import compact_coverage, compact_detail_list
from openpathways.api.schemas import ErrorOut

router = Router(tags=["compacts"])


class CoverageCityOut(Schema):
    city_id: int | None
    city: str
    has_compact: bool
    students: str


class CoverageTableOut(Schema):
    basis: str
    students: int
    covered: int
    coverage_share: float | None
    unknown_residence: str
    suppressed: bool
    cities: list[CoverageCityOut]


class CoverageOut(Schema):
    compacts: int
    goal: int
    compact_cities: list[str]
    by_residence: CoverageTableOut
    by_school_location: CoverageTableOut


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: dt.date | None
    done_on: dt.date | None
    evidence: str


class CommitmentOut(Schema):
    id: int
    title: str
    category: str
    district_owner: str
    city_owner: str
    status: str
    milestones: list[MilestoneOut]


class CompactOut(Schema):
    id: int
    name: str
    district: str
    city: str
    status: str
    signed_on: dt.date | None
    renewal_on: dt.date | None
    commitments: list[CommitmentOut]


def _table(t: Any) -> dict[str, Any]:
    return {
        "basis": t.basis, "students": t.students, "covered": t.covered,
        "coverage_share": None if t.share is None else round(t.share, 4),
        "unknown_residence": t.unknown, "suppressed": t.suppressed,
        "cities": [{"city_id": r.city_id, "city": r.city, "has_compact": r.has_compact,
                    "students": r.students} for r in t.rows],
    }  # fmt: skip


@router.get("/compacts/coverage", response={200: CoverageOut, 401: ErrorOut},
            summary="Compact coverage by residence and school location; the goal")  # fmt: skip
def coverage(request: HttpRequest) -> dict[str, Any]:
    c = compact_coverage(actor=request.user)
    return {
        "compacts": c.compacts, "goal": c.goal, "compact_cities": c.cities,
        "by_residence": _table(c.residence), "by_school_location": _table(c.school_location),
    }  # fmt: skip


@router.get("/compacts", response={200: list[CompactOut], 401: ErrorOut},
            summary="Compacts of the caller, with commitments and milestones")  # fmt: skip
def compacts(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": c.compact_id, "name": c.name, "district": c.district, "city": c.city,
         "status": c.status_code, "signed_on": c.signed_on, "renewal_on": c.renewal_on,
         "commitments": [
             {"id": m.commitment_id, "title": m.title, "category": m.category,
              "district_owner": m.district_owner, "city_owner": m.city_owner,
              "status": m.status_code,
              "milestones": [{"id": s.milestone_id, "title": s.title, "due_on": s.due_on,
                              "done_on": s.done_on, "evidence": s.evidence}
                             for s in m.milestones]}
             for m in c.commitments]}
        for c in compact_detail_list(actor=request.user)
    ]  # fmt: skip
