"""Education Compact pages: the count of compacts against the goal, coverage of students by
residence city and by school location (labelled), and a page per city for its partners with
commitments, owners on both sides, milestones, status, evidence and renewal dates. City partners
see suppressed counts; both sides update commitments and milestones through
openpathways.agreements services."""

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

from openpathways.agreements import selectors, services
from openpathways.agreements.models import CommitmentStatus
from openpathways.web.views.employers import _date, error_text

ROLES = ("district_admin", "city_partner", "analyst")


def _allowed(user: Any) -> None:
    if not (user.is_superuser or user.role in ROLES):
        raise PermissionDenied(_("This page is for the district and its city partners."))


def _percent(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.1f}%"


@login_required
def compacts_overview(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _allowed(user)
    coverage = selectors.compact_coverage(actor=user)
    return render(request, "web/compacts/overview.html", {
        "coverage": coverage,
        "residence_share": _percent(coverage.residence.share),
        "location_share": _percent(coverage.school_location.share),
        "goal_left": max(coverage.goal - coverage.compacts, 0),
        "cities": selectors.compact_city_options(actor=user),
    })  # fmt: skip


@login_required
def compacts_city(request: HttpRequest, city_id: int) -> HttpResponse:
    user: Any = request.user
    _allowed(user)
    compacts = selectors.compact_detail_list(actor=user, city_id=city_id)
    if not compacts:
        raise Http404
    coverage = selectors.compact_coverage(actor=user)
    resident = next((r for r in coverage.residence.rows if r.city_id == city_id), None)
    located = next((r for r in coverage.school_location.rows if r.city_id == city_id), None)
    return render(request, "web/compacts/city.html", {
        "city": compacts[0].city, "compacts": compacts, "coverage": coverage,
        "resident": resident, "located": located,
        "residence_share": _percent(coverage.residence.share),
        "statuses": CommitmentStatus.choices, "today": timezone.localdate(),
    })  # fmt: skip


@login_required
@require_POST
def compacts_action(request: HttpRequest, city_id: int, verb: str, item_id: int) -> HttpResponse:
    user: Any = request.user
    post: Any = request.POST
    try:
        if verb == "commitment":
            side_owner = post.get("owner")
            services.compact_commitment_update(
                actor=user, commitment_id=item_id, status=post.get("status") or None,
                district_owner=side_owner if post.get("side") == "district" and side_owner
                else None,
                city_owner=side_owner if post.get("side") == "city" and side_owner else None,
            )  # fmt: skip
            messages.success(request, _("The commitment is updated."))
        elif verb == "milestone":
            done = _date(post.get("done_on")) or timezone.localdate()
            services.compact_milestone_complete(actor=user, milestone_id=item_id, done_on=done,
                                                evidence=post.get("evidence", ""))  # fmt: skip
            messages.success(request, _("The milestone is marked done with its evidence."))
        elif verb == "add-commitment":
            services.compact_commitment_create(
                actor=user, compact_id=item_id, title=post.get("title", ""),
                category=post.get("category", "")[:50],
            )  # fmt: skip
            messages.success(request, _("The commitment is added."))
        elif verb == "add-milestone":
            services.compact_milestone_create(
                actor=user, commitment_id=item_id, title=post.get("title", ""),
                due_on=_date(post.get("due_on")),
            )  # fmt: skip
            messages.success(request, _("The milestone is added."))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("web:compacts_city", city_id)


urlpatterns = [
    path("compacts/", compacts_overview, name="compacts"),
    path("compacts/cities/<int:city_id>/", compacts_city, name="compacts_city"),
    path(
        "compacts/cities/<int:city_id>/<slug:verb>/<int:item_id>/",
        compacts_action,
        name="compacts_action",
    ),
]
