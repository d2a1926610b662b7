"""Senior campaigns (EC 51225.7): the counselor's lists (no FAFSA/CADAA decision, not started,
stuck, no college application), the deadlines, a senior's statuses with their history, and the
progress by school. Thin adapters over openpathways.outcomes selectors and services."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.outcomes import labels
from openpathways.outcomes.choices import (
    CampaignField,
    CampaignSource,
    CollegeApplicationStatus,
    FinancialAidStatus,
)
from openpathways.outcomes.selectors import (
    CAMPAIGN_LISTS,
    campaign_deadlines,
    campaign_get,
    campaign_list,
    campaign_progress_by_school,
    can_see_progress,
    can_work_campaigns,
)
from openpathways.outcomes.services import CampaignUpdate, campaign_status_set
from openpathways.students import access

CHANNEL = "web"
PAGE_SIZE = 50


def _check(user: Any) -> None:
    if not can_work_campaigns(user):
        raise PermissionDenied(_("The senior campaigns are for counselors and school staff."))


def _int(raw: str) -> int | None:
    try:
        return int(raw) if raw.strip() else None
    except ValueError:
        return None


@login_required
def campaign_list_view(request: HttpRequest) -> HttpResponse:
    """The counselor queue: by default the seniors without a FAFSA/CADAA decision."""
    user: Any = request.user
    _check(user)
    list_code = request.GET.get("list", "no_decision")
    if list_code not in CAMPAIGN_LISTS:
        list_code = "no_decision"
    is_counselor = user.role == Role.COUNSELOR
    mine = is_counselor and request.GET.get("mine", "1") == "1"
    page_number = max(_int(request.GET.get("page", "")) or 1, 1)
    school_id = _int(request.GET.get("school", ""))
    page = campaign_list(
        actor=user, list_code=list_code, channel=CHANNEL, school_id=school_id,
        caseload_only=mine, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )  # fmt: skip
    keep = {"mine": "1" if mine else "0"} if is_counselor else {}
    if school_id:
        keep["school"] = str(school_id)
    tabs = [
        {
            "code": code,
            "label": labels.campaign_list_label(code),
            "count": page.counts[code],
            "url": "?" + urlencode({**keep, "list": code}),
            "current": code == list_code,
        }
        for code in CAMPAIGN_LISTS
    ]
    pages = max((page.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    def link(n: int) -> str:
        return "?" + urlencode({**keep, "list": list_code, "page": n})

    rows = [
        {
            "r": r,
            "fa": labels.financial_aid_label(r.financial_aid),
            "cc": labels.application_label(r.community_college),
            "univ": labels.application_label(r.university),
            "action": labels.NEXT_STEPS.get(r.next_action, r.next_action),
        }
        for r in page.rows
    ]
    context = {
        "page": page,
        "rows": rows,
        "tabs": tabs,
        "list_label": labels.campaign_list_label(list_code),
        "deadlines": _deadline_rows(user, mine),
        "is_counselor": is_counselor,
        "mine": mine,
        "other_scope_url": "?" + urlencode({"list": list_code, "mine": "0" if mine else "1"}),
        "export_url": "export.csv?" + urlencode({**keep, "list": list_code}),
        "schools": access.student_school_options(user) if not is_counselor else [],
        "school_id": school_id,
        "page_number": page_number,
        "pages": pages,
        "previous_url": link(page_number - 1) if page_number > 1 else "",
        "next_url": link(page_number + 1) if page_number < pages else "",
    }
    return render(request, "web/campaigns/list.html", context)


def _deadline_rows(user: Any, mine: bool) -> list[dict[str, Any]]:
    return [
        {"d": d, "label": labels.DEADLINES.get(d.code, d.code)}
        for d in campaign_deadlines(actor=user, caseload_only=mine)
    ]


def _parse_date(raw: str, field: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            _("%(field)s: %(value)s is not a date.") % {"field": field, "value": raw}
        ) from None


@login_required
def campaign_edit(request: HttpRequest, student_id: int) -> HttpResponse:
    """A senior's statuses: the form to record new ones, and the history of every change."""
    user: Any = request.user
    _check(user)
    try:
        record = campaign_get(actor=user, student_id=student_id, channel=CHANNEL)
    except access.StudentNotFound as exc:
        raise Http404(_("No such student.")) from exc
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    error = ""
    if request.method == "POST":
        try:
            update = CampaignUpdate(
                financial_aid=request.POST.get("financial_aid") or None,
                financial_aid_on=_parse_date(request.POST.get("financial_aid_on", ""),
                                             str(CampaignField.FINANCIAL_AID.label)),
                community_college=request.POST.get("community_college") or None,
                community_college_on=_parse_date(request.POST.get("community_college_on", ""),
                                                 str(CampaignField.COMMUNITY_COLLEGE.label)),
                university=request.POST.get("university") or None,
                university_on=_parse_date(request.POST.get("university_on", ""),
                                          str(CampaignField.UNIVERSITY.label)),
            )  # fmt: skip
            campaign_status_set(
                actor=user, student_id=student_id, update=update,
                source=CampaignSource.COUNSELOR, note=request.POST.get("note", "").strip(),
            )  # fmt: skip
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Campaign statuses saved."))
            return redirect("web:campaign_edit", student_id=student_id)
    field_labels = dict(CampaignField.choices)
    history = [
        {
            "c": c,
            "field": field_labels.get(c.field, c.field),
            "old": (labels.financial_aid_label if c.field == "financial_aid"
                    else labels.application_label)(c.old_value) if c.old_value else "-",
            "new": (labels.financial_aid_label if c.field == "financial_aid"
                    else labels.application_label)(c.new_value),
            "source": dict(CampaignSource.choices).get(c.source, c.source),
        }
        for c in reversed(record.changes)
    ]  # fmt: skip
    context = {
        "s": record.student,
        "c": record.campaign,
        "history": history,
        "error": error,
        "fa_choices": FinancialAidStatus.choices,
        "app_choices": CollegeApplicationStatus.choices,
    }
    return render(request, "web/campaigns/edit.html", context, status=400 if error else 200)


