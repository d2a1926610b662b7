"""The passport, campaign and goal endpoints: scoped, logged with channel "api", suppressed for
analysts."""

from __future__ import annotations

import pytest
from django.test import Client

from openpathways.audit.models import AuditEvent
from openpathways.outcomes.models import SeniorCampaign
from tests.outcomes.world import World, release_college_records

pytestmark = pytest.mark.django_db


def test_passport_json_for_the_student_parent_and_others(world: World, client: Client) -> None:
    client.force_login(world.senior_user)
    data = client.get(f"/api/students/{world.senior.pk}/passport").json()
    assert data["dual_enrollment_units"]["earned"] == "9.0"
    assert data["cci"]["college_credit_route"] == "Prepared"
    assert AuditEvent.objects.filter(actor=world.senior_user, channel="api",
                                     action="students.viewed").count() == 1  # fmt: skip
    client.force_login(world.senior_parent)
    data = client.get(f"/api/students/{world.senior.pk}/passport").json()
    assert data["college_records_withheld"] is True
    assert data["college_courses"] == []
    release_college_records(world.senior)
    data = client.get(f"/api/students/{world.senior.pk}/passport").json()
    assert len(data["college_courses"]) == 4
    client.force_login(world.other_parent)
    assert client.get(f"/api/students/{world.senior.pk}/passport").status_code == 404
    client.force_login(world.analyst)
    assert client.get(f"/api/students/{world.senior.pk}/passport").status_code == 403


def test_passport_pdf_in_spanish(world: World, client: Client) -> None:
    client.force_login(world.senior_user)
    response = client.get(f"/api/students/{world.senior.pk}/passport.pdf?lang=es")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_campaign_endpoints(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    queue = client.get("/api/campaigns?list=no_decision").json()
    assert {i["student"]["first_name"] for i in queue["items"]} == {"Lucia", "Nina"}
    bad = client.put(f"/api/students/{world.senior.pk}/campaign",
                     data={"financial_aid": "maybe"}, content_type="application/json")  # fmt: skip
    assert bad.status_code == 422
    done = client.put(f"/api/students/{world.senior.pk}/campaign",
                      data={"financial_aid": "cadaa_completed"},
                      content_type="application/json")  # fmt: skip
    assert done.status_code == 200, done.content
    assert SeniorCampaign.objects.get(student=world.senior).financial_aid == "cadaa_completed"
    queue = client.get("/api/campaigns?list=no_decision").json()
    assert [i["student"]["first_name"] for i in queue["items"]] == ["Nina"]
    assert client.get("/api/campaigns/deadlines").status_code == 200
    client.force_login(world.senior_parent)
    assert client.get("/api/campaigns").status_code == 403
    denied = client.put(f"/api/students/{world.senior.pk}/campaign",
                        data={"financial_aid": "opted_out"},
                        content_type="application/json")  # fmt: skip
    assert denied.status_code == 403


def test_progress_tables_are_suppressed_for_analysts(world: World, client: Client) -> None:
    client.force_login(world.analyst)
    progress = client.get("/api/campaigns/progress").json()
    assert progress["suppressed"] is True
    goals = client.get("/api/goals/schools").json()
    assert goals["suppressed"] is True
    assert client.get("/api/goals").status_code == 403
    client.force_login(world.counselor)
    goals = client.get("/api/goals?list=units").json()
    assert [i["student"]["first_name"] for i in goals["items"]] == ["Mateo"]
