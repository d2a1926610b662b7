"""Work-based learning over HTTP: a student's open opportunities (ranked) and applying, logging
hours, a coordinator's queue, publishing a posting, and vendor compliance.

Writes go through openpathways.wbl.services (atomic, audited); reads through
openpathways.wbl.selectors and openpathways.agreements.selectors (scoped; student rows logged).
Errors are JSON `{"detail", "code"}`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from openpathways.agreements.selectors import vendor_compliance_list, vendor_compliance_summary
from openpathways.wbl import selectors, services

router = Router(tags=["work-based learning"])
R = TypeVar("R")


class WblErrorOut(Schema):
    detail: str
    code: str = ""


class OpenOpportunityOut(Schema):
    id: int
    title: str
    employer: str
    wbl_type: str
    sector: str
    location_city: str
    hours: int
    places_left: int
    score: int = Field(description="Higher is a better match (pathway courses, school, city).")
    reasons: list[str]


class WblPlacementOut(Schema):
    id: int
    status: str


class HoursIn(Schema):
    worked_on: dt.date
    hours: Decimal = Field(gt=0, le=12)


class HoursOut(Schema):
    id: int
    placement_id: int
    worked_on: dt.date
    hours: Decimal


class PublishIn(Schema):
    state_course_code: str = Field("", max_length=4, description="Required for internships.")


class PublishOut(Schema):
    id: int
    status: str
    school_ids: list[int]


class QueueRowOut(Schema):
    placement_id: int
    student_id: int
    student: str
    school: str
    opportunity: str
    employer: str
    status: str
    unconfirmed_hours: Decimal
    oldest_unconfirmed: dt.date | None
    evaluation_missing: bool


class QueueOut(Schema):
    applications: list[QueueRowOut]
    unconfirmed_hours: list[QueueRowOut]
    missing_evaluations: list[QueueRowOut]


class ContractOut(Schema):
    id: int
    number: str
    placements_committed: int
    placements_offered: int
    placements_delivered: int
    hours_committed: int
    hours_offered: int
    hours_delivered: Decimal
    compliant: bool


class VendorOut(Schema):
    vendor_id: int
    vendor: str
    compliant: bool
    contracts: list[ContractOut]


class VendorsOut(Schema):
    academic_year: str
    vendors_with_obligations: int
    compliant: int
    compliant_share: float | None
    vendors: list[VendorOut]


class YearQuery(Schema):
    year: int | None = Field(None, description="School year by its first year, e.g. 2026.")


def _call(fn: Callable[[], R]) -> R | Status[dict[str, str]]:
    try:
        return fn()
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages), "code": str(exc.code or "")})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc), "code": "forbidden"})


ERRORS: dict[int, Any] = {400: WblErrorOut, 401: WblErrorOut, 403: WblErrorOut}


@router.get("/wbl/opportunities", response={200: list[OpenOpportunityOut], 401: WblErrorOut},
            summary="Open WBL opportunities at the student's school")  # fmt: skip
def opportunities(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": o.opportunity_id, "title": o.title, "employer": o.employer,
         "wbl_type": o.wbl_type, "sector": o.sector, "location_city": o.location_city,
         "hours": o.hours, "places_left": o.places_left, "score": o.score, "reasons": o.reasons}
        for o in selectors.opportunity_list_for_student(actor=request.user)
    ]  # fmt: skip


@router.post("/wbl/opportunities/{opportunity_id}/apply",
             response={201: WblPlacementOut, **ERRORS}, summary="Apply (student)")  # fmt: skip
def apply(request: HttpRequest, opportunity_id: int) -> Any:
    def run() -> Status[dict[str, Any]]:
        p = services.placement_apply(actor=request.user, opportunity_id=opportunity_id)
        return Status(201, {"id": p.pk, "status": p.status})

    return _call(run)


@router.post("/wbl/opportunities/{opportunity_id}/publish",
             response={200: PublishOut, **ERRORS}, summary="Publish a posting")  # fmt: skip
def publish(request: HttpRequest, opportunity_id: int, data: PublishIn) -> Any:
    def run() -> dict[str, Any]:
        done = services.wbl_opportunity_publish(
            actor=request.user, opportunity_id=opportunity_id,
            state_course_code=data.state_course_code,
        )  # fmt: skip
        return {"id": done.opportunity.pk, "status": done.opportunity.status,
                "school_ids": done.school_ids}  # fmt: skip

    return _call(run)


@router.post("/wbl/placements/{placement_id}/hours",
             response={201: HoursOut, **ERRORS}, summary="Log hours worked on one day")  # fmt: skip
def log_hours(request: HttpRequest, placement_id: int, data: HoursIn) -> Any:
    def run() -> Status[dict[str, Any]]:
        e = services.hours_log(actor=request.user, placement_id=placement_id,
                               worked_on=data.worked_on, hours=data.hours)  # fmt: skip
        return Status(201, {"id": e.pk, "placement_id": placement_id,
                            "worked_on": e.worked_on, "hours": e.hours})  # fmt: skip

    return _call(run)


def _queue_row(r: selectors.QueueRow) -> dict[str, Any]:
    return {
        "placement_id": r.placement_id, "student_id": r.student_id, "student": r.student,
        "school": r.school, "opportunity": r.opportunity, "employer": r.employer,
        "status": r.status_code, "unconfirmed_hours": r.unconfirmed_hours,
        "oldest_unconfirmed": r.oldest_unconfirmed, "evaluation_missing": r.evaluation_missing,
    }  # fmt: skip


@router.get("/wbl/queue", response={200: QueueOut, 401: WblErrorOut},
            summary="Applications to place, unconfirmed hours, missing evaluations")  # fmt: skip
def queue(request: HttpRequest) -> dict[str, Any]:
    q = selectors.coordinator_queue(actor=request.user)
    return {
        "applications": [_queue_row(r) for r in q.applications],
        "unconfirmed_hours": [_queue_row(r) for r in q.unconfirmed_hours],
        "missing_evaluations": [_queue_row(r) for r in q.missing_evaluations],
    }


@router.get("/wbl/vendors", response={200: VendorsOut, 401: WblErrorOut},
            summary="Vendor WBL compliance: committed, offered and delivered")  # fmt: skip
def vendors(request: HttpRequest, filters: Query[YearQuery]) -> dict[str, Any]:
    summary = vendor_compliance_summary(actor=request.user, academic_year=filters.year)
    rows = vendor_compliance_list(actor=request.user, academic_year=summary.academic_year)
    head = summary.as_dict()
    return {
        "academic_year": head["academic_year"],
        "vendors_with_obligations": summary.vendors_with_obligations,
        "compliant": summary.compliant,
        "compliant_share": head["compliant_share"],
        "vendors": [
            {"vendor_id": v.vendor_id, "vendor": v.vendor, "compliant": v.compliant,
             "contracts": [
                 {"id": c.contract_id, "number": c.number,
                  "placements_committed": c.placements_committed,
                  "placements_offered": c.placements_offered,
                  "placements_delivered": c.placements_delivered,
                  "hours_committed": c.hours_committed, "hours_offered": c.hours_offered,
                  "hours_delivered": c.hours_delivered, "compliant": c.compliant}
                 for c in v.contracts]}
            for v in rows
        ],
    }  # fmt: skip
