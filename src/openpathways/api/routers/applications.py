"""The enrollment journey over HTTP: applications and their transitions, the counseling session,
consent links, signing through a link (no account) and revocation.

Writes go through openpathways.applications.services and openpathways.consents.services (atomic,
audited, notifications after commit); reads through openpathways.applications.selectors (scoped,
logged). Errors are JSON `{"detail", "code"}` in the caller's language (Accept-Language, or the
language cookie). A repeated creation (same `Idempotency-Key`, or same student and section while
an application is open) returns the existing application with status 200 instead of 201.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Header, Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from openpathways.applications import selectors, services
from openpathways.applications.permit import permit_pdf
from openpathways.consents import services as consents
from openpathways.students import access

router = Router(tags=["applications"])
CHANNEL = "api"
R = TypeVar("R")

Verb = Literal[
    "recommended", "declined", "approved", "registered", "denied", "withdrawn", "dropped"
]


class JourneyErrorOut(Schema):
    detail: str
    code: str = ""


class ApplicationIn(Schema):
    section_id: int
    student_id: int | None = Field(None, description="School staff applying for a student.")
    note: str = Field("", max_length=500)


class StepIn(Schema):
    note: str = Field("", max_length=1000)
    reason: str = Field("", max_length=1000, description="Required to deny, decline or drop.")


class EventOut(Schema):
    at: dt.datetime
    from_status: str
    to_status: str
    verb: str
    actor: str | None
    actor_role: str
    note: str


class RuleOut(Schema):
    id: str
    passed: bool | None
    status: str
    source: str
    message: str
    severity: str


class ApplicationSummaryOut(Schema):
    id: int
    student_id: int
    student_name: str
    school: str
    section_id: int | None
    course: str
    term: str
    program: str
    status: str
    status_label: str
    decision_reason: str
    eligibility: str
    rule_pack: str
    rule_pack_digest: str
    consent_id: int | None
    recommendation_id: int | None
    actions: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class ApplicationDetailOut(ApplicationSummaryOut):
    events: list[EventOut]
    rules: list[RuleOut]


class ApplicationPageOut(Schema):
    count: int
    offset: int
    limit: int
    items: list[ApplicationSummaryOut]


class ApplicationFilters(Schema):
    queue: str = Field(
        "", description="recommendation | consent | review | registration | open | closed"
    )
    status: str = ""
    student_id: int | None = None
    section_id: int | None = None
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=500)


class CounselingSessionIn(Schema):
    held_on: dt.date
    staff_name: str = Field(..., max_length=200)
    parent_name: str = Field(..., max_length=200)
    written_record: str = Field(..., max_length=5000)
    student_attended: bool = True
    parent_attended: bool = True


class CounselingSessionOut(Schema):
    id: int
    student_id: int
    held_on: dt.date


class ConsentLinkIn(Schema):
    guardian_id: int | None = Field(None, description="Empty: every guardian with rights.")
    kind: Literal["dual_enrollment", "adult_ed"] = "dual_enrollment"
    purpose: Literal["grant", "revoke"] = "grant"


class ConsentLinkOut(Schema):
    id: int
    guardian_id: int
    kind: str
    purpose: str
    expires_at: dt.datetime


class ConsentDisclosureOut(Schema):
    kind: str
    version: str
    language: str
    title: str
    paragraphs: list[str]
    student_first_name: str
    school: str


class ConsentSignIn(Schema):
    typed_name: str = Field(..., max_length=200)
    intent: bool = Field(..., description="The signer shows intent to sign (ESIGN/UETA).")
    language: Literal["en", "es"] = "en"
    disclosure_version: str = Field(..., max_length=30)


class ConsentRecordOut(Schema):
    id: int
    student_id: int
    kind: str
    status: str
    method: str
    disclosure_version: str
    language: str
    typed_name: str
    granted_at: dt.datetime
    valid_through: dt.date
    revoked_at: dt.datetime | None


class ConsentSignedOut(ConsentRecordOut):
    revoke_url: str


class RevokeIn(Schema):
    confirm: bool = False


class StaffRevokeIn(Schema):
    note: str = Field(..., max_length=1000, description="How the guardian asked.")


ERRORS = {400: JourneyErrorOut, 401: JourneyErrorOut, 403: JourneyErrorOut, 404: JourneyErrorOut}


def _lang(request: HttpRequest) -> str:
    if request.META.get("HTTP_ACCEPT_LANGUAGE") or request.COOKIES.get("django_language"):
        lang = translation.get_language_from_request(request)
    else:
        lang = translation.get_language() or "en"
    return "es" if lang.startswith("es") else "en"


def _call(request: HttpRequest, fn: Callable[[], R]) -> R | Status[dict[str, str]]:
    """Run a service in the caller's language; turn its refusals into JSON errors."""
    with translation.override(_lang(request)):
        try:
            return fn()
        except consents.ConsentLinkError as exc:
            status = 404 if exc.code == "invalid" else 410
            return Status(status, {"detail": str(exc), "code": exc.code})
        except access.StudentNotFound as exc:
            return Status(404, {"detail": str(exc), "code": "not_found"})
        except ValidationError as exc:
            return Status(
                400, {"detail": " ".join(exc.messages), "code": str(exc.code or "invalid")}
            )
        except PermissionDenied as exc:
            return Status(403, {"detail": str(exc), "code": "forbidden"})


