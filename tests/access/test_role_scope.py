"""The role-by-scope table: every role x (a student inside its scope, one outside) through every
door to a student record: the access function, the detail page, the API detail endpoint and the
CSV exports (web and API). Allowed reads leave an audit event naming action, actor, student and
channel; denied reads leave none and reveal nothing about the student."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from openpathways.audit.models import AuditEvent
from openpathways.students import access
from tests.access.world import CASES, Case, World

IDS = [c.role for c in CASES]
READERS = [c for c in CASES if c.inside is not None]
READER_IDS = [c.role for c in READERS]


def _client(world: World, case: Case) -> Client:
    client = Client()
    user = world.users[case.role]
    if user is not None:
        client.force_login(user)
    return client


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _reveals(text: str, student: Any) -> bool:
    return student.state_student_id in text or student.last_name in text


def _events(student: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(student_id=student.pk))


# -- the access function -----------------------------------------------------------------------


@pytest.mark.parametrize("case", READERS, ids=READER_IDS)
def test_access_function_allows_inside_and_logs_the_read(world: World, case: Case) -> None:
    assert case.inside is not None
    student = world.students[case.inside]
    user = world.users[case.role]
    got = access.student_get(actor=user, student_id=student.pk, purpose="test", channel="cli")
    assert got.pk == student.pk
    [event] = _events(student)
    assert (event.action, event.actor_id, event.channel) == ("students.viewed", user.pk, "cli")
    assert event.purpose == "test"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_access_function_denies_outside_and_logs_nothing(world: World, case: Case) -> None:
    student = world.students[case.outside]
    with pytest.raises(access.StudentAccessDenied) as denied:
        access.student_record_get(
            actor=world.users[case.role], student_id=student.pk, purpose="test", channel="cli"
        )
    # Out of scope and aggregate-only roles are told apart (404 versus 403), never in scope.
    assert isinstance(denied.value, access.StudentNotFound) == (case.denial == "")
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_scope_matches_the_table_for_every_student(world: World, case: Case) -> None:
    """The inside student is in scope and the outside one is not (and aggregate-only roles see
    no student at all)."""
    visible = set(access.student_scope(world.users[case.role]).values_list("pk", flat=True))
    if case.inside is not None:
        assert world.students[case.inside].pk in visible
    else:
        assert visible == set()
    assert world.students[case.outside].pk not in visible


# -- the web detail page and the API detail endpoint ------------------------------------------


@pytest.mark.parametrize("case", READERS, ids=READER_IDS)
@pytest.mark.parametrize("door", ["web", "api"])
def test_detail_inside_is_shown_and_logged(world: World, case: Case, door: str) -> None:
    assert case.inside is not None
    student = world.students[case.inside]
    url = (
        reverse("web:student_detail", args=[student.pk])
        if door == "web"
        else f"/api/students/{student.pk}"
    )
    response = _client(world, case).get(url)
    assert response.status_code == 200
    assert student.state_student_id in _body(response)
    [event] = _events(student)
    assert event.action == "students.viewed"
    assert event.actor_id == world.users[case.role].pk
    assert event.channel == door


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("door", ["web", "api"])
def test_detail_outside_is_denied_without_a_trace(world: World, case: Case, door: str) -> None:
    student = world.students[case.outside]
    url = (
        reverse("web:student_detail", args=[student.pk])
        if door == "web"
        else f"/api/students/{student.pk}"
    )
    response = _client(world, case).get(url)
    expected = {
        ("", "web"): 404,
        ("", "api"): 404,
        ("forbidden", "web"): 403,
        ("forbidden", "api"): 403,
        ("anonymous", "web"): 302,
        ("anonymous", "api"): 401,
    }[(case.denial, door)]
    assert response.status_code == expected
    if door == "api":
        assert "detail" in response.json()
    if expected == 302:
        assert "next=" in response["Location"]
    assert not _reveals(_body(response), student)
    assert AuditEvent.objects.count() == 0


def test_a_missing_student_and_an_out_of_scope_one_look_the_same(world: World) -> None:
    client = Client()
    client.force_login(world.users["counselor"])
    other = client.get(f"/api/students/{world.students['b'].pk}")
    missing = client.get("/api/students/999999")
    assert (other.status_code, other.json()) == (missing.status_code, missing.json())


# -- the CSV exports ---------------------------------------------------------------------------


def _export(world: World, case: Case, door: str) -> Any:
    url = reverse("web:student_export") if door == "web" else "/api/students/export.csv"
    return _client(world, case).get(url)


@pytest.mark.parametrize("case", CASES, ids=IDS)
@pytest.mark.parametrize("door", ["web", "api"])
def test_export_holds_inside_not_outside_and_logs_each_row(
    world: World, case: Case, door: str
) -> None:
    response = _export(world, case, door)
    outside = world.students[case.outside]
    if case.denial:
        assert (
            response.status_code
            == {"forbidden": 403, "anonymous": 302 if door == "web" else 401}[case.denial]
        )
        assert not _reveals(_body(response), outside)
        assert AuditEvent.objects.count() == 0
        return
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    ssids = {r["state_student_id"] for r in rows}
    inside = world.students[case.inside or ""]
    assert inside.state_student_id in ssids
    assert outside.state_student_id not in ssids
    # One event per exported student, none for the outside student.
    events = AuditEvent.objects.filter(action="students.exported")
    assert sorted(e.student_id or 0 for e in events) == sorted(
        s.pk for s in world.students.values() if s.state_student_id in ssids
    )
    assert {(e.actor_id, e.channel) for e in events} == {(world.users[case.role].pk, door)}
    assert not _events(outside)


# -- the counselor, specifically --------------------------------------------------------------


def test_a_counselor_cannot_read_another_schools_student_by_any_door(world: World) -> None:
    client = Client()
    client.force_login(world.users["counselor"])
    other = world.students["b"]  # School B; the counselor works at School A
    responses = [
        client.get(reverse("web:student_detail", args=[other.pk])),
        client.get(reverse("web:student_disclosures", args=[other.pk])),
        client.get(reverse("web:student_list"), {"school": other.school_id}),
        client.get(f"/api/students/{other.pk}"),
        client.get(f"/api/students/{other.pk}/disclosures"),
        client.get("/api/students", {"school_id": other.school_id}),
        client.get(reverse("web:student_export")),
        client.get("/api/students/export.csv"),
    ]
    for response in responses:
        assert response.status_code in (200, 404)
        assert not _reveals(_body(response), other)
    # A search by the other student's SSID finds nothing (the page echoes only the query).
    page = client.get(reverse("web:student_list"), {"q": other.state_student_id})
    assert other.last_name not in _body(page)
    assert client.get("/api/students", {"q": other.state_student_id}).json()["count"] == 0
    assert not _events(other)
