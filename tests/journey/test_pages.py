"""The journey pages: apply, the application with its steps and actions, the counselor's page of a
student, and the guardian's consent pages (no account) in Spanish and English."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openpathways.accounts.models import Role
from openpathways.applications.models import Application
from openpathways.consents.models import Consent
from tests.journey.helpers import last_link
from tests.journey.world import JourneyWorld


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_student_applies_from_the_section_page(world: JourneyWorld) -> None:
    client = _client(world.user(Role.STUDENT))  # prefers Spanish
    page = client.get(f"/sections/{world.ccap_section.pk}/apply/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Composición universitaria" in html
    assert "Solicitar esta sección" in html
    key = page.context["idempotency_key"]
    posted = client.post(f"/sections/{world.ccap_section.pk}/apply/", {"idempotency_key": key})
    app = Application.objects.get()
    assert posted.status_code == 302
    assert posted["Location"] == f"/journey/{app.pk}/"
    # Pressing the button twice (same form key) does not apply twice.
    client.post(f"/sections/{world.ccap_section.pk}/apply/", {"idempotency_key": key})
    assert Application.objects.count() == 1
    detail = client.get(f"/journey/{app.pk}/").content.decode()
    assert "Elegibilidad revisada" in detail
    assert "consent.present" in detail
    assert "EC 48800(a)" in detail
    assert "Retirar la solicitud" in detail  # the only step the student may take now
    assert "Recomendar" not in detail


def test_a_counselor_applies_for_a_student_recommends_and_sees_the_journey(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(world.user(Role.COUNSELOR))
    page = client.get(f"/sections/{world.ccap_section.pk}/apply/")
    assert "Reyes, Ana" in page.content.decode()
    client.post(f"/sections/{world.ccap_section.pk}/apply/",
                {"student": world.student.pk, "idempotency_key": "x1"})  # fmt: skip
    app = Application.objects.get()
    assert app.requested_by == world.user(Role.COUNSELOR)
    queue = client.get("/journey/?queue=recommendation").content.decode()
    assert "Ana" in queue
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"/journey/{app.pk}/recommended/", {"note": "Ready."}, follow=True)
    assert "Done: Recommend." in done.content.decode()
    app.refresh_from_db()
    assert app.status == "recommended"
    journey = client.get(f"/journey/students/{world.student.pk}/").content.decode()
    assert "Send consent link" in journey
    assert "Links sent" in journey
    assert "Record the counseling session" in journey


def test_a_forbidden_step_from_the_page_changes_nothing(world: JourneyWorld) -> None:
    client = _client(world.user(Role.STUDENT))
    client.post(f"/sections/{world.ccap_section.pk}/apply/", {"idempotency_key": "a"})
    app = Application.objects.get()
    response = client.post(f"/journey/{app.pk}/approved/", follow=True)
    assert "no puede dar este paso" in response.content.decode().lower()
    app.refresh_from_db()
    assert app.status == "eligibility_checked"
    assert _client(world.user("other_counselor")).get(f"/journey/{app.pk}/").status_code == 404


def test_the_guardian_signs_in_spanish_without_an_account_and_can_switch(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    counselor = _client(world.user(Role.COUNSELOR))
    with django_capture_on_commit_callbacks(execute=True):
        counselor.post(f"/journey/students/{world.student.pk}/consent-link/", {})
    token = last_link(world.guardian.email)
    guardian = Client()
    page = guardian.get(f"/consent/{token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="es">' in html
    assert "Consentimiento para cursos universitarios" in html
    assert "Seguro Social" in html
    english = guardian.get(f"/consent/{token}/?lang=en").content.decode()
    assert '<html lang="en">' in english
    assert "Social Security number" in english
    refused = guardian.post(f"/consent/{token}/", {"typed_name": "Lucia Reyes", "lang": "es",
                                                   "disclosure_version": "2026.1"})  # fmt: skip
    assert refused.status_code == 400
    assert "Marque la casilla" in refused.content.decode()
    signed = guardian.post(
        f"/consent/{token}/",
        {"typed_name": "Lucia Reyes", "intent": "on", "lang": "es", "disclosure_version": "2026.1"},
        HTTP_USER_AGENT="Phone/1.0", REMOTE_ADDR="198.51.100.4",
    )  # fmt: skip
    assert signed.status_code == 200
    assert "Gracias: su consentimiento está registrado" in signed.content.decode()
    consent = Consent.objects.get()
    assert (consent.language, consent.device, consent.ip_address) == ("es", "Phone/1.0",
                                                                      "198.51.100.4")  # fmt: skip
    used = guardian.get(f"/consent/{token}/")
    assert used.status_code == 410
    assert "ya se usó" in used.content.decode()

    revoke_url = signed.context["revoke_url"].replace("http://testserver", "")
    confirm = guardian.get(revoke_url)
    assert "Retirar su consentimiento para Ana" in confirm.content.decode()
    gone = guardian.post(revoke_url, {"confirm": "on", "lang": "es"})
    assert "Su consentimiento está retirado" in gone.content.decode()
    consent.refresh_from_db()
    assert consent.status == "revoked"


def test_a_bad_link_says_so_in_plain_words(world: JourneyWorld) -> None:
    response = Client().get("/consent/not-a-token/?lang=es")
    assert response.status_code == 404
    assert "Este enlace no es válido" in response.content.decode()


def test_staff_record_a_paper_form_from_the_page(world: JourneyWorld, media: Any) -> None:
    client = _client(world.user(Role.COUNSELOR))
    scan = SimpleUploadedFile("form.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        f"/journey/students/{world.student.pk}/consent-paper/",
        {"guardian": world.guardian.pk, "signed_on": dt.date(2026, 8, 1).isoformat(),
         "kind": "dual_enrollment", "scan": scan},
        follow=True,
    )  # fmt: skip
    assert "The signed paper form is recorded." in response.content.decode()
    assert Consent.objects.get().method == "paper"
    bad = SimpleUploadedFile("form.txt", b"hello", content_type="text/plain")
    response = client.post(
        f"/journey/students/{world.student.pk}/consent-paper/",
        {"guardian": world.guardian.pk, "signed_on": "2026-08-01", "scan": bad}, follow=True,
    )  # fmt: skip
    assert "form.txt: a scan must be a PDF, PNG or JPEG file." in response.content.decode()


def test_the_college_sees_its_review_queue(world: JourneyWorld) -> None:
    Application.objects.create(student=world.student, section=world.ccap_section,
                               program="ccap", status="consented")  # fmt: skip
    html = _client(world.user(Role.COLLEGE_STAFF)).get("/journey/").content.decode()
    assert "Review queue" in html
    assert "Ana" in html
    assert "Ana" not in _client(world.user("other_college")).get("/journey/").content.decode()
