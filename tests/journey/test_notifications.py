"""Each step notifies the people concerned, in their own language, only after the commit."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.db import transaction

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.consents import services as consents
from openpathways.notifications.models import Notification
from tests.journey.helpers import last_link, mails_to
from tests.journey.world import JourneyWorld


def test_each_recipient_reads_the_step_in_their_language(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_request(
            actor=world.user(Role.STUDENT), section_id=world.ccap_section.pk
        ).application
    # The student prefers Spanish, the counselor English.
    (to_student,) = mails_to("ana@example.org")
    assert to_student.subject == "Recibimos su solicitud para ENGL 101 Composición universitaria"
    assert "Siguiente paso: la recomendación de su consejero." in to_student.body
    (to_counselor,) = mails_to("rosa@example.org")
    assert to_counselor.subject == (
        "Ana Reyes applied to ENGL 101 College Composition: your recommendation is needed"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.application_recommend(actor=world.user(Role.COUNSELOR), application_id=app.pk)
    to_guardian = mails_to("lucia@example.org")[-1]
    assert to_guardian.subject == "Se solicita su consentimiento para Ana"
    assert "no necesita cuenta" in to_guardian.body

    with django_capture_on_commit_callbacks(execute=True):
        consents.consent_sign(token=last_link("lucia@example.org"), typed_name="Lucia Reyes",
                              intent=True, language="es", disclosure_version="2026.1")  # fmt: skip
    to_college = mails_to("college@example.org")
    assert [m.subject for m in to_college] == [
        "Application ready for review: Ana Reyes, ENGL 101 College Composition"
    ]
    assert mails_to("rosa@example.org")[-1].subject == "Consent on file for Ana Reyes"

    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk)
        services.application_register(actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk)
    assert mails_to("ana@example.org")[-1].subject == (
        "Está inscrito en ENGL 101 Composición universitaria"
    )
    assert mails_to("lucia@example.org")[-1].subject == (
        "Ana Reyes está inscrito en un curso universitario"
    )
    logged = Notification.objects.filter(application_id=app.pk, recipient_kind="guardian").get()
    assert (logged.language, logged.status, logged.email) == ("es", "sent", "lucia@example.org")


def test_nothing_is_sent_before_the_commit_or_after_a_rollback(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_request(
            actor=world.user(Role.STUDENT), section_id=world.ccap_section.pk
        )
        assert mail.outbox == []  # still inside the transaction
    assert callbacks  # queued for the commit
    assert mail.outbox == []

    class BoomError(Exception):
        pass

    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            services.application_request(actor=world.user(Role.STUDENT),
                                         section_id=world.open_section.pk)  # fmt: skip
            raise BoomError
    except BoomError:
        pass
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_denial_tells_the_student_why_in_spanish(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    world.student.grade = 10
    world.student.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_request(actor=world.user(Role.STUDENT),
                                     section_id=world.adult_section.pk)  # fmt: skip
    denial = mails_to("ana@example.org")[-1]
    assert denial.subject == "Su solicitud para CNA 1 Nursing Assistant no fue aprobada"
    assert "Motivo:" in denial.body
    assert "EC 52500.1" in denial.body
    counselor = mails_to("rosa@example.org")[-1]
    assert counselor.subject.startswith("Application denied: Ana Reyes")
    assert "Reason:" in counselor.body


def test_the_link_email_names_what_the_guardian_consents_to(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        consents.consent_link_issue(actor=world.user(Role.COUNSELOR), student_id=world.student.pk,
                                    kind="adult_ed")  # fmt: skip
    (invite,) = mails_to("lucia@example.org")
    assert "Ana quiere tomar clases técnicas de educación para adultos" in invite.body
    assert "/consent/" in invite.body
