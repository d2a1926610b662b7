"""Goal views: the counselor's students off track for 12 units or for the College/Career
Indicator, with the next action; and the school and district goal tables (share of graduates
with 12 units or more, on-track share, CCI projection by school). Thin adapters over
openpathways.outcomes.selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.outcomes import labels
from openpathways.outcomes.selectors import (
    GOAL_LISTS,
    can_see_progress,
    can_work_campaigns,
    goal_list,
    goal_school_summary,
)

CHANNEL = "web"
PAGE_SIZE = 50


@login_required
def goal_list_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_work_campaigns(user):
        raise PermissionDenied(_("The goal lists are for counselors and school staff."))
    list_code = request.GET.get("list", "units")
    if list_code not in GOAL_LISTS:
        list_code = "units"
    is_counselor = user.role == Role.COUNSELOR
    mine = is_counselor and request.GET.get("mine", "1") == "1"
    try:
        page_number = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page_number = 1
    page = goal_list(
        actor=user, list_code=list_code, channel=CHANNEL, caseload_only=mine,
        offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    lang = (get_language() or "en")[:2]
    keep = {"mine": "1" if mine else "0"} if is_counselor else {}
    tabs = [
        {"label": labels.GOAL_LISTS[code], "count": page.counts[code],
         "url": "?" + urlencode({**keep, "list": code}), "current": code == list_code}
        for code in GOAL_LISTS
    ]  # fmt: skip
    rows = [
        {
            "g": g,
            "units_status": labels.UNIT_STATUS[g.units.status],
            "cci": labels.cci_level_label(g.cci.projected_level, lang),
            "actions": [labels.NEXT_STEPS[a] for a in g.next_actions],
        }
        for g in page.rows
    ]
    pages = max((page.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    context = {
        "page": page,
        "rows": rows,
        "tabs": tabs,
        "list_label": labels.GOAL_LISTS[list_code],
        "is_counselor": is_counselor,
        "mine": mine,
        "other_scope_url": "?" + urlencode({"list": list_code, "mine": "0" if mine else "1"}),
        "page_number": page_number,
        "pages": pages,
        "previous_url": "?" + urlencode({**keep, "list": list_code, "page": page_number - 1})
        if page_number > 1 else "",
        "next_url": "?" + urlencode({**keep, "list": list_code, "page": page_number + 1})
        if page_number < pages else "",
    }  # fmt: skip
    return render(request, "web/goals/list.html", context)


@login_required
def goal_schools(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_see_progress(user):
        raise PermissionDenied(_("Your role does not see goal progress."))
    table = goal_school_summary(actor=user)
    return render(request, "web/goals/schools.html", {"table": table})
