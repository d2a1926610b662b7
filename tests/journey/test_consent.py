"""The consent ledger: signed, expiring, one-time links; what a signature records; paper forms;
revocation puts waiting applications on hold and tells the counselor."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.consents import services as consents
from openpathways.consents.models import Consent, ConsentLink
from tests.journey.helpers import REVOKE_LINK, app_in, last_link, mails_to
from tests.journey.world import JourneyWorld

UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"


def _issue(world: JourneyWorld, cb: Any) -> str:
    with cb(execute=True):
        consents.consent_link_issue(actor=world.user(Role.COUNSELOR), student_id=world.student.pk)
    return last_link(world.guardian.email)


def _sign(token: str, **kw: Any) -> consents.Signed:
    values: dict[str, Any] = {
        "typed_name": "Lucia Reyes", "intent": True, "language": "es",
        "disclosure_version": "2026.1", "user_agent": UA, "ip_address": "203.0.113.7",
    }  # fmt: skip
    values.update(kw)
    return consents.consent_sign(token=token, **values)


def test_a_signature_records_text_version_language_name_time_device_and_ip(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    token = _issue(world, django_capture_on_commit_callbacks)
    page = consents.consent_link_open(token=token)
    assert page.guardian_language == "es"
    assert "Seguro Social" in page.disclosure.text("es")
    assert "Social Security" in page.disclosure.text("en")
    before = timezone.now()
    consent = _sign(token).consent
    assert (consent.kind, consent.status, consent.method) == ("dual_enrollment", "granted",
                                                               "electronic")  # fmt: skip
    assert (consent.disclosure_version, consent.language, consent.typed_name) == (
        "2026.1", "es", "Lucia Reyes")  # fmt: skip
    assert consent.device == UA
    assert consent.ip_address == "203.0.113.7"
    assert consent.granted_at >= before
    assert consent.valid_through == dt.date(2028, 6, 30)  # end of high school
    assert consent.guardian == world.guardian


def test_a_link_works_once(world: JourneyWorld, django_capture_on_commit_callbacks: Any) -> None:
    token = _issue(world, django_capture_on_commit_callbacks)
    _sign(token)
    with pytest.raises(consents.ConsentLinkError) as exc:
        _sign(token)
    assert exc.value.code == "used"
    assert Consent.objects.filter(student=world.student).count() == 1


def test_a_tampered_or_foreign_token_is_refused(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    token = _issue(world, django_capture_on_commit_callbacks)
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token + "x", "nonsense", ""):
        with pytest.raises(consents.ConsentLinkError) as exc:
            consents.consent_link_open(token=bad)
        assert exc.value.code == "invalid"
    # A grant token is not a revoke token (different signing salt).
    with pytest.raises(consents.ConsentLinkError):
        consents.consent_link_open(token=token, purpose="revoke")
    # A token re-signed for another row (same key, forged payload) still names the wrong nonce.
    from django.core import signing

    link = ConsentLink.objects.get()
    payload = {"l": link.pk, "n": "0" * 32, "g": link.guardian_id, "s": link.student_id,
               "k": link.kind, "p": "grant"}  # fmt: skip
    salt = consents.SALTS[consents.LinkPurpose.GRANT]
    forged = signing.dumps(payload, salt=salt, compress=True)
    with pytest.raises(consents.ConsentLinkError):
        consents.consent_link_open(token=forged)


def test_an_expired_link_is_refused_by_its_signature_and_by_its_row(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    token = _issue(world, django_capture_on_commit_callbacks)
    monkeypatch.setitem(
        consents.MAX_AGES, consents.LinkPurpose.GRANT, -1
    )  # the signature's max_age has passed
    with pytest.raises(consents.ConsentLinkError) as exc:
        _sign(token)
    assert exc.value.code == "expired"
    monkeypatch.undo()
    ConsentLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(consents.ConsentLinkError) as exc:
        _sign(token)
    assert exc.value.code == "expired"
    assert not Consent.objects.exists()


def test_a_new_link_replaces_the_old_one(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    old = _issue(world, django_capture_on_commit_callbacks)
    new = _issue(world, django_capture_on_commit_callbacks)
    assert old != new
    with pytest.raises(consents.ConsentLinkError) as exc:
        _sign(old)
    assert exc.value.code == "revoked"
    _sign(new)


@pytest.mark.parametrize(
    ("change", "code"),
    [({"intent": False}, "intent"), ({"typed_name": " "}, "typed_name"),
     ({"disclosure_version": "2020.1"}, "version")],
)  # fmt: skip
def test_signing_needs_intent_a_typed_name_and_the_current_text(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any, change: dict[str, Any], code: str
) -> None:
    token = _issue(world, django_capture_on_commit_callbacks)
    with pytest.raises(consents.ConsentError) as exc:
        _sign(token, **change)
    assert exc.value.code == code
    assert not Consent.objects.exists()
    _sign(token)  # the link still works after a refused attempt


def test_revocation_holds_waiting_applications_and_tells_the_counselor(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    token = _issue(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        signed = _sign(token)
    waiting = app_in("recommended", student=world.student, section=world.ccap_section)
    approved = app_in("approved", student=world.student, section=world.ccap_section_2)
    registered = app_in("registered", student=world.student, section=world.open_section,
                        program="special-admit")  # fmt: skip
    adult = app_in("recommended", student=world.student, section=world.adult_section,
                   program="adult-ed")  # fmt: skip
    revoke_token = REVOKE_LINK.search(signed.revoke_url + " ")
    assert revoke_token is not None
    with django_capture_on_commit_callbacks(execute=True):
        consents.consent_revoke_by_link(token=revoke_token.group(1), confirm=True)
    statuses = {a.pk: a.status for a in (waiting, approved, registered, adult)
                for a in [type(a).objects.get(pk=a.pk)]}  # fmt: skip
    assert statuses == {waiting.pk: "held", approved.pk: "held", registered.pk: "registered",
                        adult.pk: "recommended"}  # fmt: skip
    held = type(waiting).objects.get(pk=waiting.pk)
    assert "withdrew consent" in held.decision_reason
    consent = Consent.objects.get()
    assert (consent.status, consent.revocation_method) == ("revoked", "link")
    counselor_mail = [m for m in mails_to("rosa@example.org") if "withdrawn" in m.subject]
    assert counselor_mail
    assert "on hold: 2" in counselor_mail[-1].body
    # Consent given again (a new link) resumes the held applications.
    with django_capture_on_commit_callbacks(execute=True):
        _sign(_issue(world, django_capture_on_commit_callbacks))
    assert type(waiting).objects.get(pk=waiting.pk).status == "consented"
    assert type(waiting).objects.get(pk=approved.pk).status == "consented"


def test_staff_record_a_revocation_the_guardian_asked_for(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    consent = _sign(_issue(world, django_capture_on_commit_callbacks)).consent
    app = app_in("consented", student=world.student, section=world.ccap_section)
    with pytest.raises(consents.ConsentError):
        consents.consent_revoke(actor=world.user(Role.COUNSELOR), consent_id=consent.pk, note="")
    with pytest.raises(consents.PermissionDenied):  # not this counselor's school
        consents.consent_revoke(actor=world.user("other_counselor"), consent_id=consent.pk,
                                note="Phone call.")  # fmt: skip
    consents.consent_revoke(actor=world.user(Role.COUNSELOR), consent_id=consent.pk,
                            note="Mother called on 8/12.")  # fmt: skip
    consent.refresh_from_db()
    assert (consent.status, consent.revocation_method, consent.revoked_by) == (
        "revoked", "staff", world.user(Role.COUNSELOR))  # fmt: skip
    app.refresh_from_db()
    assert app.status == "held"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_paper_form_is_recorded_with_its_scan(
    world: JourneyWorld, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    app = app_in("recommended", student=world.student, section=world.ccap_section)
    with django_capture_on_commit_callbacks(execute=True):
        consent = consents.consent_paper_record(
            actor=world.user(Role.COUNSELOR), student_id=world.student.pk,
            guardian_id=world.guardian.pk, scan=SimpleUploadedFile("form.pdf", PDF),
            signed_on=dt.date(2026, 8, 1),
        )  # fmt: skip
    assert (consent.method, consent.status, consent.recorded_by) == (
        "paper", "granted", world.user(Role.COUNSELOR))  # fmt: skip
    assert consent.scan.read() == PDF
    app.refresh_from_db()
    assert app.status == "consented"
    assert mails_to("rosa@example.org")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("form.txt", b"hello", "PDF, PNG or JPEG"), ("empty.pdf", b"", "empty")],
)
def test_a_scan_that_is_not_a_pdf_or_image_is_refused(
    world: JourneyWorld, media: Any, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(consents.ConsentError, match=message):
        consents.consent_paper_record(
            actor=world.user(Role.COUNSELOR), student_id=world.student.pk,
            guardian_id=world.guardian.pk, scan=SimpleUploadedFile(name, content),
            signed_on=dt.date(2026, 8, 1),
        )  # fmt: skip
    assert not Consent.objects.exists()


def test_only_school_staff_in_scope_send_links(world: JourneyWorld) -> None:
    for who in (Role.STUDENT, Role.COLLEGE_STAFF, "other_counselor"):
        with pytest.raises(consents.PermissionDenied):
            consents.consent_link_issue(actor=world.user(who), student_id=world.student.pk)
    assert not ConsentLink.objects.exists()


def test_the_eligibility_request_reads_the_ledger(world: JourneyWorld) -> None:
    app = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.ccap_section.pk
    ).application
    assert services.eligibility_request_build(app)["student"]["consent"] == "missing"
    Consent.objects.create(
        student=world.student, guardian=world.guardian, kind="dual_enrollment",
        disclosure_version="2026.1", granted_at=timezone.now(), valid_through=dt.date(2028, 6, 30),
        status="revoked", revoked_at=timezone.now(),
    )  # fmt: skip
    assert services.eligibility_request_build(app)["student"]["consent"] == "revoked"


def test_a_quiet_link_for_a_reminder_is_one_time_and_replaces_the_last(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    old = _issue(world, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        issued = consents.consent_link_issue_quiet(
            actor=world.user(Role.COUNSELOR), student_id=world.student.pk,
            guardian_id=world.guardian.pk,
        )  # fmt: skip
    assert len(mail.outbox) == sent  # the caller sends its own message
    assert issued.url.startswith("http://testserver/consent/")
    with pytest.raises(consents.ConsentLinkError):
        _sign(old)
    _sign(issued.token)
    with pytest.raises(consents.PermissionDenied):
        consents.consent_link_issue_quiet(actor=world.user("other_counselor"),
                                          student_id=world.student.pk,
                                          guardian_id=world.guardian.pk)  # fmt: skip
