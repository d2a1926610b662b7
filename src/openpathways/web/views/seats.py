"""Seat allocation pages: thin adapters over openpathways.seats (services and selectors).

Coordinators (district administrators, college and adult-education staff, within their
organization) configure priority tiers, run, review and publish. Students and parents see each
published result with its explanation, their offers (accept, decline, drop) and their place on
waitlists, in English or Spanish (reads through the access layer).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openpathways.accounts.models import Role
from openpathways.seats import selectors, services
from openpathways.seats.tiers import EXAMPLE_TIERS, FACTS, OPS
from openpathways.students import access

CHANNEL = "web"
PAGE_SIZE = 100
PROGRAMS = [
    ("ccap", gettext_lazy("CCAP partnership (EC 76004)")),
    ("special-admit", gettext_lazy("Special part-time admission (EC 76001)")),
    ("adult-ed", gettext_lazy("Adult-education concurrent enrollment (EC 52500.1)")),
    ("wbl", gettext_lazy("Work-based learning")),
]


def _lang() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


def _coordinator(request: HttpRequest) -> Any:
    user: Any = request.user
    if not (user.is_superuser or user.role in services.COORDINATOR_ROLES):
        raise PermissionDenied(_("Only coordinators manage seat allocation runs."))
    return user


def _run_or_404(user: Any, run_id: int) -> Any:
    try:
        return selectors.run_get(actor=user, run_id=run_id)
    except selectors.RunNotFoundError as exc:
        raise Http404(_("No such run.")) from exc


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except (AttributeError, ValueError):
        return None


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    user = _coordinator(request)
    errors: list[str] = []
    form = {
        "term": "",
        "program": "ccap",
        "seed": "",
        "offer_days": "7",
        "tiers": json.dumps(EXAMPLE_TIERS, indent=2, ensure_ascii=False),
        "name": "",
        "max_sections": "1",
        "unit_cap": "",
    }
    if request.method == "POST":
        form.update({k: request.POST.get(k, default) for k, default in form.items()})
        term_id = _int(form["term"])
        seed = _int(form["seed"]) if form["seed"].strip() else None
        offer_days = _int(form["offer_days"])
        try:
            tiers = json.loads(form["tiers"] or "[]")
        except ValueError as exc:
            errors.append(_("Priority tiers: not valid JSON (%(error)s).") % {"error": exc})
            tiers = None
        if term_id is None:
            errors.append(_("Choose a term."))
        if form["seed"].strip() and seed is None:
            errors.append(_("Seed: a whole number, or leave it empty to draw one."))
        if offer_days is None:
            errors.append(_("Days to answer: a whole number."))
        max_sections = _int(form["max_sections"])
        if max_sections is None:
            errors.append(_("Sections per student: a whole number."))
        unit_cap = None
        if form["unit_cap"].strip():
            try:
                unit_cap = float(form["unit_cap"])
            except ValueError:
                errors.append(_("Unit cap: a number, or leave it empty for the program's cap."))
        if not errors and term_id is not None and offer_days is not None and max_sections:
            org_id = user.organization_id
            try:
                run = services.run_create(
                    actor=user, term_id=term_id, program=form["program"], organization_id=org_id,
                    seed=seed, tiers=tiers or [], offer_days=offer_days, name=form["name"],
                    max_sections=max_sections, unit_cap=unit_cap,
                )  # fmt: skip
            except services.SeatError as exc:
                errors.append(str(exc))
            else:
                messages.success(request, _("Run created. Review the tiers, then run it."))
                return redirect("web:seats_run_detail", run_id=run.pk)
    context = {
        "runs": selectors.run_list(actor=user),
        "terms": selectors.term_options(actor=user),
        "programs": PROGRAMS,
        "form": form,
        "errors": errors,
        "can_create": user.organization_id is not None,
        "facts": list(FACTS),
        "ops": OPS,
    }
    return render(request, "web/seats/run_list.html", context, status=400 if errors else 200)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _coordinator(request)
    run = _run_or_404(user, run_id)
    page = max(_int(request.GET.get("page", "1")) or 1, 1)
    results = None
    if run.status != "draft":
        results = selectors.run_results(
            actor=user, run_id=run.pk, lang=_lang(), offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE, channel=CHANNEL,
        )  # fmt: skip
    pages = max(((results.total if results else 0) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    context = {
        "run": run,
        "results": results,
        "seats": selectors.section_seats_list(actor=user, run_id=run.pk),
        "tiers_json": json.dumps(run.tiers, indent=2, ensure_ascii=False),
        "labels": selectors.run_labels(run),
        "lang": _lang(),
        "page": page,
        "pages": pages,
        "by_rank": sorted((int(k), v) for k, v in run.summary.get("by_rank", {}).items()),
        "facts": list(FACTS),
        "ops": OPS,
    }
    return render(request, "web/seats/run_detail.html", context)


def _back(run_id: int) -> HttpResponseRedirect:
    return redirect("web:seats_run_detail", run_id=run_id)


@login_required
@require_POST
def run_configure(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _coordinator(request)
    _run_or_404(user, run_id)
    try:
        tiers = json.loads(request.POST.get("tiers") or "[]")
    except ValueError as exc:
        messages.error(request, _("Priority tiers: not valid JSON (%(error)s).") % {"error": exc})
        return _back(run_id)
    seed_raw = request.POST.get("seed", "").strip()
    seed = _int(seed_raw) if seed_raw else None
    if seed_raw and seed is None:
        messages.error(request, _("Seed: a whole number."))
        return _back(run_id)
    try:
        services.run_configure(
            actor=user, run_id=run_id, tiers=tiers, seed=seed,
            offer_days=_int(request.POST.get("offer_days", "")),
            max_sections=_int(request.POST.get("max_sections", "")),
        )  # fmt: skip
    except services.SeatError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Configuration saved."))
    return _back(run_id)


@login_required
@require_POST
def run_execute(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _coordinator(request)
    _run_or_404(user, run_id)
    try:
        run = services.run_execute(actor=user, run_id=run_id)
    except services.SeatError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Run finished: %(placed)s of %(students)s students placed.")
            % {"placed": run.summary["placed"], "students": run.summary["students"]},
        )
    return _back(run_id)


@login_required
@require_POST
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    user = _coordinator(request)
    _run_or_404(user, run_id)
    try:
        services.run_publish(actor=user, run_id=run_id)
    except services.SeatError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Published: offers sent and waitlists opened."))
    return _back(run_id)


# --- students and parents ----------------------------------------------------------------------


@login_required
def my_seats(request: HttpRequest) -> HttpResponse:
    """A student's (or a parent's children's) results, offers and waitlist places."""
    user: Any = request.user
    if user.role not in (Role.STUDENT, Role.GUARDIAN):
        raise PermissionDenied(_("This page is for students and their parents."))
    lang = _lang()
    students = selectors.seat_students_for(actor=user, channel=CHANNEL)
    views = [
        selectors.student_seats_get(actor=user, student_id=s.pk, lang=lang, channel=CHANNEL)
        for s in students
    ]
    return render(request, "web/seats/mine.html", {"views": views, "lang": lang})


