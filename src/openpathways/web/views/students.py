"""Student record pages: thin adapters over openpathways.students.access (which scopes and logs
every read) and openpathways.organizations.selectors.

A student outside the actor's scope answers 404 (indistinguishable from a missing one); a role that
never sees student rows (analyst, city partner) answers 403.
"""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.applications.selectors import application_ids_visible, can_manage_student_journey
from openpathways.organizations.models import SchoolStatus
from openpathways.organizations.selectors import school_list as school_list_select
from openpathways.outcomes.selectors import can_read_passport
from openpathways.students import access

PAGE_SIZE = 50
CHANNEL = "web"


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _page_number(request: HttpRequest) -> int:
    page = _int_param(request, "page") or 1
    return max(page, 1)


def _pager(request: HttpRequest, *, page: int, total: int, size: int) -> dict[str, Any]:
    """Links to the previous and next pages that keep the current filters."""
    pages = max((total + size - 1) // size, 1)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}

    def link(number: int) -> str:
        return "?" + urlencode({**params, "page": number})

    return {
        "number": page,
        "pages": pages,
        "total": total,
        "previous_url": link(page - 1) if page > 1 else "",
        "next_url": link(page + 1) if page < pages else "",
    }


def _deny_or_404(exc: access.StudentAccessDenied) -> Exception:
    if isinstance(exc, access.StudentNotFound):
        return Http404(_("No such student."))
    return PermissionDenied(str(exc))


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not access.can_read_student_records(user):
        raise PermissionDenied(_("Your role sees aggregate figures only, never student records."))
    page = _page_number(request)
    search = request.GET.get("q", "").strip()[:100]
    school_id = _int_param(request, "school")
    grade = _int_param(request, "grade")
    is_counselor = user.role == Role.COUNSELOR
    caseload = is_counselor and request.GET.get("caseload") == "1"
    result = access.student_list(
        actor=user,
        purpose="student search",
        channel=CHANNEL,
        school_id=school_id,
        grade=grade,
        search=search,
        caseload_only=caseload,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    context = {
        "students": result.students,
        "pager": _pager(request, page=page, total=result.total, size=PAGE_SIZE),
        "search": search,
        "school_id": school_id,
        "grade": grade,
        "grades": list(range(9, 13)),
        "schools": access.student_school_options(user),
        "is_counselor": is_counselor,
        "caseload": caseload,
    }
    return render(request, "web/students/list.html", context)


@login_required
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    try:
        record = access.student_record_get(
            actor=request.user, student_id=student_id, purpose="student record review",
            channel=CHANNEL,
        )  # fmt: skip
    except access.StudentAccessDenied as exc:
        raise _deny_or_404(exc) from exc
    user: Any = request.user
    context = {
        "record": record,
        "s": record.student,
        # links onward, only for roles that may open them
        "passport_link": can_read_passport(user),
        "journey_link": can_manage_student_journey(user),
        "journey_ids": application_ids_visible(
            actor=user, application_ids=[a.pk for a in record.applications]
        ),
    }
    return render(request, "web/students/detail.html", context)


@login_required
def student_disclosures(request: HttpRequest, student_id: int) -> HttpResponse:
    user: Any = request.user
    try:
        log = access.student_disclosure_log_get(actor=user, student_id=student_id, channel=CHANNEL)
    except access.StudentAccessDenied as exc:
        raise _deny_or_404(exc) from exc
    roles = dict(Role.choices)
    actions = _action_labels()
    rows = [
        {
            "event": e,
            "role": roles.get(e.actor_role, e.actor_role),
            "action": actions.get(e.action, e.action),
        }
        for e in log.events
    ]
    return render(request, "web/students/disclosures.html", {"rows": rows, "s": log.student})


def _action_labels() -> dict[str, str]:
    """Plain words for the audit actions of student reads; other actions show their code."""
    return {
        "students.viewed": _("Viewed the record"),
        "students.listed": _("Listed in a search"),
        "students.exported": _("Exported in a file"),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def stream_student_csv(*, actor: Any, channel: str) -> StreamingHttpResponse:
    """A streamed CSV of every student the actor may read (each logged as exported). Raises
    StudentAccessDenied before anything is streamed."""
    rows = access.student_export_rows(actor=actor, purpose="student roster export", channel=channel)
    writer = csv.writer(_Echo())
    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="students-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def student_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    try:
        return stream_student_csv(actor=request.user, channel=CHANNEL)
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


def _bool_param(request: HttpRequest, name: str) -> bool | None:
    raw = request.GET.get(name, "")
    return {"1": True, "0": False}.get(raw)


@login_required
def school_list(request: HttpRequest) -> HttpResponse:
    page = _page_number(request)
    status = request.GET.get("status", "")
    if status not in SchoolStatus.values:
        status = ""
    serves = _bool_param(request, "serves_9_12")
    search = request.GET.get("q", "").strip()[:100]
    result = school_list_select(
        status=status or None,
        serves_9_12=serves,
        search=search,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    context = {
        "schools": result.schools,
        "pager": _pager(request, page=page, total=result.total, size=PAGE_SIZE),
        "statuses": SchoolStatus.choices,
        "status": status,
        "serves": serves,
        "search": search,
    }
    return render(request, "web/schools/list.html", context)
