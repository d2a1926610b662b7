"""The opportunity finder: a public page (anonymous visitors too) over catalog selectors. It shows
catalog facts and seat counts only, never a student. A signed-in student starts with their own
school selected (read through the access layer, so the read is logged)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.catalog.models import Modality, OpportunityType, ScheduleKind
from openpathways.catalog.selectors import (
    FinderFilters,
    finder_options,
    opportunity_find,
    opportunity_get,
)
from openpathways.core.choices import IndustrySector
from openpathways.students import access

PAGE_SIZE = 20


def _int(raw: str) -> int | None:
    try:
        return int(raw) if raw.strip() else None
    except ValueError:
        return None


def _units(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.strip()) if raw.strip() else None
    except InvalidOperation:
        return None
    if value is not None and not value.is_finite():
        return None
    return value


def _choice(raw: str, choices: list[str]) -> str:
    return raw if raw in choices else ""


def _student_school(request: HttpRequest) -> int | None:
    user: Any = request.user
    if not user.is_authenticated or user.role != Role.STUDENT or not user.student_id:
        return None
    try:
        student = access.student_get(
            actor=user, student_id=user.student_id, purpose="opportunity finder", channel="web"
        )
    except access.StudentAccessDenied:
        return None
    return int(student.school_id)


def filters_from_query(request: HttpRequest) -> FinderFilters:
    get = request.GET
    school_id = _int(get.get("school", ""))
    if "school" not in get:
        school_id = _student_school(request)
    return FinderFilters(
        type=_choice(get.get("type", ""), list(OpportunityType.values)),
        school_id=school_id,
        sector=_choice(get.get("sector", ""), list(IndustrySector.values)),
        schedule=_choice(get.get("schedule", ""), list(ScheduleKind.values)),
        host_site_id=_int(get.get("host", "")),
        modality=_choice(get.get("modality", ""), list(Modality.values)),
        units_min=_units(get.get("units_min", "")),
        units_max=_units(get.get("units_max", "")),
        open_seats=get.get("seats") == "open",
        q=get.get("q", "").strip()[:100],
        academic_year=_int(get.get("year", "")),
    )


def apply_url(section_id: int | None) -> str:
    """Where the Apply button goes (the enrollment journey), or "" while it does not exist."""
    if section_id is None:
        return ""
    try:
        return reverse("web:apply", args=[section_id])
    except NoReverseMatch:
        return ""


def finder(request: HttpRequest) -> HttpResponse:
    filters = filters_from_query(request)
    page = max(_int(request.GET.get("page", "")) or 1, 1)
    result = opportunity_find(filters=filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    options = finder_options(academic_year=result.academic_year)
    pages = max((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    if "school" not in request.GET and filters.school_id:
        params["school"] = str(filters.school_id)

    def link(number: int) -> str:
        return "?" + urlencode({**params, "page": number})

    context = {
        "result": result,
        "filters": filters,
        "options": options,
        "types": OpportunityType.choices,
        "sectors": IndustrySector.choices,
        "schedules": ScheduleKind.choices,
        "modalities": Modality.choices,
        "pager": {
            "number": page, "pages": pages, "total": result.total,
            "previous_url": link(page - 1) if page > 1 else "",
            "next_url": link(page + 1) if page < pages else "",
        },
        "query_string": urlencode(params),
    }  # fmt: skip
    return render(request, "web/finder/list.html", context)


def finder_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    card = opportunity_get(opportunity_id=opportunity_id)
    if card is None:
        raise Http404(_("No such opportunity."))
    back = request.GET.get("back", "")
    back_url = reverse("web:finder") + ("?" + back if back and "//" not in back else "")
    return render(
        request,
        "web/finder/detail.html",
        {
            "card": card,
            "apply_url": apply_url(card.section_id) if card.section_open else "",
            "back_url": back_url,
        },
    )