_OFFER_ACTIONS = {
    "accept": services.offer_accept,
    "decline": services.offer_decline,
    "drop": services.seat_drop,
}


@login_required
@require_POST
def offer_action(request: HttpRequest, offer_id: int, action: str) -> HttpResponse:
    fn = _OFFER_ACTIONS.get(action)
    if fn is None:
        raise Http404(_("No such action."))
    try:
        fn(actor=request.user, offer_id=offer_id)
    except services.SeatPermissionError as exc:
        raise Http404(_("No such offer.")) from exc
    except services.SeatError as exc:
        messages.error(request, str(exc))
    else:
        done = {
            "accept": _("Seat accepted."),
            "decline": _("Offer declined: the seat goes to the next student waiting."),
            "drop": _("Seat given up: it goes to the next student waiting."),
        }
        messages.success(request, done[action])
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("web:seats_mine"))


@login_required
def student_seats(request: HttpRequest, student_id: int) -> HttpResponse:
    """Staff view of one student's seats (scoped and logged by the access layer)."""
    try:
        view = selectors.student_seats_get(
            actor=request.user, student_id=student_id, lang=_lang(), channel=CHANNEL
        )
    except access.StudentNotFound as exc:
        raise Http404(_("No such student.")) from exc
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(request, "web/seats/mine.html", {"views": [view], "lang": _lang()})


# --- ranking choices ---------------------------------------------------------------------------


def _choices_views(request: HttpRequest, student_ids: list[int]) -> list[Any]:
    lang = _lang()
    return [
        selectors.student_choices_get(
            actor=request.user, student_id=sid, lang=lang, channel=CHANNEL
        )
        for sid in student_ids
    ]


@login_required
def my_choices(request: HttpRequest) -> HttpResponse:
    """A student (or a parent, for each child) orders their applications for the coming runs."""
    user: Any = request.user
    if user.role not in (Role.STUDENT, Role.GUARDIAN):
        raise PermissionDenied(_("This page is for students and their parents."))
    students = selectors.seat_students_for(actor=user, channel=CHANNEL)
    views = _choices_views(request, [s.pk for s in students])
    return render(request, "web/seats/choices.html", {"views": views, "lang": _lang()})


@login_required
def student_choices(request: HttpRequest, student_id: int) -> HttpResponse:
    """A counselor or school administrator orders a student's choices on their behalf."""
    try:
        views = _choices_views(request, [student_id])
    except access.StudentNotFound as exc:
        raise Http404(_("No such student.")) from exc
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(request, "web/seats/choices.html", {"views": views, "lang": _lang()})


@login_required
@require_POST
def choice_move(request: HttpRequest, application_id: int) -> HttpResponse:
    """Move a choice up or down (a form per button: works without JavaScript)."""
    try:
        services.choice_move(
            actor=request.user, application_id=application_id,
            direction=request.POST.get("direction", ""),
        )  # fmt: skip
    except services.SeatPermissionError as exc:
        raise Http404(_("No such application.")) from exc
    except services.SeatError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Order of your choices saved."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(reverse("web:seats_choices"))
