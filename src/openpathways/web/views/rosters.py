"""Roster reconciliation pages: the discrepancy queue per school and college with resolve actions,
and the high school's roster confirmation per term. Thin adapters over openpathways.rosters
(selectors scope the queue and log each student shown; services write with an audit event)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openpathways.accounts.models import Role
from openpathways.rosters.models import DiscrepancyKind, DiscrepancyStatus
from openpathways.rosters.selectors import (
    can_work_rosters,
    roster_confirmation_list,
    roster_discrepancy_list,
)
from openpathways.rosters.services import (
    RosterError,
    roster_confirm,
    roster_discrepancy_resolve,
)

PAGE_SIZE = 50
CHANNEL = "web"
SCHOOL_ROLES = (Role.SCHOOL_ADMIN, Role.COUNSELOR, Role.DISTRICT_ADMIN)


def _int(raw: str) -> int | None:
    try:
        return int(raw) if raw.strip() else None
    except ValueError:
        return None


def _back(request: HttpRequest) -> str:
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("web:roster_discrepancies")


@login_required
def discrepancy_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_work_rosters(user):
        raise PermissionDenied(_("Roster reconciliation is for school and college staff."))
    status = request.GET.get("status", DiscrepancyStatus.OPEN)
    if status not in DiscrepancyStatus.values and status != "all":
        status = DiscrepancyStatus.OPEN
    kind = request.GET.get("kind", "")
    if kind not in DiscrepancyKind.values:
        kind = ""
    term_code = request.GET.get("term", "").strip()[:20]
    page = max(_int(request.GET.get("page", "")) or 1, 1)
    result = roster_discrepancy_list(
        actor=user, purpose="roster reconciliation", channel=CHANNEL,
        status="" if status == "all" else status, kind=kind, term_code=term_code,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    pages = max((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}

    def link(number: int) -> str:
        return "?" + urlencode({**params, "page": number})

    school_side = user.is_superuser or user.role in SCHOOL_ROLES
    context = {
        "result": result,
        "status": status,
        "kind": kind,
        "term_code": term_code,
        "kinds": [
            (value, label, result.counts_by_kind.get(value, 0))
            for value, label in DiscrepancyKind.choices
        ],
        "statuses": [*DiscrepancyStatus.choices, ("all", _("All"))],
        "confirmations": roster_confirmation_list(actor=user, term_code=term_code)
        if school_side
        else [],
        "school_side": school_side,
        "pager": {
            "number": page, "pages": pages, "total": result.total,
            "previous_url": link(page - 1) if page > 1 else "",
            "next_url": link(page + 1) if page < pages else "",
        },
        "back": request.get_full_path(),
    }  # fmt: skip
    return render(request, "web/rosters/list.html", context)


@login_required
@require_POST
def discrepancy_resolve(request: HttpRequest, discrepancy_id: int) -> HttpResponse:
    try:
        roster_discrepancy_resolve(
            actor=request.user, discrepancy_id=discrepancy_id,
            note=request.POST.get("note", ""), channel=CHANNEL,
        )  # fmt: skip
    except RosterError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Discrepancy resolved."))
    return HttpResponseRedirect(_back(request))


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    school_id = _int(request.POST.get("school", ""))
    term_id = _int(request.POST.get("term", ""))
    if school_id is None or term_id is None:
        messages.error(request, _("Choose the school and the term to confirm."))
        return HttpResponseRedirect(_back(request))
    try:
        roster_confirm(
            actor=request.user, school_id=school_id, term_id=term_id,
            note=request.POST.get("note", ""), channel=CHANNEL,
        )  # fmt: skip
    except RosterError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Roster confirmed."))
    return HttpResponseRedirect(_back(request))
