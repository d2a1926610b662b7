"""Staff record outcomes on a page linked from the passport: certificates, certifications, CTE
completions, AA pathways and corrections with a reason; in English and Spanish; scoped."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import AaDegreePathway, CtePathway, IndustryCertification
from openpathways.enrollments.models import CredentialEarned
from openpathways.organizations.models import Organization, OrganizationKind
from openpathways.outcomes.models import AaDegreePlan, OutcomeCorrection
from tests.factories import UserFactory
from tests.outcomes.world import World

pytestmark = pytest.mark.django_db


def _url(world: World, student: object = None) -> str:
    return f"/passport/{(student or world.junior).pk}/outcomes/"  # type: ignore[attr-defined]


def test_passport_links_staff_to_the_entry_page(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    html = client.get(f"/passport/{world.senior.pk}/").content.decode()
    assert _url(world, world.senior) in html
    page = client.get(_url(world, world.senior)).content.decode()
    assert "Certified Nursing Assistant" in page  # recorded outcomes are listed
    assert AuditEvent.objects.filter(
        actor=world.counselor, action="students.viewed", student_id=world.senior.pk,
        purpose="outcome entry",
    ).exists()  # fmt: skip


def test_counselor_records_each_kind_of_outcome(world: World, client: Client) -> None:
    adult = Organization.objects.get(kind=OrganizationKind.ADULT_ED)
    cert = IndustryCertification.objects.create(
        name="OSHA 10", issuer="OSHA", sector="building_trades"
    )
    pathway = CtePathway.objects.get(code="175")
    aa = AaDegreePathway.objects.get()
    client.force_login(world.counselor)
    url = _url(world)
    posts = [
        {"action": "certificate_of_completion", "issuer": adult.pk, "title": "Welding I",
         "elective_credits": "5", "earned_on": "2026-06-01"},
        {"action": "industry_certification", "certification": cert.pk, "earned_on": "2026-05-02"},
        {"action": "cte_pathway_completion", "cte_pathway": pathway.pk, "capstone_grade": "B+",
         "earned_on": "2026-06-03"},
        {"action": "aa_plan", "aa_pathway": aa.pk, "declared_on": "2026-09-01"},
    ]  # fmt: skip
    for data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    recorded = {c.kind: c for c in CredentialEarned.objects.filter(student=world.junior)}
    assert recorded["certificate_of_completion"].elective_credits == Decimal(5)
    assert recorded["certificate_of_completion"].issuer == adult
    assert recorded["industry_certification"].title == "OSHA 10"
    assert recorded["cte_pathway_completion"].capstone_grade == "B+"
    assert AaDegreePlan.objects.filter(student=world.junior, aa_pathway=aa).exists()
    passport = client.get(f"/passport/{world.junior.pk}/").content.decode()
    assert "Welding I" in passport
    assert "OSHA 10" in passport


def test_bad_input_is_explained_and_nothing_is_written(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    response = client.post(_url(world), {"action": "cte_pathway_completion",
                                         "cte_pathway": "", "capstone_grade": "A",
                                         "earned_on": "2026-13-01"})  # fmt: skip
    assert response.status_code == 400
    assert "Date earned: expected a date as YYYY-MM-DD." in response.content.decode()
    assert not CredentialEarned.objects.filter(student=world.junior).exists()


def test_correction_needs_a_reason_and_keeps_history(world: World, client: Client) -> None:
    cte = CredentialEarned.objects.get(student=world.senior, kind="cte_pathway_completion")
    client.force_login(world.school_admin)
    form = {"action": "correct", "credential": cte.pk, "title": cte.title,
            "earned_on": "2026-06-10", "capstone_grade": "A-"}  # fmt: skip
    refused = client.post(_url(world, world.senior), form | {"reason": " "})
    assert refused.status_code == 400
    assert "A correction states its reason." in refused.content.decode()
    response = client.post(_url(world, world.senior), form | {"reason": "Grade change form 12"})
    assert response.status_code == 302
    cte.refresh_from_db()
    assert cte.capstone_grade == "A-"
    (row,) = OutcomeCorrection.objects.filter(record_id=cte.pk)
    assert (row.field, row.old_value, row.new_value) == ("capstone_grade", "B", "A-")
    page = client.get(_url(world, world.senior)).content.decode()
    assert "Grade change form 12" in page


def test_page_in_spanish(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    client.cookies["django_language"] = "es"
    html = client.get(_url(world, world.senior)).content.decode()
    for text in (
        "Registrar logros",
        "Certificado de finalización (educación para adultos)",
        "Motivo de la corrección (obligatorio)",
        "Registrar la ruta del título",
    ):
        assert text in html, text
    assert "Record a new outcome" not in html
    cte = CredentialEarned.objects.get(student=world.senior, kind="cte_pathway_completion")
    refused = client.post(_url(world, world.senior), {
        "action": "correct", "credential": cte.pk, "earned_on": "2026-06-10",
        "capstone_grade": "A", "reason": "",
    })  # fmt: skip
    assert refused.status_code == 400
    assert "Una corrección indica su motivo." in refused.content.decode()


def test_who_may_record(world: World, client: Client) -> None:
    client.force_login(world.analyst)
    assert client.get(_url(world)).status_code == 403
    client.force_login(world.senior_parent)
    assert client.get(_url(world, world.senior)).status_code == 403
    other = UserFactory.create(username="far", role=Role.COUNSELOR, organization=world.other_school)
    client.force_login(other)
    assert client.get(_url(world)).status_code == 404
    # College staff record for the students in their sections: the senior takes CHEM 51 there.
    client.force_login(world.college_staff)
    aa = AaDegreePathway.objects.get()
    assert client.get(_url(world, world.senior)).status_code == 200
    assert client.get(_url(world)).status_code == 404
    assert not AaDegreePlan.objects.filter(student=world.junior).exists()
    response = client.post(_url(world, world.senior), {"action": "aa_plan", "aa_pathway": aa.pk})
    assert response.status_code == 302
