"""Runs that give several sections per student: within the unit cap, the section limit and
without time conflicts, with explanations for each section not given."""

from __future__ import annotations

import datetime as dt

import pytest

from openpathways.seats import selectors, services
from openpathways.seats.models import Offer, Placement
from tests.factories import StudentFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def _meets(section, days, start, end, units):
    section.meeting_days = days
    section.start_time = dt.time(*start)
    section.end_time = dt.time(*end)
    section.save()
    section.course.units = units
    section.course.save()


def _multi(capacities, *, max_sections=3, unit_cap=None):
    sc = make_scenario(capacities)
    a, b, c = sc.sections
    _meets(a, "MW", (9, 0), (10, 0), 3)
    _meets(b, "MW", (9, 30), (10, 30), 3)  # clashes with a
    _meets(c, "TTh", (9, 0), (11, 0), 4)
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap", organization_id=sc.college.pk,
        seed=1, max_sections=max_sections, unit_cap=unit_cap,
    )  # fmt: skip
    return sc, run


def test_a_student_gets_several_sections_without_time_conflicts() -> None:
    sc, run = _multi([2, 2, 2])
    a, b, c = sc.sections
    student = StudentFactory(school=sc.school)
    apply(student, [a, b, c])
    assert run.unit_cap == 15  # CCAP: 15 units per term (EC 76004)
    run = services.run_execute(actor=sc.coordinator, run_id=run.pk)
    placement = Placement.objects.get(run=run, student=student)
    assert [s["section_id"] for s in placement.seats] == [a.pk, c.pk]
    text = selectors.run_results(actor=sc.coordinator, run_id=run.pk).rows[0].explanation
    assert text.startswith("Placed in your 1st choice, CTE 100-S0. Also placed in your 3rd choice")
    assert "meets at the same time as CTE 100-S0" in text
    assert run.summary["seats"] == 2
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    offers = Offer.objects.filter(student=student).order_by("rank")
    assert [o.section_id for o in offers] == [a.pk, c.pk]
    # accepting one seat keeps the other
    services.offer_accept(actor=sc.coordinator, offer_id=offers[1].pk)
    assert Offer.objects.get(pk=offers[0].pk).status == "offered"
    assert selectors.seat_conservation_errors() == []


def _seat_counts(run):
    return sorted(len(p.seats) for p in Placement.objects.filter(run=run))


def test_everyone_gets_a_first_seat_before_anyone_gets_a_second() -> None:
    sc, run = _multi([1, 2, 2], unit_cap=7)
    a, _, c = sc.sections
    for _ in range(2):
        apply(StudentFactory(school=sc.school), [c, a])
    run = services.run_execute(actor=sc.coordinator, run_id=run.pk)
    assert _seat_counts(run) == [1, 2]  # both got c in round 1; one seat of a left for round 2
    texts = [r.explanation for r in selectors.run_results(actor=sc.coordinator, run_id=run.pk).rows]
    assert (
        sum("Also placed in your 2nd choice, CTE 100-S0 (seat round 2)." in t for t in texts) == 1
    )


def test_the_unit_cap_holds_and_is_explained_in_spanish() -> None:
    sc, run = _multi([2, 2, 2], unit_cap=6)
    a, _, c = sc.sections
    apply(StudentFactory(school=sc.school), [c, a])
    run = services.run_execute(actor=sc.coordinator, run_id=run.pk)
    assert _seat_counts(run) == [1]  # c (4 units) + a (3) would be 7 > 6
    (row,) = selectors.run_results(actor=sc.coordinator, run_id=run.pk, lang="es").rows
    assert "sus 3 unidades superarían tu límite de 6" in row.explanation


def test_a_bad_section_limit_is_refused() -> None:
    sc = make_scenario([1])
    with pytest.raises(services.SeatError, match="max_sections 0"):
        services.run_create(
            actor=sc.coordinator, term_id=sc.term.pk, program="ccap",
            organization_id=sc.college.pk, max_sections=0,
        )  # fmt: skip


def test_coordinators_set_the_section_limit_on_the_page() -> None:
    from django.test import Client
    from django.urls import reverse

    from openpathways.seats.models import AllocationRun

    sc = make_scenario([1])
    c = Client()
    c.force_login(sc.coordinator)
    form = {"term": sc.term.pk, "program": "special-admit", "offer_days": "7", "tiers": "[]"}
    bad = c.post(reverse("web:seats_runs"), {**form, "max_sections": "two"})
    assert bad.status_code == 400
    assert "Sections per student: a whole number." in bad.content.decode()
    c.post(reverse("web:seats_runs"), {**form, "max_sections": "2"})
    run = AllocationRun.objects.get()
    assert (run.max_sections, run.unit_cap) == (2, 11)  # special admits: 11 units (EC 76001)
    page = c.get(reverse("web:seats_run_detail", args=[run.pk])).content.decode()
    assert "at most 11.0 units" in page
