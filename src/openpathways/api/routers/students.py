"""Student records, through openpathways.students.access (scoped by role, every read logged with
channel "api"). A student outside the caller's scope answers 404 like a missing one; a role that
sees aggregates only answers 403."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from openpathways.api.schemas import DisclosureOut, ErrorOut, StudentDetailOut, StudentPageOut
from openpathways.students import access

router = Router(tags=["students"])
CHANNEL = "api"
DEFAULT_PURPOSE = "API request"


class StudentFilters(Schema):
    q: str = Field("", max_length=100, description="Name contains, or exact SSID or local ID.")
    school_id: int | None = Field(None, description="Organization id of the school.")
    grade: int | None = Field(None, ge=-1, le=13)
    caseload: bool = Field(False, description="Counselors: only the students on my caseload.")
    purpose: str = Field(
        DEFAULT_PURPOSE, max_length=200, description="Why the records are read (disclosure log)."
    )
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=500)


class PurposeQuery(Schema):
    purpose: str = Field(
        DEFAULT_PURPOSE, max_length=200, description="Why the record is read (disclosure log)."
    )


def _person(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _student_out(s: Any) -> dict[str, Any]:
    return {
        "id": s.pk,
        "state_student_id": s.state_student_id,
        "local_id": s.local_id,
        "first_name": s.first_name,
        "last_name": s.last_name,
        "school": {"id": s.school_id, "name": s.school.name},
        "grade": s.grade,
        "graduation_cohort": s.graduation_cohort,
        "status": s.status,
        "counselor": _person(s.counselor),
    }


@router.get(
    "/students",
    response={200: StudentPageOut, 401: ErrorOut, 403: ErrorOut},
    summary="List the students I may see",
)
def students(request: HttpRequest, filters: Query[StudentFilters]) -> dict[str, Any]:
    user: Any = request.user
    page = access.student_list(
        actor=user,
        purpose=filters.purpose.strip() or DEFAULT_PURPOSE,
        channel=CHANNEL,
        school_id=filters.school_id,
        grade=filters.grade,
        search=filters.q.strip(),
        caseload_only=filters.caseload,
        offset=filters.offset,
        limit=filters.limit,
    )
    return {
        "count": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "items": [_student_out(s) for s in page.students],
    }


@router.get(
    "/students/export.csv",
    response={200: None, 401: ErrorOut, 403: ErrorOut},
    summary="Export the students I may see (CSV, streamed)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "CSV with a header row; every exported student is logged.",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def students_export(request: HttpRequest, query: Query[PurposeQuery]) -> StreamingHttpResponse:
    rows = access.student_export_rows(
        actor=request.user, purpose=query.purpose.strip() or DEFAULT_PURPOSE, channel=CHANNEL
    )

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(r) for r in rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="students-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@router.get(
    "/students/{student_id}",
    response={200: StudentDetailOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One student's record",
)
def student(request: HttpRequest, student_id: int, query: Query[PurposeQuery]) -> dict[str, Any]:
    record = access.student_record_get(
        actor=request.user,
        student_id=student_id,
        purpose=query.purpose.strip() or DEFAULT_PURPOSE,
        channel=CHANNEL,
    )
    s = record.student
    out = _student_out(s)
    out.update(
        birth_date=s.birth_date,
        preferred_language=s.preferred_language,
        reporting_groups=(
            {
                "race_ethnicity": s.race_ethnicity,
                "english_learner": s.english_learner,
                "socioeconomically_disadvantaged": s.socioeconomically_disadvantaged,
                "disability": s.disability,
                "foster": s.foster,
                "homeless": s.homeless,
            }
            if record.show_reporting_groups
            else None
        ),
        guardians=[
            {
                "first_name": g.guardian.first_name,
                "last_name": g.guardian.last_name,
                "relationship": g.relationship,
                "preferred_language": g.guardian.preferred_language,
                "email": g.guardian.email,
                "phone": g.guardian.phone,
            }
            for g in record.guardians
        ],
        enrollments=[
            {
                "course_code": e.section.course.code,
                "course_title": e.section.course.title,
                "term": e.section.term.code,
                "status": e.status,
                "grade": e.grade,
                "units_attempted": e.units_attempted,
                "units_earned": e.units_earned,
                "credit_type": e.credit_type,
            }
            for e in record.enrollments
        ],
        applications=[
            {
                "id": a.pk,
                "program": a.program,
                "status": a.status,
                "title": (
                    f"{a.section.course.code} {a.section.course.title}"
                    if a.section
                    else (a.opportunity.title if a.opportunity else "")
                ),
                "created_at": a.created_at,
            }
            for a in record.applications
        ],
        consents=[
            {
                "kind": c.kind,
                "status": c.status,
                "method": c.method,
                "granted_at": c.granted_at,
                "valid_through": c.valid_through,
                "revoked_at": c.revoked_at,
            }
            for c in record.consents
        ],
        credentials=[
            {
                "kind": c.kind,
                "title": c.title,
                "issuer": c.issuer.name if c.issuer else None,
                "earned_on": c.earned_on,
            }
            for c in record.credentials
        ],
        placements=[
            {
                "opportunity": p.opportunity.title,
                "employer": p.opportunity.employer.name,
                "status": p.status,
                "start_date": p.start_date,
                "end_date": p.end_date,
            }
            for p in record.placements
        ],
        college_records_withheld=record.college_records_withheld,
    )
    return out


@router.get(
    "/students/{student_id}/disclosures",
    response={200: list[DisclosureOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who read or changed a student's record (authorised staff)",
)
def student_disclosures(request: HttpRequest, student_id: int) -> list[dict[str, Any]]:
    log = access.student_disclosure_log_get(
        actor=request.user, student_id=student_id, channel=CHANNEL
    )
    return [
        {
            "at": e.at,
            "actor": e.actor_label,
            "actor_role": e.actor_role,
            "action": e.action,
            "purpose": e.purpose,
            "channel": e.channel,
        }
        for e in log.events
    ]
