"""The REST API as a client sees it: who am I, lists with filters and pages, the record, the
disclosure log, schools, bearer tokens and JSON errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openpathways.api.auth import api_token_issue
from openpathways.audit.models import AuditEvent
from tests import factories
from tests.access.world import World

F: Any = factories


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_me_describes_the_signed_in_user(world: World) -> None:
    body = _signed_in(world.users["counselor"]).get("/api/me").json()
    assert body["username"] == "counselor_a"
    assert body["role"] == "counselor"
    assert body["organization"]["name"] == "School A"
    assert body["can_read_student_records"] is True
    assert body["can_read_disclosure_logs"] is True
    analyst = _signed_in(world.users["analyst"]).get("/api/me").json()
    assert analyst["can_read_student_records"] is False


def test_anonymous_gets_a_json_401(db: None) -> None:
    response = Client().get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_student_list_filters_and_pages(world: World) -> None:
    client = _signed_in(world.users["district_admin"])
    everyone = client.get("/api/students").json()
    assert everyone["count"] == 3  # a, b and ae: District One only
    names = [s["last_name"] for s in everyone["items"]]
    assert names == sorted(names)
    by_school = client.get("/api/students", {"school_id": world.orgs["school_A"].pk}).json()
    assert [s["last_name"] for s in by_school["items"]] == ["Alvarez"]
    by_name = client.get("/api/students", {"q": "bauti"}).json()
    assert [s["last_name"] for s in by_name["items"]] == ["Bautista"]
    by_ssid = client.get("/api/students", {"q": world.students["ae"].state_student_id}).json()
    assert by_ssid["count"] == 1
    page2 = client.get("/api/students", {"limit": 2, "offset": 2}).json()
    assert (page2["count"], len(page2["items"]), page2["offset"]) == (3, 1, 2)
    assert client.get("/api/students", {"grade": 12}).json()["count"] == 0


def test_student_list_logs_exactly_the_students_returned(world: World) -> None:
    client = _signed_in(world.users["district_admin"])
    body = client.get("/api/students", {"limit": "2", "purpose": "caseload review"}).json()
    events = AuditEvent.objects.filter(action="students.listed")
    assert sorted(e.student_id or 0 for e in events) == sorted(s["id"] for s in body["items"])
    assert {(e.channel, e.purpose) for e in events} == {("api", "caseload review")}


def test_caseload_filter_for_counselors(world: World) -> None:
    extra = F.StudentFactory(school=world.orgs["school_A"], last_name="Zamora")
    client = _signed_in(world.users["counselor"])
    assert client.get("/api/students").json()["count"] == 2
    mine = client.get("/api/students", {"caseload": True}).json()
    assert [s["id"] for s in mine["items"]] == [world.students["a"].pk]
    assert extra.pk not in [s["id"] for s in mine["items"]]


def test_list_query_count_does_not_grow_with_the_page(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        F.StudentFactory(school=world.orgs["school_B"], counselor=world.users["counselor"])
    client = _signed_in(world.users["district_admin"])
    with django_assert_max_num_queries(6):
        body = client.get("/api/students", {"limit": 30}).json()
    assert len(body["items"]) == 30


def test_student_detail_carries_the_record(world: World) -> None:
    a = world.students["a"]
    body = _signed_in(world.users["counselor"]).get(f"/api/students/{a.pk}").json()
    assert body["state_student_id"] == a.state_student_id
    assert body["reporting_groups"]["race_ethnicity"] == "not_reported"
    assert body["guardians"][0]["preferred_language"] == "es"
    assert body["enrollments"][0]["grade"] == "A"
    assert body["applications"][0]["status"] == "registered"
    assert body["consents"][0]["kind"] == "dual_enrollment"
    assert body["placements"][0]["employer"] == "Employer EMP"


def test_partners_and_families_do_not_see_reporting_groups(world: World) -> None:
    a = world.students["a"]
    for role in ("college_staff", "student", "guardian", "employer"):
        body = _signed_in(world.users[role]).get(f"/api/students/{a.pk}").json()
        assert body["reporting_groups"] is None, role


def test_employer_sees_only_its_own_placement(world: World) -> None:
    a = world.students["a"]
    body = _signed_in(world.users["employer"]).get(f"/api/students/{a.pk}").json()
    assert [p["opportunity"] for p in body["placements"]] == ["Clinic internship"]
    assert body["guardians"] == body["enrollments"] == body["consents"] == []


def test_guardian_sees_college_courses_only_with_the_students_release(world: World) -> None:
    a = world.students["a"]
    client = _signed_in(world.users["guardian"])
    body = client.get(f"/api/students/{a.pk}").json()
    assert body["enrollments"] == []
    assert body["college_records_withheld"] is True
    from openpathways.consents.models import Consent

    Consent.objects.create(
        student=a, kind="college_records_release", disclosure_version="2026-1",
        granted_at="2026-09-01T10:00:00Z", valid_through="2027-06-30",
    )  # fmt: skip
    body = client.get(f"/api/students/{a.pk}").json()
    assert [e["grade"] for e in body["enrollments"]] == ["A"]
    assert body["college_records_withheld"] is False


def test_disclosure_log_lists_reads_with_channel_and_purpose(world: World) -> None:
    a = world.students["a"]
    _signed_in(world.users["college_staff"]).get(
        f"/api/students/{a.pk}", {"purpose": "registration check"}
    )
    log = _signed_in(world.users["school_admin"]).get(f"/api/students/{a.pk}/disclosures").json()
    # Newest first: the admin's own read of the log, then the college's read.
    assert log[0]["actor"] == "school_admin_a"
    assert log[0]["purpose"] == "disclosure log review"
    assert (log[1]["actor"], log[1]["actor_role"], log[1]["channel"], log[1]["purpose"]) == (
        "college_staff",
        "college_staff",
        "api",
        "registration check",
    )


@pytest.mark.parametrize("role", ["college_staff", "student", "guardian", "employer"])
def test_disclosure_log_is_for_authorised_staff_only(world: World, role: str) -> None:
    a = world.students["a"]
    response = _signed_in(world.users[role]).get(f"/api/students/{a.pk}/disclosures")
    assert response.status_code == 403
    assert "staff" in response.json()["detail"]
    assert AuditEvent.objects.count() == 0


def test_schools_filter_by_status_and_grade_span(world: World) -> None:
    F.SchoolFactory(
        organization__name="Closed Elementary", status="closed",
        grade_offered_low=0, grade_offered_high=5, grade_served_low=0, grade_served_high=5,
    )  # fmt: skip
    client = _signed_in(world.users["analyst"])
    everything = client.get("/api/schools").json()
    assert everything["count"] == 5
    high = client.get("/api/schools", {"serves_9_12": True}).json()
    assert "Closed Elementary" not in [s["name"] for s in high["items"]]
    closed = client.get("/api/schools", {"status": "closed"}).json()
    assert [(s["name"], s["grades_served"], s["serves_9_12"]) for s in closed["items"]] == [
        ("Closed Elementary", "K-5", False)
    ]
    bad = client.get("/api/schools", {"status": "haunted"})
    assert bad.status_code == 422
    assert "detail" in bad.json()


def test_schools_query_count_is_constant(world: World, django_assert_max_num_queries: Any) -> None:
    for _ in range(20):
        F.SchoolFactory()
    client = _signed_in(world.users["analyst"])
    with django_assert_max_num_queries(4):
        body = client.get("/api/schools").json()
    assert body["count"] == 24


def test_bearer_token_authenticates_and_is_revoked_by_a_password_change(world: World) -> None:
    user = world.users["counselor"]
    token = _signed_in(user).post("/api/token").json()["token"]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get("/api/me").json()["username"] == "counselor_a"
    assert client.get(f"/api/students/{world.students['a'].pk}").status_code == 200
    event = AuditEvent.objects.get(action="students.viewed")
    assert event.actor_id == user.pk
    user.set_password("a-new-pass-word-456")
    user.save()
    assert client.get("/api/me").status_code == 401
    forged = Client(headers={"Authorization": f"Bearer {token[:-2]}xx"})
    assert forged.get("/api/me").status_code == 401


def test_a_students_token_reads_only_their_own_record(world: World) -> None:
    token = api_token_issue(user=world.users["student"])
    client = Client(headers={"Authorization": f"Bearer {token}"})
    assert client.get(f"/api/students/{world.students['b'].pk}").status_code == 404
    assert client.get(f"/api/students/{world.students['a'].pk}").status_code == 200
