"""The opportunity passport: a page, a PDF and a JSON export per student, for the student, their
parents and school staff. A thin adapter over `openpathways.outcomes.selectors.passport_get`,
which reads through the access layer (scoped, the college-records rule applied, logged)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.outcomes import labels
from openpathways.outcomes.passport_pdf import passport_pdf
from openpathways.outcomes.selectors import can_read_passport, passport_get
from openpathways.students import access

CHANNEL = "web"


def _load(request: HttpRequest, student_id: int, purpose: str) -> Any:
    try:
        return passport_get(
            actor=request.user, student_id=student_id, channel=CHANNEL, purpose=purpose
        )
    except access.StudentNotFound as exc:
        raise Http404(_("No such student.")) from exc
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc


@login_required
def passport_index(request: HttpRequest) -> HttpResponse:
    """A student goes to their own passport; a parent picks a child; staff search students."""
    user: Any = request.user
    if not can_read_passport(user):
        raise PermissionDenied(_("Your role does not see student passports."))
    if user.role == Role.STUDENT and user.student_id:
        return redirect("web:passport", student_id=user.student_id)
    if user.role == Role.GUARDIAN:
        page = access.student_list(
            actor=user, purpose="opportunity passport", channel=CHANNEL, limit=20
        )
        if len(page.students) == 1:
            return redirect("web:passport", student_id=page.students[0].pk)
        return render(request, "web/passport/index.html", {"children": page.students})
    # staff: find a student by name or ID (each student listed is logged by the access layer)
    search = request.GET.get("q", "").strip()[:100]
    found = []
    if search:
        found = access.student_list(
            actor=user, purpose="opportunity passport search", channel=CHANNEL, search=search,
            limit=50,
        ).students  # fmt: skip
    return render(
        request, "web/passport/index.html", {"staff": True, "search": search, "found": found}
    )


def _context(view: Any, language: str) -> dict[str, Any]:
    p = view.passport
    lang = (language or "en")[:2]
    cci_rows = []
    if p.cci is not None:
        cci_rows = [labels.cci_measure_label(m, lang) for m in p.cci.measures]
    campaign = None
    if p.campaign is not None:
        c = p.campaign
        campaign = [
            (_("FAFSA or California Dream Act"), labels.financial_aid_label(c.financial_aid),
             c.financial_aid_on),
            (_("Community college"), labels.application_label(c.community_college),
             c.community_college_on),
            (_("University"), labels.application_label(c.university), c.university_on),
        ]  # fmt: skip
    return {
        "p": p,
        "s": view.record.student,
        "staff": view.staff,
        "lang": lang,
        "unit_status": labels.UNIT_STATUS[p.units.status] if p.units else "",
        "cci_level": labels.cci_level_label(p.cci.college_credit_level, lang) if p.cci else "",
        "cci_projected": labels.cci_level_label(p.cci.projected_level, lang) if p.cci else "",
        "cci_measures": cci_rows,
        "campaign": campaign,
        "next_steps": [labels.NEXT_STEPS[code] for code in p.next_steps],
        "credential_kinds": labels.CREDENTIAL_KINDS,
        "course_status": labels.COURSE_STATUS,
        "placement_status": labels.PLACEMENT_STATUS,
    }


@login_required
def passport_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    view = _load(request, student_id, "opportunity passport")
    return render(request, "web/passport/detail.html", _context(view, get_language() or "en"))


@login_required
def passport_pdf_view(request: HttpRequest, student_id: int) -> HttpResponse:
    view = _load(request, student_id, "opportunity passport (PDF)")
    lang = (get_language() or "en")[:2]
    body = passport_pdf(view.passport, language=lang)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="passport-{student_id}-{lang}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def passport_json(request: HttpRequest, student_id: int) -> HttpResponse:
    view = _load(request, student_id, "opportunity passport (JSON export)")
    body = json.dumps(view.passport.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="passport-{student_id}.json"'
    response["Cache-Control"] = "no-store"
    return response
