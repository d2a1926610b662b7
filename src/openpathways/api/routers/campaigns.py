"""Senior campaigns and goal views: lists (each student returned is logged), deadlines, progress
tables (suppressed for analysts), and a counselor's update of a senior's statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from openpathways.api.schemas import ErrorOut
from openpathways.outcomes.selectors import (
    campaign_deadlines,
    campaign_list,
    campaign_progress_by_school,
    goal_list,
    goal_school_summary,
)
from openpathways.outcomes.services import CampaignUpdate, campaign_status_set
from openpathways.students import access

router = Router(tags=["campaigns and goals"])
CHANNEL = "api"

CampaignListCode = Literal["no_decision", "not_started", "stuck", "no_college_application", "all"]
FinancialAid = Literal[
    "not_started", "in_progress", "action_needed", "fafsa_completed", "cadaa_completed",
    "opted_out", "exempted",
]  # fmt: skip
CollegeApplication = Literal["not_started", "in_progress", "submitted", "admitted", "not_applying"]


class CampaignFilters(Schema):
    list: CampaignListCode = "no_decision"
    mine: bool = Field(False, description="Counselors: only my caseload.")
    school_id: int | None = None
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=500)


class CampaignStudentOut(Schema):
    id: int
    state_student_id: str
    first_name: str
    last_name: str
    school: str


class CampaignRowOut(Schema):
    student: CampaignStudentOut
    financial_aid: str
    financial_aid_on: dt.date | None
    community_college: str
    community_college_on: dt.date | None
    university: str
    university_on: dt.date | None
    stuck: bool
    decided: bool
    next_action: str


class CampaignPageOut(Schema):
    list_code: str
    class_of: int
    count: int
    counts: dict[str, int]
    offset: int
    limit: int
    items: list[CampaignRowOut]


class DeadlineOut(Schema):
    code: str
    due: dt.date
    days_left: int
    open_count: int
    seniors: int


class TableOut(Schema):
    suppressed: bool
    columns: list[str]
    rows: list[dict[str, str]]


class CampaignIn(Schema):
    financial_aid: FinancialAid | None = None
    financial_aid_on: dt.date | None = None
    community_college: CollegeApplication | None = None
    community_college_on: dt.date | None = None
    university: CollegeApplication | None = None
    university_on: dt.date | None = None
    note: str | None = Field(None, max_length=500)


class CampaignOut(Schema):
    student_id: int
    class_of: int
    financial_aid: str
    financial_aid_on: dt.date | None
    community_college: str
    community_college_on: dt.date | None
    university: str
    university_on: dt.date | None
    source: str
    note: str


class GoalFilters(Schema):
    list: Literal["units", "cci"] = "units"
    mine: bool = Field(True, description="Counselors: only my caseload.")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=500)


class GoalRowOut(Schema):
    student: CampaignStudentOut
    grade: int
    units_earned: str
    units_enrolled: str
    terms_left: int
    units_status: str
    cci_projected_level: str
    next_actions: list[str]


class GoalPageOut(Schema):
    list_code: str
    count: int
    counts: dict[str, int]
    offset: int
    limit: int
    items: list[GoalRowOut]


def _student(s: Any) -> dict[str, Any]:
    return {"id": s.pk, "state_student_id": s.state_student_id, "first_name": s.first_name,
            "last_name": s.last_name, "school": s.school.name}  # fmt: skip


@router.get(
    "/campaigns",
    response={200: CampaignPageOut, 401: ErrorOut, 403: ErrorOut},
    summary="Seniors on a campaign list (default: no FAFSA/CADAA decision)",
)
def campaigns(request: HttpRequest, filters: Query[CampaignFilters]) -> dict[str, Any]:
    page = campaign_list(
        actor=request.user, list_code=filters.list, channel=CHANNEL, school_id=filters.school_id,
        caseload_only=filters.mine, offset=filters.offset, limit=filters.limit,
    )  # fmt: skip
    return {
        "list_code": page.list_code, "class_of": page.class_of, "count": page.total,
        "counts": page.counts, "offset": page.offset, "limit": page.limit,
        "items": [
            {"student": _student(r.student), "financial_aid": r.financial_aid,
             "financial_aid_on": r.financial_aid_on, "community_college": r.community_college,
             "community_college_on": r.community_college_on, "university": r.university,
             "university_on": r.university_on, "stuck": r.stuck, "decided": r.decided,
             "next_action": r.next_action}
            for r in page.rows
        ],
    }  # fmt: skip


@router.get(
    "/campaigns/deadlines",
    response={200: list[DeadlineOut], 401: ErrorOut, 403: ErrorOut},
    summary="This school year's campaign deadlines and seniors still to act",
)
def deadlines(request: HttpRequest, mine: bool = False) -> list[dict[str, Any]]:
    return [
        {"code": d.code, "due": d.due, "days_left": d.days_left, "open_count": d.open_count,
         "seniors": d.seniors}
        for d in campaign_deadlines(actor=request.user, caseload_only=mine)
    ]  # fmt: skip


@router.get(
    "/campaigns/progress",
    response={200: TableOut, 401: ErrorOut, 403: ErrorOut},
    summary="Campaign progress by school (suppressed for analysts)",
)
def progress(request: HttpRequest) -> dict[str, Any]:
    table = campaign_progress_by_school(actor=request.user)
    return {"suppressed": table.suppressed, "columns": list(table.columns), "rows": table.rows}


@router.put(
    "/students/{student_id}/campaign",
    response={200: CampaignOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Record a senior's financial-aid and college-application statuses",
)
def campaign_update(request: HttpRequest, student_id: int, payload: CampaignIn) -> dict[str, Any]:
    data = payload.dict()
    note = data.pop("note")
    try:
        c = campaign_status_set(
            actor=request.user, student_id=student_id, update=CampaignUpdate(**data), note=note
        )
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return {
        "student_id": c.student_id, "class_of": c.class_of, "financial_aid": c.financial_aid,
        "financial_aid_on": c.financial_aid_on, "community_college": c.community_college,
        "community_college_on": c.community_college_on, "university": c.university,
        "university_on": c.university_on, "source": c.source, "note": c.note,
    }  # fmt: skip


@router.get(
    "/goals",
    response={200: GoalPageOut, 401: ErrorOut, 403: ErrorOut},
    summary="Students off track for 12 units or for the College/Career Indicator",
)
def goals(request: HttpRequest, filters: Query[GoalFilters]) -> dict[str, Any]:
    page = goal_list(
        actor=request.user, list_code=filters.list, channel=CHANNEL, caseload_only=filters.mine,
        offset=filters.offset, limit=filters.limit,
    )  # fmt: skip
    return {
        "list_code": page.list_code, "count": page.total, "counts": page.counts,
        "offset": page.offset, "limit": page.limit,
        "items": [
            {"student": _student(g.student), "grade": g.student.grade,
             "units_earned": str(g.units.earned), "units_enrolled": str(g.units.enrolled),
             "terms_left": g.units.terms_left, "units_status": g.units.status,
             "cci_projected_level": g.cci.projected_level, "next_actions": list(g.next_actions)}
            for g in page.rows
        ],
    }  # fmt: skip


@router.get(
    "/goals/schools",
    response={200: TableOut, 401: ErrorOut, 403: ErrorOut},
    summary="12-unit and CCI goals by school and in total (suppressed for analysts)",
)
def goal_schools(request: HttpRequest) -> dict[str, Any]:
    table = goal_school_summary(actor=request.user)
    return {"suppressed": table.suppressed, "columns": list(table.columns), "rows": table.rows}


__all__ = ["access", "router"]
