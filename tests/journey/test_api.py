"""The journey over the REST API: idempotent creation, scoped reads, transitions, consent links
without an account, and errors in the caller's language."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from openpathways.accounts.models import Role
from openpathways.applications.models import Application
from tests.journey.helpers import last_link
from tests.journey.world import JourneyWorld


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def test_create_is_idempotent_with_the_idempotency_key(world: JourneyWorld) -> None:
    client = _client(world.user(Role.STUDENT))
    body = {"section_id": world.ccap_section.pk}
    first = _post(client, "/api/applications", body, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == 201, first.content
    again = _post(client, "/api/applications", body, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    data = first.json()
    assert data["status"] == "eligibility_checked"
    assert data["eligibility"] == "pending"
    assert {r["id"] for r in data["rules"]} >= {"consent.present", "recommendation.present"}
    assert [e["to_status"] for e in data["events"]] == ["requested", "eligibility_checked"]
    assert data["actions"] == ["withdrawn"]
    assert Application.objects.count() == 1


def test_bad_input_gets_a_clear_error_in_the_callers_language(world: JourneyWorld) -> None:
    client = _client(world.user(Role.STUDENT))
    es = _post(client, "/api/applications", {"section_id": 999999}, HTTP_ACCEPT_LANGUAGE="es")
    assert es.status_code == 400
    assert es.json() == {"detail": "No existe la sección: 999999", "code": "section"}
    en = _post(client, "/api/applications", {"section_id": 999999}, HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["detail"] == "No such section: 999999"
    app = _post(client, "/api/applications", {"section_id": world.ccap_section.pk}).json()
    college = _client(world.user(Role.COLLEGE_STAFF))
    denied = _post(college, f"/api/applications/{app['id']}/transitions/denied", {"reason": ""},
                   HTTP_ACCEPT_LANGUAGE="es")  # fmt: skip
    assert denied.status_code == 400
    assert denied.json()["detail"] == "Indique un motivo."


def test_the_whole_journey_through_the_api(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    student, counselor = _client(world.user(Role.STUDENT)), _client(world.user(Role.COUNSELOR))
    college = _client(world.user(Role.COLLEGE_STAFF))
    app = _post(student, "/api/applications", {"section_id": world.ccap_section.pk}).json()
    url = f"/api/applications/{app['id']}"
    # The student may not recommend themself.
    assert _post(student, f"{url}/transitions/recommended", {}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        step = _post(counselor, f"{url}/transitions/recommended", {"note": "Strong writer."})
    assert step.status_code == 200
    assert step.json()["status"] == "recommended"

    # The guardian reads and signs through the link: no account, no session.
    token = last_link(world.guardian.email)
    anonymous = Client()
    shown = anonymous.get(f"/api/consent-links/{token}")
    assert shown.status_code == 200
    assert shown.json()["language"] == "es"
    assert shown.json()["student_first_name"] == "Ana"
    with django_capture_on_commit_callbacks(execute=True):
        signed = _post(anonymous, f"/api/consent-links/{token}/sign",
                       {"typed_name": "Lucia Reyes", "intent": True, "language": "es",
                        "disclosure_version": shown.json()["version"]},
                       HTTP_USER_AGENT="Phone/1.0")  # fmt: skip
    assert signed.status_code == 201, signed.content
    assert signed.json()["method"] == "electronic"
    again = _post(anonymous, f"/api/consent-links/{token}/sign",
                  {"typed_name": "Lucia Reyes", "intent": True, "language": "es",
                   "disclosure_version": "2026.1"}, HTTP_ACCEPT_LANGUAGE="es")  # fmt: skip
    assert again.status_code == 410
    assert again.json()["code"] == "used"
    assert "ya se usó" in again.json()["detail"]

    assert college.get(url).json()["actions"] == ["approved", "denied"]
    assert _post(college, f"{url}/transitions/approved", {}).json()["status"] == "approved"
    done = _post(college, f"{url}/transitions/registered", {}).json()
    assert done["status"] == "registered"
    assert [e["verb"] for e in done["events"]] == [
        "requested",
        "checked",
        "recommended",
        "consented",
        "approved",
        "registered",
    ]
    permit = college.get(f"{url}/permit.pdf")
    assert permit.status_code == 200
    assert permit.content.startswith(b"%PDF")


def test_lists_are_scoped(world: JourneyWorld) -> None:
    student = _client(world.user(Role.STUDENT))
    _post(student, "/api/applications", {"section_id": world.ccap_section.pk})
    assert _client(world.user(Role.COUNSELOR)).get("/api/applications").json()["count"] == 1
    assert _client(world.user("other_counselor")).get("/api/applications").json()["count"] == 0
    assert _client(world.user("other_college")).get("/api/applications").json()["count"] == 0
    assert (
        _client(world.user(Role.COLLEGE_STAFF))
        .get("/api/applications?queue=recommendation")
        .json()["count"]
        == 1
    )
    app_id = Application.objects.get().pk
    assert (
        _client(world.user("other_counselor")).get(f"/api/applications/{app_id}").status_code == 404
    )
    assert _client(world.user(Role.ANALYST)).get("/api/applications").status_code == 403


def test_staff_send_links_and_record_the_counseling_session(world: JourneyWorld) -> None:
    counselor = _client(world.user(Role.COUNSELOR))
    links = _post(counselor, f"/api/students/{world.student.pk}/consent-links", {})
    assert links.status_code == 201
    assert [link["guardian_id"] for link in links.json()] == [world.guardian.pk]
    assert "token" not in links.content.decode()  # the link goes to the guardian only
    session = _post(counselor, f"/api/students/{world.student.pk}/counseling-session", {
        "held_on": "2026-08-01", "staff_name": "Rosa", "parent_name": "Lucia",
        "written_record": "Discussed the class.",
    })  # fmt: skip
    assert session.status_code == 201
    student = _client(world.user(Role.STUDENT))
    assert _post(student, f"/api/students/{world.student.pk}/consent-links", {}).status_code == 403
