"""Two identical submissions at the same moment make one application (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.applications.models import Application
from tests.journey.world import build_journey_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_double_submission_at_the_same_moment_makes_one_application(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_journey_world()
    student = world.user(Role.STUDENT)
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def submit(key: str) -> None:
        try:
            barrier.wait()
            results.append(services.application_request(
                actor=student, section_id=world.ccap_section.pk, idempotency_key=key
            ))  # fmt: skip
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(k,)) for k in ("tab-1", "tab-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert len({r.application.pk for r in results}) == 1
    assert Application.objects.count() == 1