def _person(user: Any) -> str | None:
    return str(user.get_full_name() or user.get_username()) if user is not None else None


def _app_out(app: Any, actor: Any) -> dict[str, Any]:
    section = app.section
    return {
        "id": app.pk, "student_id": app.student_id, "student_name": app.student.full_name,
        "school": app.student.school.name, "section_id": app.section_id,
        "course": f"{section.course.code} {section.course.title}" if section else "",
        "term": section.term.name if section else "", "program": app.program,
        "status": app.status, "status_label": str(app.get_status_display()),
        "decision_reason": app.decision_reason, "eligibility": app.eligibility_decision,
        "rule_pack": app.rule_pack, "rule_pack_digest": app.rule_pack_digest,
        "consent_id": app.consent_id, "recommendation_id": app.recommendation_id,
        "actions": services.application_actions(actor=actor, application=app),
        "created_at": app.created_at, "updated_at": app.updated_at,
    }  # fmt: skip


def _detail(actor: Any, application_id: int, lang: str) -> dict[str, Any]:
    app = selectors.application_get(
        actor=actor, application_id=application_id, purpose="API request", channel=CHANNEL
    )
    out = _app_out(app, actor)
    out["events"] = [
        {"at": e.at, "from_status": e.from_status, "to_status": e.to_status, "verb": e.verb,
         "actor": _person(e.actor), "actor_role": e.actor_role, "note": e.note}
        for e in app.events.all()
    ]  # fmt: skip
    out["rules"] = selectors.application_eligibility_rules(app, lang)
    return out


def _consent_out(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk, "student_id": c.student_id, "kind": c.kind, "status": c.status,
        "method": c.method, "disclosure_version": c.disclosure_version, "language": c.language,
        "typed_name": c.typed_name, "granted_at": c.granted_at, "valid_through": c.valid_through,
        "revoked_at": c.revoked_at,
    }  # fmt: skip


# --------------------------------------------------------------------------- applications


@router.post(
    "/applications",
    response={200: ApplicationDetailOut, 201: ApplicationDetailOut, **ERRORS},
    summary="Apply to a section (idempotent)",
    description="201 when created; 200 with the existing application when the same "
    "Idempotency-Key was used before, or the student already has an open application to the "
    "section. The eligibility check runs at once; its rules are in `rules`.",
)
def application_create(
    request: HttpRequest,
    payload: ApplicationIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=64),
) -> Any:
    lang = _lang(request)

    def run() -> Status[dict[str, Any]]:
        result = services.application_request(
            actor=request.user, section_id=payload.section_id, student_id=payload.student_id,
            idempotency_key=idempotency_key, note=payload.note,
        )  # fmt: skip
        out = _detail(request.user, result.application.pk, lang)
        return Status(201 if result.created else 200, out)

    return _call(request, run)


@router.get(
    "/applications",
    response={200: ApplicationPageOut, **ERRORS},
    summary="List the applications I may see",
)
def application_list(request: HttpRequest, filters: Query[ApplicationFilters]) -> Any:
    def run() -> dict[str, Any]:
        page = selectors.application_list(
            actor=request.user, purpose="API request", channel=CHANNEL, status=filters.status,
            queue=filters.queue, student_id=filters.student_id, section_id=filters.section_id,
            offset=filters.offset, limit=filters.limit,
        )  # fmt: skip
        return {
            "count": page.total, "offset": page.offset, "limit": page.limit,
            "items": [_app_out(a, request.user) for a in page.items],
        }  # fmt: skip

    return _call(request, run)


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetailOut, **ERRORS},
    summary="One application with its history and eligibility rules",
)
def application_get(request: HttpRequest, application_id: int) -> Any:
    return _call(request, lambda: _detail(request.user, application_id, _lang(request)))


@router.post(
    "/applications/{application_id}/transitions/{verb}",
    response={200: ApplicationDetailOut, **ERRORS},
    summary="Make a step: recommend, decline, approve, register, deny, withdraw, drop",
)
def application_transition(
    request: HttpRequest, application_id: int, verb: Verb, payload: StepIn
) -> Any:
    def run() -> dict[str, Any]:
        services.application_step(
            actor=request.user, application_id=application_id, verb=verb, note=payload.note,
            reason=payload.reason,
        )  # fmt: skip
        return _detail(request.user, application_id, _lang(request))

    return _call(request, run)


