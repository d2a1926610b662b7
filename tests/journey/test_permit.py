"""The Concurrent Enrollment Permit lists the student, the school, the section and every
signature; read back from the PDF's own text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from openpathways.accounts.models import Role
from openpathways.applications import selectors, services
from openpathways.applications.permit import permit_pdf
from openpathways.consents import services as consents
from tests.journey.helpers import last_link
from tests.journey.world import JourneyWorld


def _unescape(raw: bytes) -> str:
    """A PDF literal string: octal escapes (\\355) and escaped characters; WinAnsi text."""

    def one(m: re.Match[bytes]) -> bytes:
        esc = m.group(1)
        if esc[:1].isdigit():
            return bytes([int(esc, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(esc, esc)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw).decode("cp1252")


def pdf_text(data: bytes) -> str:
    """The text shown by an uncompressed reportlab PDF: the strings of its Tj operators."""
    assert data.startswith(b"%PDF")
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", data)
    return "\n".join(_unescape(s) for s in strings)


@pytest.fixture
def registered(world: JourneyWorld, django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_request(
            actor=world.user(Role.STUDENT), section_id=world.ccap_section.pk
        ).application
        services.application_recommend(actor=world.user(Role.COUNSELOR), application_id=app.pk)
    with django_capture_on_commit_callbacks(execute=True):
        consents.consent_sign(token=last_link("lucia@example.org"), typed_name="Lucía Reyes",
                              intent=True, language="es", disclosure_version="2026.1")  # fmt: skip
    services.application_approve(actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk)
    services.application_register(actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk)
    return app


def test_the_permit_shows_every_signature(world: JourneyWorld, registered: Any) -> None:
    data = selectors.application_permit_get(
        actor=world.user(Role.COUNSELOR), application_id=registered.pk, channel="test"
    )
    text = pdf_text(permit_pdf(data, compress=False))
    assert "Concurrent Enrollment Permit" in text
    assert "Name: Ana Reyes" in text
    assert "High school: Bayview High" in text
    assert "Course: ENGL 101 College Composition" in text
    assert "Section: 40123" in text
    assert "Offered by: Harbor City College" in text
    assert "Student request: Ana Tester" in text
    assert "Recommendation (Counselor): Rosa Counselor" in text
    assert "Parent/guardian consent: Lucía Reyes" in text
    assert "Electronic signature; disclosure 2026.1 (es)" in text
    assert "College approval: College Tester" in text
    assert "Registration: College Tester" in text


def test_the_permit_page_is_a_pdf_for_those_who_may_see_the_application(
    world: JourneyWorld, registered: Any
) -> None:
    client = Client()
    client.force_login(world.user(Role.COUNSELOR))
    response = client.get(f"/journey/{registered.pk}/permit.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(world.user("other_counselor"))
    assert client.get(f"/journey/{registered.pk}/permit.pdf").status_code == 404
