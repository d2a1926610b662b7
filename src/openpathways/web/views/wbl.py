"""Work-based learning pages for signed-in users.

Students see opportunities offered at their school (ranked as suggestions), apply, sign the
placement agreement and log hours; guardians sign it; coordinators review postings, publish
them, place eligible students (with matching suggestions), record forms and "not provided by
employer", and see unconfirmed hours and missing evaluations. Linked Learning pathways per
school, with students in pathways with and without a WBL experience. All through
openpathways.wbl services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openpathways.catalog.models import Opportunity, OpportunityType
from openpathways.consents.services import ConsentKind, consent_link_issue
from openpathways.core.choices import IndustrySector
from openpathways.students import access
from openpathways.wbl import selectors, services
from openpathways.wbl.codes import FormCode
from openpathways.web.views.employers import _date, _int, error_text

STAFF = ("district_admin", "school_admin", "counselor")


def _role(user: Any) -> str:
    return "district_admin" if user.is_superuser else str(user.role)


@login_required
def wbl_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    role = _role(user)
    if role == "student":
        return render(request, "web/wbl/student.html", {
            "opportunities": selectors.opportunity_list_for_student(actor=user),
            "placements": selectors.placement_list_for_student(
                actor=user, student_id=user.student_id) if user.student_id else [],
        })  # fmt: skip
    if role == "guardian":
        children = access.student_list(
            actor=user, purpose="work-based learning", channel="web", limit=20
        ).students
        return render(request, "web/wbl/guardian.html", {
            "children": [
                (c, selectors.placement_list_for_student(actor=user, student_id=c.pk))
                for c in children
            ],
        })  # fmt: skip
    if role in STAFF:
        return render(request, "web/wbl/coordinator.html", {
            "queue": selectors.coordinator_queue(actor=user),
            "review": selectors.wbl_opportunity_review_list(actor=user),
            "publisher": selectors.is_publisher(user),
        })  # fmt: skip
    raise PermissionDenied(_("This page is for students, families and school staff."))


@login_required
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    user: Any = request.user
    if _role(user) not in STAFF:
        raise PermissionDenied(_("This page is for school staff."))
    row = selectors.wbl_opportunity_get(opportunity_id=opportunity_id)
    if row is None:
        raise Http404
    return render(request, "web/wbl/opportunity.html", {
        "row": row, "publisher": selectors.is_publisher(user),
        "suggestions": selectors.placement_suggestions(actor=user, opportunity_id=opportunity_id)
        if row.status_code == "published" else [],
    })  # fmt: skip


@login_required
@require_POST
def opportunity_action(request: HttpRequest, opportunity_id: int, verb: str) -> HttpResponse:
    user: Any = request.user
    post: Any = request.POST
    try:
        if verb == "publish":
            published = services.wbl_opportunity_publish(
                actor=user, opportunity_id=opportunity_id,
                state_course_code=post.get("state_course_code", "")[:10],
            )  # fmt: skip
            messages.success(request, _("Published to the finder at %(n)s schools.")
                             % {"n": len(published.school_ids)})  # fmt: skip
        elif verb == "close":
            services.wbl_opportunity_close(actor=user, opportunity_id=opportunity_id,
                                           reason=post.get("reason", ""))  # fmt: skip
            messages.success(request, _("The opportunity is closed."))
        elif verb == "apply":
            services.placement_apply(actor=user, opportunity_id=opportunity_id)
            messages.success(request, _("You applied. Your coordinator will be in touch."))
            return redirect("web:wbl_home")
        elif verb == "propose":
            placement = services.placement_create(
                actor=user, student_id=_int(post.get("student")), opportunity_id=opportunity_id
            )
            return redirect("web:wbl_placement", placement.pk)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        if verb == "apply":
            return redirect("web:wbl_home")
    return redirect("web:wbl_opportunity", opportunity_id)


def _placement_for(user: Any, placement_id: int) -> selectors.PlacementDetail:
    """The placement as the actor may see it (404 outside the actor's scope)."""
    found = selectors.placement_detail_get(actor=user, placement_id=placement_id)
    if found is None:
        raise Http404
    return found


@login_required
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    user: Any = request.user
    detail = _placement_for(user, placement_id)
    return render(request, "web/wbl/placement.html", {
        "d": detail, "staff": _role(user) in STAFF, "role": _role(user),
        "forms": FormCode.choices, "today": timezone.localdate(),
    })  # fmt: skip


@login_required
@require_POST
def placement_action(request: HttpRequest, placement_id: int, verb: str) -> HttpResponse:
    user: Any = request.user
    post: Any = request.POST
    try:
        if verb == "form":
            day = _date(post.get("received_on")) or timezone.localdate()
            services.placement_form_record(actor=user, placement_id=placement_id,
                                           code=post.get("code", ""), received_on=day)  # fmt: skip
            messages.success(request, _("The form is on file."))
        elif verb == "place":
            start = _date(post.get("start_date"))
            if start is None:
                raise ValidationError(_("Give the start date."))
            services.placement_place(actor=user, placement_id=placement_id,
                                     supervisor_id=_int(post.get("supervisor")),
                                     start_date=start)  # fmt: skip
            messages.success(request, _("The student is placed."))
        elif verb == "sign":
            services.placement_agreement_sign(
                actor=user, placement_id=placement_id,
                typed_name=post.get("typed_name", "")[:200], intent=post.get("intent") == "on",
            )  # fmt: skip
            messages.success(request, _("The placement agreement is signed."))
        elif verb == "hours":
            worked_on = _date(post.get("worked_on"))
            if worked_on is None:
                raise ValidationError(_("Give the day you worked."))
            services.hours_log(actor=user, placement_id=placement_id, worked_on=worked_on,
                               hours=post.get("hours", ""))  # fmt: skip
            messages.success(request, _("Hours logged. Your supervisor will confirm them."))
        elif verb == "complete":
            end = _date(post.get("end_date")) or timezone.localdate()
            services.placement_complete(actor=user, placement_id=placement_id, end_date=end)
            messages.success(request, _("The placement is completed."))
        elif verb == "not-provided":
            services.placement_evaluation_not_provided(actor=user, placement_id=placement_id)
            messages.success(request, _("Recorded: evaluation not provided by employer."))
        elif verb == "withdraw":
            services.placement_withdraw(actor=user, placement_id=placement_id)
            messages.success(request, _("Withdrawn."))
        elif verb == "permission-link":
            student_id = _placement_for(user, placement_id).student_id
            issued = consent_link_issue(
                actor=user, student_id=student_id, kind=ConsentKind.WORK_BASED_LEARNING
            )
            messages.success(
                request,
                _("Permission link sent to %(names)s.")
                % {"names": ", ".join(
                    f"{i.link.guardian.first_name} {i.link.guardian.last_name}" for i in issued
                )},
            )  # fmt: skip
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("web:wbl_placement", placement_id)


@login_required
@require_POST
def finder_apply(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """Apply from the finder's card: `opportunity_id` is the finder's (one school's offer of a
    published work-based-learning opportunity); the application is the same as from /wbl/."""
    user: Any = request.user
    wbl_id = (
        Opportunity.objects.filter(
            pk=opportunity_id, type=OpportunityType.WORK_BASED_LEARNING, active=True
        )
        .values_list("wbl_opportunity_id", flat=True)
        .first()
    )
    if wbl_id is None:
        raise Http404
    try:
        services.placement_apply(actor=user, opportunity_id=wbl_id)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return redirect("web:finder_detail", opportunity_id)
    messages.success(request, _("You applied. Your coordinator will be in touch."))
    return redirect("web:wbl_home")


@login_required
def pathways(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    sector = request.GET.get("sector", "")
    sector = sector if sector in IndustrySector.values else ""
    return render(request, "web/wbl/pathways.html", {
        "rows": selectors.linked_learning_pathway_list(actor=user, sector=sector),
        "report": selectors.pathway_experience_report(actor=user),
        "sector": sector, "sectors": IndustrySector.choices,
    })  # fmt: skip


urlpatterns = [
    path("wbl/", wbl_home, name="wbl_home"),
    path("wbl/pathways/", pathways, name="wbl_pathways"),
    path("wbl/finder/<int:opportunity_id>/apply/", finder_apply, name="wbl_finder_apply"),
    path("wbl/opportunities/<int:opportunity_id>/", opportunity_detail, name="wbl_opportunity"),
    path(
        "wbl/opportunities/<int:opportunity_id>/<slug:verb>/",
        opportunity_action,
        name="wbl_opportunity_action",
    ),
    path("wbl/placements/<int:placement_id>/", placement_detail, name="wbl_placement"),
    path(
        "wbl/placements/<int:placement_id>/<slug:verb>/",
        placement_action,
        name="wbl_placement_action",
    ),
]
