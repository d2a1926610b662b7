"""The seats API: coordinators create, run, review and publish; students answer offers and see
their waitlist place; scope is enforced (404 outside it, 403 for roles that may not act)."""

from __future__ import annotations

import pytest
from django.test import Client

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from openpathways.seats.tiers import EXAMPLE_TIERS
from tests.factories import CollegeFactory, StudentFactory, UserFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_run_lifecycle_and_student_answer_over_the_api() -> None:
    sc = make_scenario([1])
    (a,) = sc.sections
    senior = StudentFactory(grade=12, school=sc.school)
    junior = StudentFactory(grade=11, school=sc.school)
    apply(senior, [a])
    apply(junior, [a])
    c = _client(sc.coordinator)
    created = c.post(
        "/api/seats/runs",
        {"term_id": sc.term.pk, "program": "ccap", "seed": 9, "tiers": [EXAMPLE_TIERS[0]]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    run_id = created.json()["id"]
    assert created.json()["seed"] == 9
    ran = c.post(f"/api/seats/runs/{run_id}/run")
    assert ran.json()["summary"]["placed"] == 1
    results = c.get(f"/api/seats/runs/{run_id}/results?lang=es").json()
    by_student = {r["student_id"]: r for r in results["results"]}
    assert by_student[senior.pk]["tier"] == "estudiantes de último año"
    assert by_student[junior.pk]["explanation"].startswith("Sin lugar")
    assert c.post(f"/api/seats/runs/{run_id}/publish").json()["status"] == "published"
    again = c.post(f"/api/seats/runs/{run_id}/publish")
    assert again.status_code == 409

    student = _client(UserFactory(role=Role.STUDENT, student=junior))
    mine = student.get(f"/api/students/{junior.pk}/seats").json()
    assert mine["waitlists"][0]["place"] == 1
    assert mine["offers"] == []
    senior_view = _client(UserFactory(role=Role.STUDENT, student=senior))
    offer_id = senior_view.get(f"/api/students/{senior.pk}/seats").json()["offers"][0]["id"]
    # the junior cannot answer the senior's offer
    assert student.post(f"/api/seats/offers/{offer_id}/decline").status_code == 404
    declined = senior_view.post(f"/api/seats/offers/{offer_id}/decline")
    assert declined.json()["status"] == "declined"
    mine = student.get(f"/api/students/{junior.pk}/seats").json()
    assert mine["offers"][0]["status"] == "offered"
    assert mine["waitlists"] == []
    assert AuditEvent.objects.filter(action="seats.promoted", student_id=junior.pk).exists()


def test_api_refuses_outside_scope() -> None:
    sc = make_scenario([1])
    run_id = (
        _client(sc.coordinator)
        .post(
            "/api/seats/runs",
            {"term_id": sc.term.pk, "program": "ccap"},
            content_type="application/json",
        )
        .json()["id"]
    )
    other = _client(UserFactory(role=Role.COLLEGE_STAFF, organization=CollegeFactory()))
    assert other.get(f"/api/seats/runs/{run_id}").status_code == 404
    assert other.post(f"/api/seats/runs/{run_id}/run").status_code == 404
    assert other.get("/api/seats/runs").json() == []
    counselor = _client(UserFactory(role=Role.COUNSELOR, organization=sc.school))
    refused = counselor.post(
        "/api/seats/runs",
        {"term_id": sc.term.pk, "program": "ccap", "organization_id": sc.college.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert Client().get("/api/seats/runs").status_code == 401


def test_claim_over_the_api_joins_the_waitlist_when_full() -> None:
    sc = make_scenario([1])
    (a,) = sc.sections
    first, second = StudentFactory(school=sc.school), StudentFactory(school=sc.school)
    apply(first, [a])
    apply(second, [a])
    c = _client(sc.coordinator)
    got = c.post(
        f"/api/seats/sections/{a.pk}/claim",
        {"student_id": first.pk},
        content_type="application/json",
    ).json()
    assert got["offer"]["status"] == "accepted"
    waiting = c.post(
        f"/api/seats/sections/{a.pk}/claim",
        {"student_id": second.pk},
        content_type="application/json",
    ).json()
    assert waiting["offer"] is None
    assert waiting["waitlist"]["place"] == 1
