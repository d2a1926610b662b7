"""The counselor's caseload: students to act on, in four lists (missing consent, pending steps,
eligible but not applied, could benefit), with bulk actions. A thin adapter over
openpathways.rosters.selectors (scoped like the access layer; each student shown is logged) and
the services that send reminders and record recommendations."""

from __future__ import annotations

import importlib
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from openpathways.accounts.models import Role
from openpathways.rosters.selectors import (
    CASELOAD_VIEWS,
    STEP_STATUSES,
    caseload_counts,
    caseload_list,
)
from openpathways.rosters.services import consent_reminders_send

PAGE_SIZE = 50
CHANNEL = "web"
CASELOAD_ROLES = (Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)

VIEW_LABELS = {
    "missing_consent": gettext_lazy("Missing consent"),
    "pending": gettext_lazy("Pending steps"),
    "not_applied": gettext_lazy("Eligible, not applied"),
    "could_benefit": gettext_lazy("Could benefit"),
}
STEP_LABELS = {
    "recommendation": gettext_lazy("Awaiting recommendation"),
    "consent": gettext_lazy("Awaiting consent"),
    "college": gettext_lazy("Awaiting the college"),
}
REASON_LABELS = {
    "no_opportunity": gettext_lazy("Senior with no opportunity yet"),
    "off_track": gettext_lazy("Off track for 12 college units"),
}


def _check(user: Any) -> None:
    if not (user.is_superuser or user.role in CASELOAD_ROLES):
        raise PermissionDenied(_("The caseload is for counselors and school staff."))


def _recommend_service() -> Any:
    """The application service that records a recommendation, when the journey offers one."""
    try:
        services = importlib.import_module("openpathways.applications.services")
    except ImportError:
        return None
    return getattr(services, "application_recommend", None)


def _int(raw: str) -> int | None:
    try:
        return int(raw) if raw.strip() else None
    except ValueError:
        return None


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _check(user)
    view = request.GET.get("view", "missing_consent")
    if view not in CASELOAD_VIEWS:
        view = "missing_consent"
    step = request.GET.get("step", "")
    if step not in STEP_STATUSES:
        step = ""
    is_counselor = user.role == Role.COUNSELOR
    mine = is_counselor and request.GET.get("scope", "mine") != "school"
    search = request.GET.get("q", "").strip()[:100]
    grade = _int(request.GET.get("grade", ""))
    page = max(_int(request.GET.get("page", "")) or 1, 1)
    today = timezone.localdate()
    result = caseload_list(
        actor=user, view=view, step=step, purpose="caseload review", channel=CHANNEL,
        today=today, caseload_only=mine, grade=grade, search=search,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    counts = caseload_counts(actor=user, caseload_only=mine, today=today)
    scope_param = {} if not is_counselor else {"scope": "mine" if mine else "school"}
    tabs = [
        {
            "view": v, "label": VIEW_LABELS[v], "count": counts[v],
            "url": "?" + urlencode({"view": v, **scope_param}), "current": v == view,
        }
        for v in CASELOAD_VIEWS
    ]  # fmt: skip
    pages = max((result.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}

    def link(number: int) -> str:
        return "?" + urlencode({**params, "page": number})

    context = {
        "view": view, "view_label": VIEW_LABELS[view], "step": step, "result": result,
        "tabs": tabs, "steps": list(STEP_LABELS.items()), "reasons": REASON_LABELS,
        "is_counselor": is_counselor, "mine": mine, "search": search, "grade": grade,
        "grades": [9, 10, 11, 12], "scope_param": scope_param,
        "can_recommend": view == "pending" and step == "recommendation"
        and _recommend_service() is not None,
        "pager": {
            "number": page, "pages": pages, "total": result.total,
            "previous_url": link(page - 1) if page > 1 else "",
            "next_url": link(page + 1) if page < pages else "",
        },
        "back": request.get_full_path(),
    }  # fmt: skip
    return render(request, "web/caseload/list.html", context)


def _back(request: HttpRequest) -> str:
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("web:caseload")


def _ids(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.isdigit()})


@login_required
@require_POST
def caseload_remind(request: HttpRequest) -> HttpResponse:
    """Bulk action: send the guardians of the selected students a consent reminder (at most one
    a day per guardian and student)."""
    user: Any = request.user
    _check(user)
    student_ids = _ids(request.POST.getlist("student"))
    if not student_ids:
        messages.error(request, _("Select at least one student."))
        return HttpResponseRedirect(_back(request))
    result = consent_reminders_send(
        actor=user, student_ids=student_ids, older_than_days=0, channel=CHANNEL
    )
    messages.success(
        request,
        _("Consent reminders sent: %(sent)s. Already reminded today: %(again)s. "
          "No e-mail address on file: %(none)s.")
        % {"sent": result.sent, "again": result.already_sent_today, "none": result.without_email},
    )  # fmt: skip
    return HttpResponseRedirect(_back(request))


@login_required
@require_POST
def caseload_recommend(request: HttpRequest) -> HttpResponse:
    """Bulk action: recommend the selected applications (the journey's own service, one by one;
    each failure is reported and the others still go through)."""
    user: Any = request.user
    _check(user)
    recommend = _recommend_service()
    if recommend is None:
        raise PermissionDenied(_("Recommendations are not available yet."))
    application_ids = _ids(request.POST.getlist("application"))
    if not application_ids:
        messages.error(request, _("Select at least one application."))
        return HttpResponseRedirect(_back(request))
    done, failed = 0, []
    for application_id in application_ids:
        try:
            recommend(actor=user, application_id=application_id)
            done += 1
        except (PermissionDenied, ValidationError) as exc:
            text = "; ".join(getattr(exc, "messages", [str(exc)]))
            failed.append(f"#{application_id}: {text}")
    messages.success(request, _("Applications recommended: %(n)s.") % {"n": done})
    for text in failed:
        messages.error(request, text)
    return HttpResponseRedirect(_back(request))
