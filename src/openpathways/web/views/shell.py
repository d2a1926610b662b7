"""The shell: sign-in, sign-out and a home page for each role, with figures from selectors
(aggregates) and from the access layer (the student's own record, a guardian's children)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openpathways.accounts.models import Role
from openpathways.agreements.selectors import compact_list
from openpathways.catalog.selectors import (
    OpportunityRow,
    opportunity_list_for_school,
    opportunity_summary,
    section_seats_this_term,
    wbl_opportunity_list,
)
from openpathways.core.choices import RaceEthnicity
from openpathways.students import access
from openpathways.students.selectors import (
    student_count,
    student_count_by_grade,
    student_count_by_race_ethnicity,
    student_school_count,
    suppress_counts,
)

login_view = auth_views.LoginView.as_view(
    template_name="web/login.html", redirect_authenticated_user=True
)
logout_view = auth_views.LogoutView.as_view()

_PURPOSE = "home page"


def _grade_rows(*columns: dict[int, int]) -> list[tuple[int, list[int]]]:
    """One row per grade present in any column: (grade, [count per column])."""
    grades = sorted({g for column in columns for g in column})
    return [(g, [column.get(g, 0) for column in columns]) for g in grades]


def _district_admin(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    compacts = compact_list(actor=user)
    return {
        "student_total": student_count(actor=user),
        "grade_rows": _grade_rows(student_count_by_grade(actor=user)),
        "opportunities": opportunity_summary(actor=user),
        "compact_count": len(compacts),
    }


def _school_admin(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    opportunities = opportunity_summary(actor=user)
    return {
        "student_total": student_count(actor=user),
        "grade_rows": _grade_rows(student_count_by_grade(actor=user)),
        "opportunities": opportunities,
        "offered_types": sum(1 for row in opportunities.by_type if row.opportunities),
    }


def _counselor(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    caseload = student_count_by_grade(actor=user, caseload_only=True)
    school = student_count_by_grade(actor=user)
    opportunities = opportunity_summary(actor=user)
    return {
        "caseload_total": sum(caseload.values()),
        "school_total": sum(school.values()),
        "grade_rows": _grade_rows(caseload, school),
        "opportunities": opportunities,
        "offered_types": sum(1 for row in opportunities.by_type if row.opportunities),
    }


def _provider(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "term": section_seats_this_term(actor=user, today=timezone.localdate()),
        "student_total": student_count(actor=user),
    }


def _employer(request: HttpRequest) -> dict[str, Any]:
    rows = wbl_opportunity_list(actor=request.user)
    return {
        "wbl_rows": rows,
        "slots_total": sum(r.slots for r in rows),
        "placed_total": sum(r.placed for r in rows),
    }


def _city_partner(request: HttpRequest) -> dict[str, Any]:
    rows = compact_list(actor=request.user)
    return {"compacts": rows, "commitments_total": sum(r.commitments for r in rows)}


def _student(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    student = None
    if user.student_id:
        try:
            student = access.student_get(
                actor=user, student_id=user.student_id, purpose=_PURPOSE, channel="web"
            )
        except access.StudentAccessDenied:
            student = None
    year: int | None = None
    offered: list[OpportunityRow] = []
    if student is not None:
        year, offered = opportunity_list_for_school(school_id=student.school_id)
    return {
        "student": student,
        "offered": offered,
        "offered_year": f"{year}-{(year + 1) % 100:02d}" if year else "",
    }


def _guardian(request: HttpRequest) -> dict[str, Any]:
    page = access.student_list(actor=request.user, purpose=_PURPOSE, channel="web", limit=20)
    return {"children": page.students}


def _analyst(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    by_grade = suppress_counts(student_count_by_grade(actor=user))
    by_group_raw = student_count_by_race_ethnicity(actor=user)
    ordered = {value: by_group_raw.get(value, 0) for value in RaceEthnicity.values}
    by_group = suppress_counts(ordered)
    return {
        "grade_table": by_grade,
        "group_rows": [(label, by_group.cells[value]) for value, label in RaceEthnicity.choices],
        "group_total": by_group.total,
        "school_count": student_school_count(actor=user),
        "opportunities": opportunity_summary(actor=user),
    }


_HOME_BY_ROLE: dict[str, tuple[str, Callable[[HttpRequest], dict[str, Any]]]] = {
    Role.DISTRICT_ADMIN: ("web/home_district_admin.html", _district_admin),
    Role.SCHOOL_ADMIN: ("web/home_school_admin.html", _school_admin),
    Role.COUNSELOR: ("web/home_counselor.html", _counselor),
    Role.COLLEGE_STAFF: ("web/home_provider.html", _provider),
    Role.ADULT_ED_STAFF: ("web/home_provider.html", _provider),
    Role.EMPLOYER: ("web/home_employer.html", _employer),
    Role.CITY_PARTNER: ("web/home_city_partner.html", _city_partner),
    Role.STUDENT: ("web/home_student.html", _student),
    Role.GUARDIAN: ("web/home_guardian.html", _guardian),
    Role.ANALYST: ("web/home_analyst.html", _analyst),
}

HOME_TITLE = _("Home")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's home page: figures from their role's scope."""
    user = request.user
    template, build = _HOME_BY_ROLE.get(getattr(user, "role", ""), ("web/home.html", None))
    context: dict[str, Any] = build(request) if build is not None else {}
    organization = getattr(user, "organization", None)
    context["organization"] = organization
    return render(request, template, context)
