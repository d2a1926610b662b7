"""The opportunity passport as JSON and PDF, through openpathways.outcomes.selectors.passport_get
(the access layer: scoped by role, the college-records rule applied, every read logged with
channel "api")."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from openpathways.api.schemas import ErrorOut
from openpathways.outcomes.passport_pdf import passport_pdf
from openpathways.outcomes.selectors import passport_get

router = Router(tags=["passport"])
CHANNEL = "api"


class PassportStudentOut(Schema):
    id: int
    name: str
    school: str
    grade: int
    class_of: int
    status: str


class UnitsOut(Schema):
    earned: str = Field(description="College units earned with C- or better or Pass.")
    enrolled: str = Field(description="Units of college-credit courses under way.")
    goal: str
    terms_left: int = Field(description="Semesters left before graduation after this one.")
    status: Literal["met", "on_track", "off_track"]


class CciOut(Schema):
    college_credit_route: str
    cte_route_met: bool
    cte_pathway_completed: bool
    projected_level: str = Field(description="The CCI level if graduating with this record.")
    measures: list[str]


class PassportOut(Schema):
    student: PassportStudentOut
    as_of: str
    college_records_withheld: bool = Field(
        description="College records left out: a parent without the student's written release."
    )
    dual_enrollment_units: UnitsOut | None
    cci: CciOut | None
    college_courses: list[dict[str, Any]]
    adult_education_courses: list[dict[str, Any]]
    cte_pathways: list[dict[str, Any]]
    industry_certifications: list[dict[str, Any]]
    certificates: list[dict[str, Any]]
    elective_credits: str
    work_based_learning: dict[str, Any]
    aa_degree: list[dict[str, Any]]
    campaign: dict[str, Any] | None
    next_steps: list[str]


class PassportQuery(Schema):
    purpose: str = Field("API request", max_length=200, description="Why (disclosure log).")


class PdfQuery(PassportQuery):
    lang: Literal["en", "es"] = Field("en", description="Language of the PDF.")


@router.get(
    "/students/{student_id}/passport",
    response={200: PassportOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A student's opportunity passport",
)
def passport(request: HttpRequest, student_id: int, query: Query[PassportQuery]) -> dict[str, Any]:
    view = passport_get(
        actor=request.user, student_id=student_id, channel=CHANNEL,
        purpose=query.purpose.strip() or "API request",
    )  # fmt: skip
    return view.passport.as_dict()


@router.get(
    "/students/{student_id}/passport.pdf",
    response={200: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A student's opportunity passport, printable (PDF)",
    openapi_extra={
        "responses": {
            "200": {"description": "The passport as a PDF.",
                    "content": {"application/pdf": {"schema": {"type": "string",
                                                               "format": "binary"}}}}
        }
    },
)  # fmt: skip
def passport_pdf_file(
    request: HttpRequest, student_id: int, query: Query[PdfQuery]
) -> HttpResponse:
    view = passport_get(
        actor=request.user, student_id=student_id, channel=CHANNEL,
        purpose=query.purpose.strip() or "API request",
    )  # fmt: skip
    response = HttpResponse(passport_pdf(view.passport, language=query.lang),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'inline; filename="passport-{student_id}-{query.lang}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
