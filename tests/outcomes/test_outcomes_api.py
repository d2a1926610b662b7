"""Recording outcomes through the API: scoped writes, validation, corrections with history."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import AaDegreePathway, IndustryCertification
from openpathways.enrollments.models import CredentialEarned
from openpathways.outcomes.models import AaDegreePlan, OutcomeCorrection
from tests.outcomes.world import World

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_counselor_records_a_certification_and_a_cte_completion(
    world: World, client: Client
) -> None:
    cert = IndustryCertification.objects.create(
        name="ServSafe Food Handler", issuer="NRA", sector="hospitality"
    )
    client.force_login(world.counselor)
    url = f"/api/students/{world.junior.pk}/credentials"
    response = _post(client, url, {"kind": "industry_certification", "certification_id": cert.pk,
                                   "earned_on": "2026-05-02"})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "ServSafe Food Handler"
    response = _post(client, url, {"kind": "cte_pathway_completion", "cte_pathway_code": "175",
                                   "capstone_grade": "a-", "earned_on": "2026-06-01"})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["capstone_grade"] == "A-"
    assert CredentialEarned.objects.filter(student=world.junior).count() == 2
    assert (
        AuditEvent.objects.filter(
            action="outcomes.credential_recorded", student_id=world.junior.pk
        ).count()
        == 2
    )


def test_bad_input_and_other_scopes_are_refused(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    url = f"/api/students/{world.junior.pk}/credentials"
    bad_grade = _post(client, url, {"kind": "cte_pathway_completion", "cte_pathway_code": "175",
                                    "capstone_grade": "Q", "earned_on": "2026-06-01"})  # fmt: skip
    assert bad_grade.status_code == 400
    assert "not a grade" in bad_grade.json()["detail"]
    no_issuer = _post(client, url, {"kind": "certificate_of_completion", "title": "Welding",
                                    "earned_on": "2026-06-01"})  # fmt: skip
    assert no_issuer.status_code == 400
    client.force_login(world.analyst)
    refused = _post(client, url, {"kind": "cte_pathway_completion", "cte_pathway_code": "175",
                                  "capstone_grade": "A", "earned_on": "2026-06-01"})  # fmt: skip
    assert refused.status_code == 403
    assert not CredentialEarned.objects.filter(student=world.junior).exists()


def test_correction_needs_a_reason_and_keeps_the_old_value(world: World, client: Client) -> None:
    cte = CredentialEarned.objects.get(student=world.senior, kind="cte_pathway_completion")
    client.force_login(world.school_admin)
    url = f"/api/credentials/{cte.pk}/corrections"
    assert _post(client, url, {"capstone_grade": "A"}).status_code == 422
    response = _post(client, url, {"capstone_grade": "A", "reason": "Teacher's grade change form"})
    assert response.status_code == 200, response.content
    assert response.json()["capstone_grade"] == "A"
    (row,) = OutcomeCorrection.objects.filter(record_id=cte.pk)
    assert (row.field, row.old_value, row.new_value, row.actor) == (
        "capstone_grade",
        "B",
        "A",
        world.school_admin,
    )
    assert _post(client, "/api/credentials/999999/corrections",
                 {"title": "x", "reason": "r"}).status_code == 404  # fmt: skip


def test_aa_plan_for_a_student(world: World, client: Client) -> None:
    aa = AaDegreePathway.objects.get()
    client.force_login(world.college_staff)
    # College staff see only students enrolled in their sections: the junior is not.
    assert _post(client, f"/api/students/{world.junior.pk}/aa-plans",
                 {"aa_pathway_id": aa.pk}).status_code == 403  # fmt: skip
    client.force_login(world.counselor)
    response = _post(client, f"/api/students/{world.junior.pk}/aa-plans",
                     {"aa_pathway_id": aa.pk, "declared_on": "2026-09-01"})  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["units_required"] == "60.0"
    assert AaDegreePlan.objects.filter(student=world.junior, aa_pathway=aa).exists()
