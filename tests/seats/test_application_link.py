"""Seat answers move the application through its own steps (history rows and audit events in
the same transaction), and a closed application frees its seat at once."""

from __future__ import annotations

import pytest

from openpathways.accounts.models import Role
from openpathways.applications import services as app_services
from openpathways.applications.models import Application
from openpathways.audit.models import AuditEvent
from openpathways.seats import selectors, services
from openpathways.seats.models import Offer, SeatCounter, WaitlistEntry
from openpathways.seats.tiers import EXAMPLE_TIERS
from tests.factories import StudentFactory, UserFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def _published_one_seat():
    """One seat, a senior placed and a junior on the waitlist."""
    sc = make_scenario([1])
    (a,) = sc.sections
    senior = StudentFactory(grade=12, school=sc.school)
    junior = StudentFactory(grade=11, school=sc.school)
    apply(senior, [a])
    apply(junior, [a])
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap", organization_id=sc.college.pk,
        seed=5, tiers=[EXAMPLE_TIERS[0]],
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    offer = Offer.objects.get(student=senior, section=a)
    return sc, a, senior, junior, offer


def _app(student, section):
    return Application.objects.filter(student=student, section=section).latest("pk")


def _last_event(app):
    return app.events.order_by("-pk").first()


def test_accepting_registers_the_application_and_dropping_drops_it() -> None:
    _sc, a, senior, junior, offer = _published_one_seat()
    user = UserFactory(role=Role.STUDENT, student=senior)
    services.offer_accept(actor=user, offer_id=offer.pk)
    app = _app(senior, a)
    assert app.status == "registered"
    event = _last_event(app)
    assert (event.from_status, event.to_status, event.verb, event.actor_role) == (
        "approved", "registered", "seat_accepted", "system",
    )  # fmt: skip
    assert "Seat accepted" in event.note
    assert "the student" in event.note
    assert AuditEvent.objects.filter(action="applications.seat_accepted", object_id=str(app.pk))
    assert AuditEvent.objects.filter(action="seats.offer_accepted", actor=user).exists()

    services.seat_drop(actor=user, offer_id=offer.pk)
    app.refresh_from_db()
    assert app.status == "dropped"
    assert _last_event(app).verb == "seat_dropped"
    # the seat went to the junior at once
    assert Offer.objects.get(student=junior, section=a).status == "offered"
    assert SeatCounter.objects.get(section=a).taken == 1
    assert selectors.seat_conservation_errors() == []


def test_declining_withdraws_the_application() -> None:
    sc, a, senior, junior, offer = _published_one_seat()
    services.offer_decline(actor=sc.coordinator, offer_id=offer.pk)
    app = _app(senior, a)
    assert app.status == "withdrawn"
    assert _last_event(app).verb == "seat_declined"
    assert Offer.objects.get(student=junior, section=a).status == "offered"
    # the junior's application stays approved while the offer waits for an answer
    assert _app(junior, a).status == "approved"


def test_a_seat_answer_and_the_application_roll_back_together() -> None:
    sc, a, senior, _junior, offer = _published_one_seat()
    app = _app(senior, a)
    app.status = "held"  # consent revoked meanwhile: the seat cannot be accepted
    app.save()
    with pytest.raises(services.SeatError):
        services.offer_accept(actor=sc.coordinator, offer_id=offer.pk)
    assert Offer.objects.get(pk=offer.pk).status == "offered"
    assert _app(senior, a).status == "held"


def test_withdrawing_the_application_frees_the_seat_at_once() -> None:
    _sc, a, senior, junior, offer = _published_one_seat()
    student_user = UserFactory(role=Role.STUDENT, student=senior)
    app_services.application_withdraw(
        actor=student_user, application_id=_app(senior, a).pk, reason="Changed my mind."
    )
    # no daily job needed: the seat is released and offered to the next in line now
    assert Offer.objects.get(pk=offer.pk).status == "dropped"
    assert Offer.objects.get(student=junior, section=a).status == "offered"
    assert SeatCounter.objects.get(section=a).taken == 1
    assert services.seats_release_closed() == (0, 0)
    assert AuditEvent.objects.filter(action="seats.seat_dropped", object_id=str(offer.pk)).exists()


def test_a_denied_application_leaves_the_waitlist_at_once() -> None:
    sc, a, _senior, junior, _offer = _published_one_seat()
    assert WaitlistEntry.objects.filter(student=junior, status="waiting").exists()
    app_services.application_deny(
        actor=sc.coordinator, application_id=_app(junior, a).pk, reason="Prerequisite missing."
    )
    assert not WaitlistEntry.objects.filter(student=junior, status="waiting").exists()


def test_claiming_an_open_seat_registers_the_application() -> None:
    sc = make_scenario([2])
    (a,) = sc.sections
    student = StudentFactory(grade=11, school=sc.school)
    apply(student, [a])
    result = services.seat_claim(actor=sc.coordinator, student_id=student.pk, section_id=a.pk)
    assert result.offer is not None
    assert result.offer.status == "accepted"
    assert _app(student, a).status == "registered"
    # a registered application holds its seat: claiming again returns the same seat
    again = services.seat_claim(actor=sc.coordinator, student_id=student.pk, section_id=a.pk)
    assert again.offer is not None
    assert again.offer.pk == result.offer.pk


def test_accepting_a_higher_choice_drops_the_registered_lower_one() -> None:
    sc = make_scenario([1, 1])
    a, b = sc.sections
    senior = StudentFactory(grade=12, school=sc.school)
    junior = StudentFactory(grade=11, school=sc.school)
    apply(senior, [a])
    apply(junior, [a, b])  # A first: placed in B, waiting for A
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap", organization_id=sc.college.pk,
        seed=5, tiers=[EXAMPLE_TIERS[0]],
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    in_b = Offer.objects.get(student=junior, section=b)
    services.offer_accept(actor=sc.coordinator, offer_id=in_b.pk)
    assert _app(junior, b).status == "registered"
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(student=senior).pk)
    in_a = Offer.objects.get(student=junior, section=a, status="offered")
    services.offer_accept(actor=sc.coordinator, offer_id=in_a.pk)
    assert _app(junior, a).status == "registered"
    assert Offer.objects.get(pk=in_b.pk).status == "released"
    lower = _app(junior, b)
    assert lower.status == "dropped"
    assert lower.events.order_by("-pk").first().verb == "seat_dropped"
    assert selectors.seat_conservation_errors() == []
