"""The work-based-learning and compacts endpoints answer as the pages do, scoped by role."""

from __future__ import annotations

from django.test import Client

from tests.wbl.conftest import Wbl
from tests.wbl.test_services import post_and_publish


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_student_lists_and_applies_and_the_coordinator_sees_the_application(wbl: Wbl) -> None:
    opp_id = post_and_publish(wbl)
    student = _client(wbl.student_user)
    [row] = student.get("/api/wbl/opportunities").json()
    assert row["id"] == opp_id
    assert row["places_left"] == 2
    assert "Your school's Linked Learning pathway" in row["reasons"]
    created = student.post(f"/api/wbl/opportunities/{opp_id}/apply")
    assert created.status_code == 201
    assert created.json()["status"] == "applied"
    again = student.post(f"/api/wbl/opportunities/{opp_id}/apply")
    assert again.status_code == 400
    assert again.json()["code"] == "duplicate"
    queue = _client(wbl.counselor).get("/api/wbl/queue").json()
    assert [r["student"] for r in queue["applications"]] == ["Ana Lopez"]
    assert _client(wbl.employer_user).get("/api/wbl/queue").json()["applications"] == []
    refused = _client(wbl.counselor).post(
        f"/api/wbl/opportunities/{opp_id}/publish", {"state_course_code": "7100"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403


def test_vendor_compliance_endpoint_is_scoped_to_the_vendor(wbl: Wbl) -> None:
    body = _client(wbl.employer_user).get("/api/wbl/vendors").json()
    assert body["vendors_with_obligations"] == 1
    assert body["compliant"] == 0
    [vendor] = body["vendors"]
    assert vendor["contracts"][0]["placements_committed"] == 1
    assert _client(wbl.counselor).get("/api/wbl/vendors").json()["vendors"] == []
