"""A repeated submission returns the existing application; nothing is half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.applications.models import Application, ApplicationEvent
from openpathways.audit.models import AuditEvent
from tests.journey.world import JourneyWorld


def test_the_same_idempotency_key_returns_the_same_application(world: JourneyWorld) -> None:
    student = world.user(Role.STUDENT)
    first = services.application_request(actor=student, section_id=world.ccap_section.pk,
                                          idempotency_key="k-1")  # fmt: skip
    again = services.application_request(actor=student, section_id=world.ccap_section.pk,
                                          idempotency_key="k-1")  # fmt: skip
    assert first.created
    assert not again.created
    assert again.application.pk == first.application.pk
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.filter(to_status="requested").count() == 1


def test_the_same_student_and_section_while_open_returns_the_open_application(
    world: JourneyWorld,
) -> None:
    by_student = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.ccap_section.pk
    )
    by_counselor = services.application_request(
        actor=world.user(Role.COUNSELOR), section_id=world.ccap_section.pk,
        student_id=world.student.pk, idempotency_key="other-key",
    )  # fmt: skip
    assert not by_counselor.created
    assert by_counselor.application.pk == by_student.application.pk
    # Once withdrawn, the student may apply again: a new application.
    services.application_withdraw(actor=world.user(Role.STUDENT),
                                  application_id=by_student.application.pk)  # fmt: skip
    again = services.application_request(actor=world.user(Role.STUDENT),
                                          section_id=world.ccap_section.pk)  # fmt: skip
    assert again.created
    assert Application.objects.filter(student=world.student).count() == 2


def test_a_failure_midway_leaves_nothing_written_and_sends_nothing(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    # The agreement names a rule pack that does not exist: the eligibility check fails after
    # the application, its first event and its audit event were written.
    world.agreement.rule_pack = "no-such-pack"
    world.agreement.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(LookupError):
        services.application_request(actor=world.user(Role.STUDENT),
                                     section_id=world.ccap_section.pk)  # fmt: skip
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="applications.").exists()
    assert mail.outbox == []


def test_a_closed_section_or_another_students_application_is_refused(world: JourneyWorld) -> None:
    world.ccap_section.status = "closed"
    world.ccap_section.save()
    with pytest.raises(services.ApplicationError):
        services.application_request(actor=world.user(Role.STUDENT),
                                     section_id=world.ccap_section.pk)  # fmt: skip
    with pytest.raises(services.TransitionNotAllowed):
        services.application_request(actor=world.user(Role.STUDENT),
                                     section_id=world.open_section.pk,
                                     student_id=world.other_student.pk)  # fmt: skip
    with pytest.raises(services.TransitionNotAllowed):
        services.application_request(actor=world.user(Role.COLLEGE_STAFF),
                                     section_id=world.open_section.pk,
                                     student_id=world.student.pk)  # fmt: skip
    assert not Application.objects.exists()