@router.get(
    "/applications/{application_id}/permit.pdf",
    response={200: None, **ERRORS},
    summary="The Concurrent Enrollment Permit (PDF)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "A one-page PDF with every signature of the journey.",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def application_permit(request: HttpRequest, application_id: int) -> Any:
    def run() -> HttpResponse:
        data = selectors.application_permit_get(
            actor=request.user, application_id=application_id, channel=CHANNEL
        )
        return HttpResponse(permit_pdf(data), content_type="application/pdf")

    return _call(request, run)


@router.post(
    "/students/{student_id}/counseling-session",
    response={201: CounselingSessionOut, **ERRORS},
    summary="Record the adult-education counseling session (EC 52500.1), once",
)
def counseling_session_create(
    request: HttpRequest, student_id: int, payload: CounselingSessionIn
) -> Any:
    def run() -> Status[dict[str, Any]]:
        s = services.counseling_session_record(
            actor=request.user, student_id=student_id, **payload.dict()
        )
        return Status(201, {"id": s.pk, "student_id": s.student_id, "held_on": s.held_on})

    return _call(request, run)


# --------------------------------------------------------------------------- consent ledger


@router.post(
    "/students/{student_id}/consent-links",
    response={201: list[ConsentLinkOut], **ERRORS},
    summary="Send (or resend) a signed consent link to the guardians by email",
    description="The link itself goes only to the guardian's email; earlier unused links of "
    "the same kind stop working.",
)
def consent_link_create(request: HttpRequest, student_id: int, payload: ConsentLinkIn) -> Any:
    def run() -> Status[list[dict[str, Any]]]:
        issued = consents.consent_link_issue(
            actor=request.user, student_id=student_id, guardian_id=payload.guardian_id,
            kind=payload.kind, purpose=payload.purpose,
        )  # fmt: skip
        return Status(201, [
            {"id": i.link.pk, "guardian_id": i.link.guardian_id, "kind": i.link.kind,
             "purpose": i.link.purpose, "expires_at": i.link.expires_at}
            for i in issued
        ])  # fmt: skip

    return _call(request, run)


@router.get(
    "/consent-links/{token}",
    response={200: ConsentDisclosureOut, 404: JourneyErrorOut, 410: JourneyErrorOut},
    auth=None,
    summary="What a guardian's consent link shows (no account needed)",
)
def consent_link_get(
    request: HttpRequest, token: str, lang: Literal["en", "es"] | None = None
) -> Any:
    def run() -> dict[str, Any]:
        page = consents.consent_link_open(token=token)
        language = lang or page.guardian_language
        language = language if language in ("en", "es") else "en"
        return {
            "kind": page.kind, "version": page.disclosure.version, "language": language,
            "title": page.disclosure.title[language],
            "paragraphs": list(page.disclosure.paragraphs[language]),
            "student_first_name": page.student_first_name, "school": page.school,
        }  # fmt: skip

    return _call(request, run)


@router.post(
    "/consent-links/{token}/sign",
    response={201: ConsentSignedOut, 400: JourneyErrorOut, 404: JourneyErrorOut,
              410: JourneyErrorOut},
    auth=None,
    summary="Sign through the link: typed name and intent (ESIGN/UETA); one-time",
)  # fmt: skip
def consent_link_sign(request: HttpRequest, token: str, payload: ConsentSignIn) -> Any:
    def run() -> Status[dict[str, Any]]:
        signed = consents.consent_sign(
            token=token, typed_name=payload.typed_name, intent=payload.intent,
            language=payload.language, disclosure_version=payload.disclosure_version,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )  # fmt: skip
        return Status(201, {**_consent_out(signed.consent), "revoke_url": signed.revoke_url})

    return _call(request, run)


@router.post(
    "/consent-revoke-links/{token}",
    response={
        200: ConsentRecordOut,
        400: JourneyErrorOut,
        404: JourneyErrorOut,
        410: JourneyErrorOut,
    },
    auth=None,
    summary="Withdraw consent through the guardian's link",
)
def consent_link_revoke(request: HttpRequest, token: str, payload: RevokeIn) -> Any:
    return _call(
        request,
        lambda: _consent_out(consents.consent_revoke_by_link(token=token, confirm=payload.confirm)),
    )


@router.post(
    "/consents/{consent_id}/revoke",
    response={200: ConsentRecordOut, **ERRORS},
    summary="Record a withdrawal the guardian asked for (school staff)",
)
def consent_staff_revoke(request: HttpRequest, consent_id: int, payload: StaffRevokeIn) -> Any:
    return _call(
        request,
        lambda: _consent_out(
            consents.consent_revoke(actor=request.user, consent_id=consent_id, note=payload.note)
        ),
    )
