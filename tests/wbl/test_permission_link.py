"""Guardian permission for work-based learning through a signed one-time link: a coordinator
sends it from the placement's eligibility, the guardian signs in Spanish, the student can be
placed; withdrawing it blocks new placements and tells the coordinator."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from openpathways.consents.models import Consent, ConsentKind, ConsentStatus
from openpathways.wbl import services
from openpathways.wbl.models import Placement, PlacementStatus
from tests.factories import SchoolFactory, UserFactory
from tests.wbl.conftest import Wbl
from tests.wbl.test_services import post_and_publish


@pytest.fixture(autouse=True)
def _compiled_catalogs() -> None:
    from openpathways.core.i18n import compile_catalogs

    compile_catalogs(quiet=True)


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def _applied_with_forms(w: Wbl) -> Placement:
    """The student applied to a published internship and every form is on file: only the
    guardian's permission is missing."""
    placement = services.placement_apply(actor=w.student_user, opportunity_id=post_and_publish(w))
    for code in ("emergency_card", "work_permit", "safety_training"):
        services.placement_form_record(
            actor=w.counselor, placement_id=placement.pk, code=code,
            received_on=timezone.localdate(),
        )  # fmt: skip
    return placement


def _place(w: Wbl, placement: Placement) -> Placement:
    return services.placement_place(
        actor=w.counselor, placement_id=placement.pk, supervisor_id=w.supervisor.pk,
        start_date=timezone.localdate(),
    )  # fmt: skip


def _send_link_and_sign_in_spanish(w: Wbl, placement: Placement, capture: Any) -> str:
    """The counselor sends the link from the placement page; the guardian opens the emailed link
    and signs in Spanish. Returns the withdrawal link shown after signing."""
    counselor = _client(w.counselor)
    page = counselor.get(f"/wbl/placements/{placement.pk}/").content.decode()
    assert "✗ Guardian permission for work-based learning (missing)" in page
    assert "Send permission link" in page
    with capture(execute=True):
        sent = counselor.post(f"/wbl/placements/{placement.pk}/permission-link/", follow=True)
    assert f"Permission link sent to {w.guardian.first_name} {w.guardian.last_name}" in (
        sent.content.decode()
    )
    (invite,) = [m for m in mail.outbox if w.guardian.email in m.to]
    assert "aprendizaje basado en el trabajo" in invite.body  # the guardian reads Spanish
    token = re.search(r"/consent/([^/\s]+)/", str(invite.body))
    assert token is not None

    guardian = Client()
    form = guardian.get(f"/consent/{token.group(1)}/")
    assert form.status_code == 200
    text = form.content.decode()
    assert "Permiso para el aprendizaje basado en el trabajo con empleadores" in text
    assert "permiso de trabajo" in text
    version = re.search(r'name="disclosure_version" value="([^"]+)"', text)
    assert version is not None
    with capture(execute=True):
        signed = guardian.post(f"/consent/{token.group(1)}/", {
            "lang": "es", "typed_name": "María López", "intent": "on",
            "disclosure_version": version.group(1),
        })  # fmt: skip
    assert signed.status_code == 200
    consent = Consent.objects.get(student=w.student, kind=ConsentKind.WORK_BASED_LEARNING)
    assert (consent.status, consent.language, consent.typed_name) == (
        "granted",
        "es",
        "María López",
    )
    # One-time: the same link does not sign twice.
    assert guardian.get(f"/consent/{token.group(1)}/").status_code == 410
    revoke = re.search(r'href="[^"]*(/consent/withdraw/[^"/]+/)"', signed.content.decode())
    assert revoke is not None
    return revoke.group(1)


def test_guardian_signs_the_permission_link_in_spanish_and_the_student_can_be_placed(
    wbl: Wbl, django_capture_on_commit_callbacks: Any
) -> None:
    placement = _applied_with_forms(wbl)
    with pytest.raises(services.WblError, match="Guardian permission"):
        _place(wbl, placement)

    _send_link_and_sign_in_spanish(wbl, placement, django_capture_on_commit_callbacks)

    page = _client(wbl.counselor).get(f"/wbl/placements/{placement.pk}/").content.decode()
    assert "✓ Guardian permission for work-based learning (granted)" in page
    assert "Send permission link" not in page
    assert _place(wbl, placement).status == PlacementStatus.PLACED


def test_withdrawing_permission_blocks_placing_and_tells_the_coordinator(
    wbl: Wbl, django_capture_on_commit_callbacks: Any
) -> None:
    placement = _applied_with_forms(wbl)
    withdraw = _send_link_and_sign_in_spanish(wbl, placement, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    guardian = Client()
    confirm = guardian.get(withdraw).content.decode()
    assert "Retirar su consentimiento para Ana" in confirm
    assert "No empieza ninguna nueva colocación de aprendizaje basado en el trabajo" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        done = guardian.post(withdraw, {"confirm": "on", "lang": "es"})
    assert done.status_code == 200
    consent = Consent.objects.get(student=wbl.student, kind=ConsentKind.WORK_BASED_LEARNING)
    assert consent.status == ConsentStatus.REVOKED

    # The coordinator who sent the link is told, with the application still waiting.
    (told,) = [m for m in mail.outbox if wbl.counselor.email in m.to]
    assert told.subject == f"Consent withdrawn for {wbl.student.full_name}"
    assert "on hold: 1" in told.body
    assert "/wbl/" in told.body

    with pytest.raises(services.WblError, match="withdrawn"):
        _place(wbl, placement)
    page = _client(wbl.counselor).get(f"/wbl/placements/{placement.pk}/").content.decode()
    assert "✗ Guardian permission for work-based learning (withdrawn)" in page
    assert "Send permission link" in page  # a new permission may be asked for


def test_only_staff_with_the_student_in_scope_may_send_the_link(
    wbl: Wbl, django_capture_on_commit_callbacks: Any
) -> None:
    placement = _applied_with_forms(wbl)
    other_school = SchoolFactory.create().organization
    stranger = UserFactory.create(role="counselor", organization=other_school)
    for user in (stranger, wbl.student_user):
        with django_capture_on_commit_callbacks(execute=True):
            _client(user).post(f"/wbl/placements/{placement.pk}/permission-link/")
    assert not [m for m in mail.outbox if wbl.guardian.email in m.to]
    assert not wbl.student.consent_links.exists()
