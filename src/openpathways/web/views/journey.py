"""The enrollment journey pages: apply to a section, see applications and their history, act on
them (recommend, decline, approve, deny, register, withdraw, drop), the counselor's page of one
student (counseling session, consent links, paper forms) and the printable permit.

Thin adapters: writes go through openpathways.applications.services and consents.services, reads
through applications.selectors and students.access (scoped, logged).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openpathways.accounts.models import Role
from openpathways.applications import selectors, services
from openpathways.applications import transitions as tt
from openpathways.applications.permit import permit_pdf
from openpathways.students import access

CHANNEL = "web"
PAGE_SIZE = 50
STAFF = (Role.COUNSELOR, Role.SCHOOL_ADMIN)
PROVIDERS = (Role.COLLEGE_STAFF, Role.ADULT_ED_STAFF)

#: The journey's steps in order, for the progress list of an application.
STEPS = [
    (tt.REQUESTED, gettext_lazy("Requested")),
    (tt.ELIGIBILITY_CHECKED, gettext_lazy("Eligibility checked")),
    (tt.RECOMMENDED, gettext_lazy("Recommended")),
    (tt.CONSENTED, gettext_lazy("Parent consent")),
    (tt.APPROVED, gettext_lazy("Approved")),
    (tt.REGISTERED, gettext_lazy("Registered")),
]
ACTION_LABELS = {
    "recommended": gettext_lazy("Recommend"),
    "declined": gettext_lazy("Do not recommend"),
    "approved": gettext_lazy("Approve"),
    "registered": gettext_lazy("Register"),
    "denied": gettext_lazy("Deny"),
    "withdrawn": gettext_lazy("Withdraw the application"),
    "dropped": gettext_lazy("Drop"),
}
NEEDS_REASON = {"declined", "denied", "dropped"}
QUEUE_LABELS = {
    "recommendation": gettext_lazy("Waiting for a recommendation"),
    "consent": gettext_lazy("Waiting for parent consent"),
    "review": gettext_lazy("Ready for review"),
    "registration": gettext_lazy("Approved, to register"),
    "open": gettext_lazy("All open"),
    "closed": gettext_lazy("Closed"),
}
QUEUES_BY_ROLE = {
    Role.COUNSELOR: ["recommendation", "consent", "open", "closed"],
    Role.SCHOOL_ADMIN: ["recommendation", "consent", "open", "closed"],
    Role.COLLEGE_STAFF: ["review", "registration", "open", "closed"],
    Role.ADULT_ED_STAFF: ["review", "registration", "open", "closed"],
}


def _lang() -> str:
    return "es" if (get_language() or "en").startswith("es") else "en"


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def _not_found(exc: access.StudentAccessDenied) -> Exception:
    if isinstance(exc, access.StudentNotFound):
        return Http404(_("No such application."))
    return PermissionDenied(str(exc))


# --------------------------------------------------------------------------- apply


@login_required
def apply(request: HttpRequest, section_id: int) -> HttpResponse:
    """A section's page with the application form: the student applies, or school staff apply
    for a student of their school."""
    user: Any = request.user
    section = selectors.section_summary_get(section_id=section_id)
    if section is None:
        raise Http404(_("No such section."))
    may_apply_for_others = user.is_superuser or user.role in STAFF
    if not (may_apply_for_others or user.role == Role.STUDENT):
        raise PermissionDenied(_("Only students and their school staff apply to sections."))
    errors: list[str] = []
    if request.method == "POST":
        student_id = None
        if may_apply_for_others:
            try:
                student_id = int(request.POST.get("student", ""))
            except ValueError:
                errors.append(_("Choose the student."))
        if not errors:
            try:
                result = services.application_request(
                    actor=user, section_id=section_id, student_id=student_id,
                    idempotency_key=request.POST.get("idempotency_key", ""),
                    note=request.POST.get("note", "")[:500],
                )  # fmt: skip
            except (ValidationError, PermissionDenied) as exc:
                errors.append(_error_text(exc))
            else:
                if result.created:
                    messages.success(request, _("Your application was sent."))
                else:
                    messages.info(request, _("You already applied: here is that application."))
                return redirect("web:journey_detail", result.application.pk)
    students: list[Any] = []
    if may_apply_for_others:
        page = access.student_list(
            actor=user, purpose="apply on a student's behalf", channel=CHANNEL,
            caseload_only=user.role == Role.COUNSELOR, search=request.GET.get("q", "")[:100],
            limit=200,
        )  # fmt: skip
        students = page.students
    context = {
        "section": section,
        "title": section.title_es if _lang() == "es" else section.title,
        "students": students,
        "for_others": may_apply_for_others,
        "errors": errors,
        "idempotency_key": request.POST.get("idempotency_key") or secrets.token_hex(16),
    }
    return render(request, "web/journey/apply.html", context, status=400 if errors else 200)


# --------------------------------------------------------------------------- lists and detail


@login_required
def journey_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    role: Any = "superuser" if user.is_superuser else user.role
    queues = QUEUES_BY_ROLE.get(role, ["open", "closed"] if role != "superuser" else list(
        QUEUE_LABELS
    ))  # fmt: skip
    queue = request.GET.get("queue", "")
    if queue not in queues and queue != "all":
        queue = queues[0] if role in QUEUES_BY_ROLE else "all"
    try:
        page_no = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page_no = 1
    try:
        result = selectors.application_list(
            actor=user, purpose="application queue", channel=CHANNEL,
            queue="" if queue == "all" else queue, offset=(page_no - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )  # fmt: skip
    except access.StudentAccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    tabs = [{"key": q, "label": QUEUE_LABELS[q], "current": q == queue} for q in queues]
    if role not in QUEUES_BY_ROLE:
        tabs.insert(0, {"key": "all", "label": _("All"), "current": queue == "all"})
    context = {
        "page": result,
        "tabs": tabs,
        "queue": queue,
        "lang": _lang(),
        "is_staff": role in STAFF,
        "is_provider": role in PROVIDERS,
        "has_next": result.offset + result.limit < result.total,
        "page_no": page_no,
    }
    return render(request, "web/journey/list.html", context)


@login_required
def journey_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    user: Any = request.user
    try:
        app = selectors.application_get(
            actor=user, application_id=application_id, purpose="application review",
            channel=CHANNEL,
        )  # fmt: skip
    except access.StudentAccessDenied as exc:
        raise _not_found(exc) from exc
    verbs = [
        v for v in services.application_actions(actor=user, application=app)
        if v in ACTION_LABELS
    ]  # fmt: skip
    if "recommended" in verbs:
        verbs.insert(verbs.index("recommended") + 1, "declined")
        if app.program == "adult-ed":
            verbs.remove("recommended")
    if app.status == tt.ELIGIBILITY_CHECKED and "declined" in verbs:
        verbs = [v for v in verbs if v != "denied"]
    actions = [
        {"verb": v, "label": ACTION_LABELS[v], "reason": v in NEEDS_REASON,
         "danger": v in ("declined", "denied", "dropped", "withdrawn")}
        for v in verbs
    ]  # fmt: skip
    reached = {e.to_status for e in app.events.all()}
    steps = [
        {"label": label, "done": status in reached, "current": status == app.status}
        for status, label in STEPS
    ]
    context = {
        "app": app,
        "steps": steps,
        "events": [
            {
                "e": e,
                "from": selectors.STATUS_LABELS.get(e.from_status, ""),
                "to": selectors.STATUS_LABELS.get(e.to_status, e.to_status),
            }
            for e in app.events.all()
        ],
        "rules": selectors.application_eligibility_rules(app, _lang()),
        "actions": actions,
        "lang": _lang(),
        "is_staff": user.is_superuser or user.role in STAFF,
        "closed": app.status in tt.CLOSED,
    }
    return render(request, "web/journey/detail.html", context)


@login_required
@require_POST
def journey_step(request: HttpRequest, application_id: int, verb: str) -> HttpResponse:
    if verb not in ACTION_LABELS:
        raise Http404(_("No such step."))
    try:
        services.application_step(
            actor=request.user, application_id=application_id, verb=verb,
            note=request.POST.get("note", "")[:1000], reason=request.POST.get("reason", "")[:1000],
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Done: %(step)s.") % {"step": ACTION_LABELS[verb]})
    return redirect("web:journey_detail", application_id)


@login_required
def journey_permit(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        data = selectors.application_permit_get(
            actor=request.user, application_id=application_id, channel=CHANNEL
        )
    except access.StudentAccessDenied as exc:
        raise _not_found(exc) from exc
    response = HttpResponse(permit_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="concurrent-enrollment-permit-{application_id}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------- one student


@login_required
def journey_student(request: HttpRequest, student_id: int) -> HttpResponse:
    """A counselor's page for one student's journey: applications, consent ledger, links sent,
    the counseling session; forms to send a link, record a paper form or a revocation."""
    user: Any = request.user
    if not (user.is_superuser or user.role in (*STAFF, Role.DISTRICT_ADMIN)):
        raise PermissionDenied(_("Only school staff manage a student's journey."))
    try:
        journey = selectors.student_journey_get(actor=user, student_id=student_id, channel=CHANNEL)
    except access.StudentAccessDenied as exc:
        raise _not_found(exc) from exc
    context = {
        "j": journey,
        "s": journey.record.student,
        "lang": _lang(),
        "today": dt.date.today().isoformat(),  # noqa: DTZ011 (a form default)
    }
    return render(request, "web/journey/student.html", context)


@login_required
@require_POST
def counseling_session(request: HttpRequest, student_id: int) -> HttpResponse:
    post = request.POST
    try:
        held_on = dt.date.fromisoformat(post.get("held_on", ""))
    except ValueError:
        messages.error(request, _("Session date: give a date as YYYY-MM-DD."))
        return redirect("web:journey_student", student_id)
    try:
        services.counseling_session_record(
            actor=request.user, student_id=student_id, held_on=held_on,
            staff_name=post.get("staff_name", "")[:200],
            parent_name=post.get("parent_name", "")[:200],
            written_record=post.get("written_record", "")[:5000],
            student_attended=post.get("student_attended") == "on",
            parent_attended=post.get("parent_attended") == "on",
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The counseling session is recorded."))
    return redirect("web:journey_student", student_id)
