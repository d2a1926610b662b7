"""Seat answers racing with the application's own closes (withdraw, deny) on the same seat: no
deadlock, no lost or doubled seat, and the application always ends in the status its seat says."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from openpathways.accounts.models import Role
from openpathways.applications import services as app_services
from openpathways.applications.models import Application
from openpathways.seats import services
from openpathways.seats.models import Offer
from tests.factories import UserFactory
from tests.seats.conftest import apply, make_scenario
from tests.seats.test_concurrency import _assert_consistent, _storm, _students

ON_POSTGRES = connection.vendor == "postgresql"


def _refusable(fn: Callable[[], Any]) -> Callable[[], Any]:
    """A refusal the user would see (the application moved meanwhile) is not a fault."""

    def job() -> Any:
        try:
            return fn()
        except app_services.TransitionNotAllowed:
            return None

    return job


def _race(n_students: int, workers: int, seed: int) -> None:
    sc = make_scenario([n_students // 2, n_students // 2])
    a, b = sc.sections
    rng = random.Random(seed)
    students = _students(n_students, sc.school)
    for s in students:
        apply(s, rng.sample([a, b], k=2))
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap", organization_id=sc.college.pk,
        seed=seed,
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    counselor = UserFactory(role=Role.COUNSELOR, organization=sc.school)
    jobs: list[Callable[[], Any]] = []
    for offer in Offer.objects.filter(run=run):
        app = Application.objects.get(student_id=offer.student_id, section_id=offer.section_id)
        answer = rng.choice([services.offer_accept, services.offer_decline])
        jobs.append(lambda fn=answer, pk=offer.pk: fn(actor=sc.coordinator, offer_id=pk))
        jobs.append(
            _refusable(
                lambda pk=app.pk: app_services.application_withdraw(
                    actor=counselor, application_id=pk, reason="Changed plans."
                )
            )
        )
    rng.shuffle(jobs)
    assert _storm(jobs, workers=workers) == []
    _assert_consistent()
    # every seat held matches an application that is live; every closed one holds no seat
    for offer in Offer.objects.filter(status__in=("offered", "accepted")):
        app = Application.objects.get(student_id=offer.student_id, section_id=offer.section_id)
        assert app.status == ("registered" if offer.status == "accepted" else "approved")
    for app in Application.objects.filter(status__in=("withdrawn", "dropped")):
        assert not Offer.objects.filter(
            student_id=app.student_id, section_id=app.section_id,
            status__in=("offered", "accepted"),
        ).exists()  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_answers_racing_with_withdrawals_on_postgres() -> None:
    assert ON_POSTGRES
    _race(n_students=80, workers=30, seed=7)


@pytest.mark.django_db(transaction=True)
def test_answers_racing_with_withdrawals_small() -> None:
    _race(n_students=12, workers=6, seed=8)
