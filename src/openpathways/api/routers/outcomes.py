"""Recording outcomes partners and staff send: certificates of completion with elective credit,
industry certifications, CTE pathway completions with the capstone grade, AA-degree pathways, and
corrections with their reason. Writes go through openpathways.outcomes.services (scope checked
there, audit events recorded, corrections kept in history)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from openpathways.api.schemas import ErrorOut
from openpathways.catalog.models import AaDegreePathway, CtePathway, IndustryCertification
from openpathways.organizations.models import Organization
from openpathways.outcomes.services import (
    aa_degree_plan_set,
    credential_correct,
    credential_record,
)

router = Router(tags=["outcomes"])

CredentialKindIn = Literal[
    "certificate_of_completion", "industry_certification", "cte_pathway_completion"
]


class CredentialIn(Schema):
    kind: CredentialKindIn
    earned_on: dt.date
    title: str = Field("", max_length=200, description="Required for a certificate of completion.")
    issuer_code: str = Field("", description="Code of the awarding adult school or college.")
    certification_id: int | None = Field(None, description="For an industry certification.")
    cte_pathway_code: str = Field("", description="CALPADS code, for a CTE pathway completion.")
    capstone_grade: str = Field("", description="A+ to F, P or NP; for a CTE pathway completion.")
    elective_credits: Decimal = Field(Decimal(0), ge=0, le=Decimal("99.9"), decimal_places=1)


class CredentialOut(Schema):
    id: int
    student_id: int
    kind: str
    title: str
    issuer_code: str
    certification_id: int | None
    cte_pathway_code: str
    capstone_grade: str
    elective_credits: Decimal
    earned_on: dt.date


class CorrectionIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500, description="Why (kept in history).")
    title: str | None = Field(None, max_length=200)
    earned_on: dt.date | None = None
    capstone_grade: str | None = None
    elective_credits: Decimal | None = Field(None, ge=0, le=Decimal("99.9"), decimal_places=1)


class AaPlanIn(Schema):
    aa_pathway_id: int
    declared_on: dt.date | None = None


class AaPlanOut(Schema):
    id: int
    student_id: int
    aa_pathway_id: int
    aa_pathway: str
    college: str
    units_required: Decimal
    declared_on: dt.date


def _credential_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk, "student_id": c.student_id, "kind": c.kind, "title": c.title,
        "issuer_code": c.issuer.code if c.issuer else "",
        "certification_id": c.certification_id,
        "cte_pathway_code": c.cte_pathway.code if c.cte_pathway else "",
        "capstone_grade": c.capstone_grade, "elective_credits": c.elective_credits,
        "earned_on": c.earned_on,
    }  # fmt: skip


def _refused(exc: Exception) -> HttpError:
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc))
    assert isinstance(exc, ValidationError)
    return HttpError(400, " ".join(exc.messages))


@router.post(
    "/students/{student_id}/credentials",
    response={201: CredentialOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Record a certificate of completion, industry certification or CTE completion",
)
def credential_create(
    request: HttpRequest, student_id: int, payload: CredentialIn
) -> Status[dict[str, Any]]:
    issuer_id = certification_id = pathway_id = None
    title = payload.title.strip()
    if payload.issuer_code:
        issuer_id = (
            Organization.objects.filter(code=payload.issuer_code)
            .values_list("pk", flat=True)
            .first()
        )
        if issuer_id is None:
            raise HttpError(400, f"No organization with code {payload.issuer_code!r}.")
    if payload.kind == "certificate_of_completion" and (not title or issuer_id is None):
        raise HttpError(400, "A certificate of completion needs its title and issuer_code.")
    if payload.kind == "industry_certification":
        cert = IndustryCertification.objects.filter(pk=payload.certification_id or 0).first()
        if cert is None:
            raise HttpError(400, "An industry certification needs a known certification_id.")
        certification_id, title = cert.pk, title or cert.name
    if payload.kind == "cte_pathway_completion":
        pathway = CtePathway.objects.filter(code=payload.cte_pathway_code).first()
        if pathway is None:
            raise HttpError(400, f"No CTE pathway with code {payload.cte_pathway_code!r}.")
        pathway_id, title = pathway.pk, title or f"CTE pathway completion: {pathway.title}"
    elif payload.capstone_grade:
        raise HttpError(400, "Only a CTE pathway completion has a capstone grade.")
    if payload.kind != "certificate_of_completion" and payload.elective_credits:
        raise HttpError(400, "Only a certificate of completion carries elective credit.")
    try:
        credential = credential_record(
            actor=request.user, student_id=student_id, kind=payload.kind, title=title,
            earned_on=payload.earned_on, issuer_id=issuer_id, certification_id=certification_id,
            cte_pathway_id=pathway_id, capstone_grade=payload.capstone_grade.strip().upper(),
            elective_credits=payload.elective_credits,
        )  # fmt: skip
    except (PermissionDenied, ValidationError) as exc:
        raise _refused(exc) from exc
    return Status(201, _credential_out(credential))


@router.post(
    "/credentials/{credential_id}/corrections",
    response={200: CredentialOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Correct a recorded outcome with a reason (old values are kept in history)",
)
def credential_correction(
    request: HttpRequest, credential_id: int, payload: CorrectionIn
) -> dict[str, Any]:
    changes = {
        name: value for name, value in payload.dict(exclude={"reason"}).items() if value is not None
    }
    if "capstone_grade" in changes:
        changes["capstone_grade"] = changes["capstone_grade"].strip().upper()
    if not changes:
        raise HttpError(400, "Name at least one field to correct.")
    try:
        credential = credential_correct(
            actor=request.user, credential_id=credential_id, reason=payload.reason, **changes
        )
    except ObjectDoesNotExist as exc:
        raise HttpError(404, "No such record.") from exc
    except (PermissionDenied, ValidationError) as exc:
        raise _refused(exc) from exc
    return _credential_out(credential)


@router.post(
    "/students/{student_id}/aa-plans",
    response={201: AaPlanOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    summary="Record the AA-degree pathway a student follows (units come from college courses)",
)
def aa_plan_create(
    request: HttpRequest, student_id: int, payload: AaPlanIn
) -> Status[dict[str, Any]]:
    pathway = AaDegreePathway.objects.select_related("college").filter(
        pk=payload.aa_pathway_id
    ).first()  # fmt: skip
    if pathway is None:
        raise HttpError(400, "No such degree pathway.")
    try:
        plan = aa_degree_plan_set(
            actor=request.user, student_id=student_id, aa_pathway_id=pathway.pk,
            declared_on=payload.declared_on,
        )  # fmt: skip
    except (PermissionDenied, ValidationError) as exc:
        raise _refused(exc) from exc
    return Status(201, {
        "id": plan.pk, "student_id": plan.student_id, "aa_pathway_id": pathway.pk,
        "aa_pathway": pathway.title, "college": pathway.college.name,
        "units_required": pathway.units_required, "declared_on": plan.declared_on,
    })  # fmt: skip
