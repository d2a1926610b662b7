"""Promotions from the waitlists of a multi-seat run keep the run's limits: a student whose new
seat would clash in time, exceed the unit cap or the section limit is skipped (keeping their
place, with the reason recorded) and the seat goes to the next student."""

from __future__ import annotations

import datetime as dt

import pytest

from openpathways.audit.models import AuditEvent
from openpathways.seats import selectors, services
from openpathways.seats.models import Offer, WaitlistEntry
from tests.factories import SchoolFactory, StudentFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db

TIERS = [
    {"name": "seniors", "label": {"en": "seniors", "es": "estudiantes de último año"},
     "conditions": [{"fact": "grade", "op": "gte", "value": 12}]},
    {"name": "host", "label": {"en": "host school", "es": "escuela sede"},
     "conditions": [{"fact": "host_school", "op": "is", "value": True}]},
]  # fmt: skip


def _meets(section, days, start, end, units):
    section.meeting_days, section.start_time, section.end_time = (
        days,
        dt.time(*start),
        dt.time(*end),
    )
    section.save()
    section.course.units = units
    section.course.save()


def _setup(*, unit_cap=None, clash=True):
    sc = make_scenario([1, 1])
    a, b = sc.sections
    _meets(a, "MW", (9, 0), (10, 0), 4)
    if clash:
        _meets(b, "MW", (9, 30), (10, 30), 4)
    else:
        _meets(b, "TTh", (9, 0), (10, 0), 4)
    senior = StudentFactory(grade=12, school=sc.school)  # tier 1
    host = StudentFactory(grade=11, school=sc.school)  # tier 2: ahead on B's waitlist
    other = StudentFactory(grade=11, school=SchoolFactory().organization)  # everyone else
    apply(senior, [b])
    apply(host, [b, a])
    apply(other, [b])
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap", organization_id=sc.college.pk,
        seed=2, tiers=TIERS, max_sections=2, unit_cap=unit_cap,
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    return sc, a, b, senior, host, other


def test_a_promotion_that_would_clash_in_time_goes_to_the_next_student() -> None:
    sc, a, b, senior, host, other = _setup()
    assert Offer.objects.get(student=host, status="offered").section_id == a.pk
    waiting = WaitlistEntry.objects.filter(section=b, status="waiting").order_by("position")
    assert [e.student_id for e in waiting] == [host.pk, other.pk]
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(student=senior).pk)
    # the host-school student holds A, which meets at the same time as B: skipped
    assert Offer.objects.get(student=other, section=b).status == "offered"
    assert not Offer.objects.filter(student=host, section=b).exists()
    entry = WaitlistEntry.objects.get(student=host, section=b)
    assert entry.status == "waiting"
    assert entry.skipped["code"] == "time_conflict"
    assert entry.skipped["params"]["conflict_section"] == "CTE 100-S0"
    event = AuditEvent.objects.get(action="seats.promotion_skipped")
    assert event.details["code"] == "time_conflict"
    assert event.student_id == host.pk
    assert selectors.seat_conservation_errors() == []


def test_a_promotion_over_the_unit_cap_is_skipped() -> None:
    sc, _a, b, senior, host, other = _setup(unit_cap=6, clash=False)
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(student=senior).pk)
    assert Offer.objects.get(student=other, section=b).status == "offered"
    entry = WaitlistEntry.objects.get(student=host, section=b)
    assert entry.skipped["code"] == "unit_cap"
    assert entry.skipped["params"]["unit_cap"] == "6.0"


def test_without_a_conflict_the_head_of_the_line_is_promoted() -> None:
    sc, _a, b, senior, host, other = _setup(clash=False)
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(student=senior).pk)
    assert Offer.objects.get(student=host, section=b).status == "offered"
    assert not Offer.objects.filter(student=other, section=b).exists()


def test_the_student_reads_why_they_were_skipped_in_spanish() -> None:
    from django.test import Client

    from openpathways.accounts.models import Role
    from tests.factories import UserFactory

    sc, _a, _b, senior, host, _other = _setup()
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(student=senior).pk)
    c = Client()
    c.force_login(UserFactory(role=Role.STUDENT, student=host))
    c.cookies["django_language"] = "es"
    page = c.get("/seats/").content.decode()
    assert "se reúne a la misma hora que CTE 100-S0" in page
    assert "Conservas tu puesto en la fila" in page
