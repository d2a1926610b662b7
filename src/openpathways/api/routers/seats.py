"""Seat allocation over HTTP: runs (coordinators), a student's results, offers and waitlist places
(the student, a parent, or staff in scope), answers to offers and claims of open seats.

Writes go through openpathways.seats.services (atomic, audited, seat counters locked); reads
through openpathways.seats.selectors (scoped; students' results are logged reads). Refusals are
JSON `{"detail"}`: 403 for a role that may not act, 404 for what lies outside the caller's scope,
409 for a step the run or offer does not allow now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from openpathways.api.schemas import ErrorOut
from openpathways.seats import selectors, services

router = Router(tags=["seats"])
CHANNEL = "api"


class TierConditionIn(Schema):
    fact: str = Field(description="A student or section fact, e.g. grade or host_school.")
    op: str = Field("eq", description="eq, ne, lt, lte, gt, gte, in or is.")
    value: Any


class TierIn(Schema):
    name: str
    label: dict[str, str] = Field(description='{"en": ..., "es": ...}: shown in explanations.')
    conditions: list[TierConditionIn]


class RunIn(Schema):
    term_id: int
    program: Literal["ccap", "special-admit", "adult-ed", "wbl"]
    organization_id: int | None = Field(None, description="Default: the caller's organization.")
    name: str = Field("", max_length=200)
    seed: int | None = Field(None, description="Lottery seed; drawn and recorded when absent.")
    tiers: list[TierIn] = Field(default_factory=list, description="Highest priority first.")
    offer_days: int = Field(7, ge=1, le=60)
    max_sections: int = Field(1, ge=1, le=6, description="More than 1: seat rounds.")
    unit_cap: float | None = Field(None, gt=0, description="Default: the program's cap.")


class RunOut(Schema):
    id: int
    name: str
    term_id: int
    program: str
    organization_id: int
    seed: int
    tiers: list[dict[str, Any]]
    offer_days: int
    max_sections: int
    unit_cap: float | None
    status: str
    ran_at: dt.datetime | None
    published_at: dt.datetime | None
    summary: dict[str, Any]


class ResultOut(Schema):
    student_id: int
    student_name: str
    state_student_id: str
    section: str
    rank: int | None
    tier: str
    lottery: int
    explanation: str


class ResultPageOut(Schema):
    run: RunOut
    total: int
    results: list[ResultOut]


class LangQuery(Schema):
    lang: Literal["en", "es"] | None = Field(None, description="Default: the request's language.")


class ResultQuery(LangQuery):
    offset: int = Field(0, ge=0)
    limit: int = Field(200, ge=1, le=1000)


class OfferOut(Schema):
    id: int
    section_id: int
    section: str
    run_id: int | None
    rank: int | None
    source: str
    status: str
    deadline: dt.datetime | None


class WaitlistOut(Schema):
    id: int
    section_id: int
    section: str
    place: int = Field(description="1 = next in line.")
    rank: int | None


class PlacementOut(Schema):
    run_id: int
    section: str
    rank: int | None
    explanation: str


class StudentSeatsOut(Schema):
    student_id: int
    placements: list[PlacementOut]
    offers: list[OfferOut]
    waitlists: list[WaitlistOut]
    college_records_withheld: bool


class ClaimIn(Schema):
    student_id: int


class ClaimOut(Schema):
    offer: OfferOut | None
    waitlist: WaitlistOut | None


def _lang(value: str | None) -> str:
    if value:
        return value
    return "es" if (get_language() or "en").startswith("es") else "en"


def _run_out(r: Any) -> dict[str, Any]:
    summary = {k: v for k, v in (r.summary or {}).items() if k != "waitlists"}
    return {
        "id": r.pk, "name": r.name, "term_id": r.term_id, "program": r.program,
        "organization_id": r.organization_id, "seed": r.seed, "tiers": r.tiers,
        "offer_days": r.offer_days, "max_sections": r.max_sections,
        "unit_cap": float(r.unit_cap) if r.unit_cap is not None else None,
        "status": r.status, "ran_at": r.ran_at, "published_at": r.published_at,
        "summary": summary,
    }  # fmt: skip


def _offer_out(o: Any) -> dict[str, Any]:
    return {
        "id": o.pk, "section_id": o.section_id, "section": services.section_label(o.section),
        "run_id": o.run_id, "rank": o.rank, "source": o.source, "status": o.status,
        "deadline": o.deadline,
    }  # fmt: skip


def _refusal(exc: services.SeatError) -> Status[dict[str, str]]:
    if isinstance(exc, services.SeatPermissionError):
        return Status(403, {"detail": str(exc)})
    if isinstance(exc, services.RunMissingError):
        return Status(404, {"detail": str(exc)})
    return Status(409, {"detail": str(exc)})


_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.get("/seats/runs", response={200: list[RunOut], **_ERRORS}, summary="Runs I coordinate")
def run_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_run_out(r) for r in selectors.run_list(actor=request.user)]


@router.post("/seats/runs", response={201: RunOut, **_ERRORS}, summary="Create a draft run")
def run_create(request: HttpRequest, body: RunIn) -> Any:
    user: Any = request.user
    org = body.organization_id or user.organization_id
    if org is None:
        return Status(403, {"detail": "Name the coordinating organization."})
    try:
        run = services.run_create(
            actor=user, term_id=body.term_id, program=body.program, organization_id=org,
            name=body.name, seed=body.seed, tiers=[t.dict() for t in body.tiers],
            offer_days=body.offer_days, max_sections=body.max_sections, unit_cap=body.unit_cap,
        )  # fmt: skip
    except services.SeatError as exc:
        return _refusal(exc)
    return Status(201, _run_out(run))


@router.get("/seats/runs/{run_id}", response={200: RunOut, **_ERRORS}, summary="One run")
def run_get(request: HttpRequest, run_id: int) -> Any:
    try:
        return _run_out(selectors.run_get(actor=request.user, run_id=run_id))
    except selectors.RunNotFoundError:
        return Status(404, {"detail": "No such run in your scope."})


def _step(request: HttpRequest, run_id: int, fn: Any) -> Any:
    try:
        selectors.run_get(actor=request.user, run_id=run_id)
    except selectors.RunNotFoundError:
        return Status(404, {"detail": "No such run in your scope."})
    try:
        return _run_out(fn(actor=request.user, run_id=run_id))
    except services.SeatError as exc:
        return _refusal(exc)


@router.post(
    "/seats/runs/{run_id}/run",
    response={200: RunOut, **_ERRORS},
    summary="Run the allocation (again until published; same seed, same result)",
)
def run_execute(request: HttpRequest, run_id: int) -> Any:
    return _step(request, run_id, services.run_execute)


@router.post(
    "/seats/runs/{run_id}/publish",
    response={200: RunOut, **_ERRORS},
    summary="Publish: offers with deadlines and waitlists",
)
def run_publish(request: HttpRequest, run_id: int) -> Any:
    return _step(request, run_id, services.run_publish)


@router.get(
    "/seats/runs/{run_id}/results",
    response={200: ResultPageOut, **_ERRORS},
    summary="A page of a run's results with explanations (each student read is logged)",
)
def run_results(request: HttpRequest, run_id: int, query: Query[ResultQuery]) -> Any:
    try:
        page = selectors.run_results(
            actor=request.user, run_id=run_id, lang=_lang(query.lang), offset=query.offset,
            limit=query.limit, channel=CHANNEL,
        )  # fmt: skip
    except selectors.RunNotFoundError:
        return Status(404, {"detail": "No such run in your scope."})
    return {
        "run": _run_out(page.run),
        "total": page.total,
        "results": [r.__dict__ for r in page.rows],
    }


@router.get(
    "/students/{student_id}/seats",
    response={200: StudentSeatsOut, **_ERRORS},
    summary="A student's results, offers and waitlist places",
)
def student_seats(request: HttpRequest, student_id: int, query: Query[LangQuery]) -> Any:
    view = selectors.student_seats_get(
        actor=request.user, student_id=student_id, lang=_lang(query.lang), channel=CHANNEL
    )
    return {
        "student_id": view.student.pk,
        "placements": [
            {"run_id": p.run.pk, "section": p.section, "rank": p.rank, "explanation": p.explanation}
            for p in view.placements
        ],
        "offers": [_offer_out(o) for o in view.offers],
        "waitlists": [
            {
                "id": w.entry.pk,
                "section_id": w.entry.section_id,
                "section": w.section,
                "place": w.place,
                "rank": w.entry.rank,
            }
            for w in view.waitlist
        ],
        "college_records_withheld": view.college_records_withheld,
    }


_ACTIONS = {
    "accept": services.offer_accept,
    "decline": services.offer_decline,
    "drop": services.seat_drop,
}


@router.post(
    "/seats/offers/{offer_id}/{action}",
    response={200: OfferOut, **_ERRORS},
    summary="Accept or decline an offer, or drop an accepted seat",
)
def offer_action(
    request: HttpRequest, offer_id: int, action: Literal["accept", "decline", "drop"]
) -> Any:
    try:
        offer = _ACTIONS[action](actor=request.user, offer_id=offer_id)
    except services.SeatPermissionError:
        return Status(404, {"detail": "No such offer in your scope."})
    except services.SeatError as exc:
        return _refusal(exc)
    return _offer_out(offer)


@router.post(
    "/seats/sections/{section_id}/claim",
    response={200: ClaimOut, **_ERRORS},
    summary="Take a free seat, or join the end of the waitlist",
)
def seat_claim(request: HttpRequest, section_id: int, body: ClaimIn) -> Any:
    try:
        result = services.seat_claim(
            actor=request.user, student_id=body.student_id, section_id=section_id
        )
    except services.SeatPermissionError:
        return Status(404, {"detail": "No such section or student in your scope."})
    except services.SeatError as exc:
        return _refusal(exc)
    waitlist = None
    if result.entry is not None:
        e = result.entry
        waitlist = {
            "id": e.pk, "section_id": e.section_id,
            "section": services.section_label(e.section), "place": selectors.waitlist_place(e),
            "rank": e.rank,
        }  # fmt: skip
    return {"offer": _offer_out(result.offer) if result.offer else None, "waitlist": waitlist}


class ChoiceOut(Schema):
    application_id: int
    section_id: int
    section: str
    course: str
    status: str
    rank: int


class ChoiceGroupOut(Schema):
    term_id: int
    term: str
    program: str
    choices: list[ChoiceOut] = Field(description="Most wanted first: the order runs read.")


class ChoicesIn(Schema):
    term_id: int
    program: Literal["ccap", "special-admit", "adult-ed", "wbl"]
    application_ids: list[int] = Field(
        description="Every open application of the student for the term and program, once each, "
        "most wanted first."
    )


def _choices_out(view: Any) -> list[dict[str, Any]]:
    return [
        {
            "term_id": g.term.pk,
            "term": g.term.name,
            "program": g.program,
            "choices": [r.__dict__ for r in g.rows],
        }
        for g in view.groups
    ]


@router.get(
    "/students/{student_id}/seat-choices",
    response={200: list[ChoiceGroupOut], **_ERRORS},
    summary="A student's order of preference for the coming runs",
)
def student_choices(request: HttpRequest, student_id: int, query: Query[LangQuery]) -> Any:
    view = selectors.student_choices_get(
        actor=request.user, student_id=student_id, lang=_lang(query.lang), channel=CHANNEL
    )
    return _choices_out(view)


@router.put(
    "/students/{student_id}/seat-choices",
    response={200: list[ChoiceGroupOut], **_ERRORS},
    summary="Set a student's order of preference for a term and program",
)
def student_choices_set(request: HttpRequest, student_id: int, body: ChoicesIn) -> Any:
    try:
        services.choices_rank(
            actor=request.user, student_id=student_id, term_id=body.term_id,
            program=body.program, application_ids=body.application_ids,
        )  # fmt: skip
    except services.SeatPermissionError:
        return Status(404, {"detail": "No such student in your scope."})
    except services.SeatError as exc:
        return _refusal(exc)
    view = selectors.student_choices_get(
        actor=request.user, student_id=student_id, lang=_lang(None), channel=CHANNEL
    )
    return _choices_out(view)