EXPORT_LIMIT = 100_000


def _cell(value: Any) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def campaign_export_csv(request: HttpRequest) -> HttpResponse:
    """The campaign list shown (same list and scope) as CSV; each senior exported is logged."""
    user: Any = request.user
    _check(user)
    list_code = request.GET.get("list", "no_decision")
    if list_code not in CAMPAIGN_LISTS:
        list_code = "no_decision"
    mine = user.role == Role.COUNSELOR and request.GET.get("mine", "1") == "1"
    page = campaign_list(
        actor=user, list_code=list_code, channel="export", caseload_only=mine,
        school_id=_int(request.GET.get("school", "")), limit=EXPORT_LIMIT,
    )  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["state_student_id", "last_name", "first_name", "school", "financial_aid",
         "financial_aid_on", "community_college", "community_college_on", "university",
         "university_on", "stuck", "next_action"]
    )  # fmt: skip
    for r in page.rows:
        s = r.student
        writer.writerow(
            [_cell(v) for v in (
                s.state_student_id, s.last_name, s.first_name, s.school.name, r.financial_aid,
                r.financial_aid_on, r.community_college, r.community_college_on, r.university,
                r.university_on, "yes" if r.stuck else "", r.next_action,
            )]
        )  # fmt: skip
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"campaign-{list_code}-class-of-{page.class_of}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def campaign_progress(request: HttpRequest) -> HttpResponse:
    """Progress of the senior campaigns by school (suppressed for analysts)."""
    user: Any = request.user
    if not can_see_progress(user):
        raise PermissionDenied(_("Your role does not see campaign progress."))
    table = campaign_progress_by_school(actor=user)
    return render(request, "web/campaigns/progress.html", {"table": table})
