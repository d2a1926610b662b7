"""Concurrent claims, accepts, declines, drops and expiries never overbook and never lose a seat.

Each attempt runs in its own thread with its own database connection, all released together by a
barrier. On PostgreSQL (marker `postgres`, DATABASE_URL=postgresql://.../op_seats) the full storm
runs: over 200 attempts at the last seats. On SQLite, where the IMMEDIATE transactions serialise
writers, a smaller one runs against the same code.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from openpathways.applications.models import Application
from openpathways.seats import selectors, services
from openpathways.seats.models import HOLDING, Offer, SeatCounter, WaitlistEntry
from tests.factories import StudentFactory
from tests.seats.conftest import apply, make_scenario

ON_POSTGRES = connection.vendor == "postgresql"


def _storm(jobs: list[Callable[[], Any]], *, workers: int) -> list[BaseException]:
    """Run every job at once (as far as `workers` threads allow); return unexpected errors."""
    barrier = threading.Barrier(min(workers, len(jobs)))
    errors: list[BaseException] = []
    lock = threading.Lock()
    started = threading.local()

    def run(job: Callable[[], Any]) -> None:
        try:
            if not getattr(started, "done", False):
                started.done = True
                barrier.wait(timeout=60)
            job()
        except services.SeatError:
            pass  # a refusal the user would see ("this offer is declined"), not a fault
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, jobs))
    return errors


def _students(n: int, school: Any) -> list[Any]:
    return [StudentFactory(school=school, grade=11) for _ in range(n)]


def _assert_consistent() -> None:
    assert selectors.seat_conservation_errors() == []
    # nobody holds two seats in one section, or holds a seat and waits for it
    holders = set(Offer.objects.filter(status__in=HOLDING).values_list("student_id", "section_id"))
    dup = (
        Offer.objects.filter(status__in=HOLDING)
        .values("student_id", "section_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not dup.exists()
    waiting = list(
        WaitlistEntry.objects.filter(status="waiting").values_list(
            "student_id", "section_id", "position"
        )
    )
    assert not holders & {(s, c) for s, c, _ in waiting}
    for counter in SeatCounter.objects.all():
        positions = [p for _, c, p in waiting if c == counter.section_id]
        assert len(positions) == len(set(positions))
        if counter.taken < counter.capacity:  # a free seat never sits beside a waiting student
            assert positions == []


def _claims(n_students: int, doubles: int, capacity: int, pre_taken: int, workers: int) -> None:
    sc = make_scenario([capacity])
    (section,) = sc.sections
    # the first seats are taken already: the storm is for the last ones
    for s in _students(pre_taken, sc.school):
        apply(s, [section])
        services.seat_claim(actor=sc.coordinator, student_id=s.pk, section_id=section.pk)
    late = _students(n_students, sc.school)
    Application.objects.bulk_create(
        Application(student=s, section=section, term=sc.term, program="ccap", status="approved")
        for s in late
    )
    attempts = [s.pk for s in late] + [s.pk for s in late[:doubles]]
    random.Random(5).shuffle(attempts)
    jobs = [
        (
            lambda pk=pk: services.seat_claim(
                actor=sc.coordinator, student_id=pk, section_id=section.pk
            )
        )
        for pk in attempts
    ]
    assert _storm(jobs, workers=workers) == []
    counter = SeatCounter.objects.get(section=section)
    assert counter.taken == capacity
    late_ids = {s.pk for s in late}
    seated = set(
        Offer.objects.filter(
            section=section, status="accepted", student_id__in=late_ids
        ).values_list("student_id", flat=True)
    )
    assert len(seated) == capacity - pre_taken
    waiting = list(
        WaitlistEntry.objects.filter(section=section, status="waiting")
        .order_by("position")
        .values_list("student_id", flat=True)
    )
    assert len(waiting) == n_students - len(seated)
    assert set(waiting) | seated == late_ids
    _assert_consistent()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_240_concurrent_claims_for_the_last_5_seats_on_postgres() -> None:
    assert ON_POSTGRES
    _claims(n_students=200, doubles=40, capacity=30, pre_taken=25, workers=40)


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_for_the_last_seats_small() -> None:
    _claims(n_students=16, doubles=4, capacity=6, pre_taken=3, workers=6)


def _mixed(n_students: int, capacities: list[int], workers: int, seed: int) -> None:
    sc = make_scenario(capacities)
    students = _students(n_students, sc.school)
    rng = random.Random(seed)
    for s in students:
        apply(s, rng.sample(sc.sections, k=rng.randint(1, len(sc.sections))))
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap",
        organization_id=sc.college.pk, seed=seed,
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    offers = list(Offer.objects.filter(run=run).values_list("pk", flat=True))
    apps = list(
        Application.objects.filter(section__in=sc.sections).values_list("student_id", "section_id")
    )
    jobs: list[Callable[[], Any]] = []
    later = timezone.now() + timezone.timedelta(days=30)
    for pk in offers:
        choice = rng.random()
        if choice < 0.35:
            jobs.append(lambda pk=pk: services.offer_accept(actor=sc.coordinator, offer_id=pk))
        elif choice < 0.6:
            jobs.append(lambda pk=pk: services.offer_decline(actor=sc.coordinator, offer_id=pk))
        else:  # accept then drop, racing with everyone else
            jobs.append(lambda pk=pk: services.offer_accept(actor=sc.coordinator, offer_id=pk))
            jobs.append(lambda pk=pk: services.seat_drop(actor=sc.coordinator, offer_id=pk))
    for student_id, section_id in rng.sample(apps, k=min(len(apps), n_students)):
        jobs.append(
            lambda st=student_id, se=section_id: services.seat_claim(
                actor=sc.coordinator, student_id=st, section_id=se
            )
        )
    jobs.append(lambda: services.offers_expire(now=later))
    jobs.append(lambda: services.offers_expire(now=later))
    rng.shuffle(jobs)
    assert _storm(jobs, workers=workers) == []
    _assert_consistent()
    # promoted offers made during the storm can be answered afterwards, still consistently
    for offer in Offer.objects.filter(status="offered").order_by("pk")[:20]:
        services.offer_decline(actor=sc.coordinator, offer_id=offer.pk)
    services.offers_expire(now=later + timezone.timedelta(days=60))
    _assert_consistent()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mixed_storm_of_accepts_declines_drops_claims_and_expiries_on_postgres() -> None:
    _mixed(n_students=150, capacities=[10, 15, 8, 20], workers=40, seed=3)


@pytest.mark.django_db(transaction=True)
def test_mixed_storm_small() -> None:
    _mixed(n_students=20, capacities=[3, 4], workers=6, seed=4)
