"""Offers and waitlists after publication: promotion when a seat frees, expiry, claims."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.utils import timezone

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from openpathways.cli.main import cli
from openpathways.seats import selectors, services
from openpathways.seats.models import Offer, OfferStatus, SeatCounter, WaitlistEntry
from openpathways.seats.tiers import EXAMPLE_TIERS
from tests.factories import StudentFactory, StudentGuardianFactory, UserFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def _published(capacities, n_students, *, choices=None):
    """A published run: students ranked in creation order; returns (scenario, run, students)."""
    sc = make_scenario(capacities)
    students = [StudentFactory(grade=11, school=sc.school) for _ in range(n_students)]
    for i, s in enumerate(students):
        apply(s, choices(i, sc.sections) if choices else sc.sections)
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap",
        organization_id=sc.college.pk, seed=11, tiers=[EXAMPLE_TIERS[0]],
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    services.run_publish(actor=sc.coordinator, run_id=run.pk)
    return sc, run, students


def _waiting(section):
    return list(
        WaitlistEntry.objects.filter(section=section, status="waiting")
        .order_by("position")
        .values_list("student_id", flat=True)
    )


def _taken(section):
    return SeatCounter.objects.get(section=section).taken


def test_decline_promotes_the_head_of_the_waitlist() -> None:
    sc, _run, _students = _published([2], 5)
    (a,) = sc.sections
    head, second = _waiting(a)[:2]
    offer = Offer.objects.filter(section=a, status="offered").first()
    services.offer_decline(actor=sc.coordinator, offer_id=offer.pk)
    promoted = Offer.objects.get(student_id=head, section=a, status="offered")
    assert promoted.source == "waitlist"
    assert promoted.deadline > timezone.now()
    assert _waiting(a)[0] == second
    assert _taken(a) == 2
    assert selectors.seat_conservation_errors() == []
    assert AuditEvent.objects.filter(action="seats.offer_declined").count() == 1
    assert AuditEvent.objects.filter(action="seats.promoted", student_id=head).count() == 1
    # declining again changes nothing
    services.offer_decline(actor=sc.coordinator, offer_id=offer.pk)
    assert _taken(a) == 2


def test_drop_after_accept_frees_the_seat_for_the_next_student() -> None:
    sc, _run, _students = _published([1], 3)
    (a,) = sc.sections
    offer = Offer.objects.get(section=a, status="offered")
    services.offer_accept(actor=sc.coordinator, offer_id=offer.pk)
    head = _waiting(a)[0]
    services.seat_drop(actor=sc.coordinator, offer_id=offer.pk)
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DROPPED
    assert Offer.objects.get(student_id=head, section=a).status == OfferStatus.OFFERED
    assert selectors.seat_conservation_errors() == []


def test_expire_offers_command_is_idempotent() -> None:
    sc, _run, _students = _published([1], 3)
    (a,) = sc.sections
    offer = Offer.objects.get(section=a, status="offered")
    later = timezone.now() + dt.timedelta(days=8)
    assert services.offers_expire(now=later) == 1
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.EXPIRED
    promoted = Offer.objects.get(section=a, status="offered")
    assert promoted.deadline > later
    assert services.offers_expire(now=later) == 0
    runner = CliRunner()
    result = runner.invoke(cli, ["seats", "runs", "expire-offers"])
    assert result.exit_code == 0, result.output
    assert "0 offers expired" in result.output
    assert selectors.seat_conservation_errors() == []


def test_accepting_a_higher_choice_releases_the_lower_seat_to_its_waitlist() -> None:
    # 3 students rank A then B; A has 1 seat, B 1 seat: one in A, one in B, one waiting for both.
    sc, _run, students = _published([1, 1], 3)
    a, b = sc.sections
    in_a = Offer.objects.get(section=a).student_id
    in_b = Offer.objects.get(section=b).student_id
    (waiting,) = {s.pk for s in students} - {in_a, in_b}
    assert _waiting(a) == [in_b, waiting]  # lottery order among same-tier students
    # the A seat frees: the B student gets the offer for A, accepts, B goes to the last student
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(section=a).pk)
    promoted = Offer.objects.get(section=a, student_id=in_b, status="offered")
    services.offer_accept(actor=sc.coordinator, offer_id=promoted.pk)
    assert Offer.objects.get(section=b, student_id=in_b).status == OfferStatus.RELEASED
    assert Offer.objects.get(section=b, student_id=waiting, status="offered")
    assert _taken(a) == 1
    assert _taken(b) == 1
    assert selectors.seat_conservation_errors() == []


def test_an_expired_offer_cannot_be_accepted() -> None:
    sc, _run, _students = _published([1], 1)
    offer = Offer.objects.get()
    with pytest.raises(services.SeatError, match="deadline"):
        services.offer_accept(
            actor=sc.coordinator, offer_id=offer.pk, now=timezone.now() + dt.timedelta(days=30)
        )


def test_students_and_guardians_act_on_their_own_offers_only() -> None:
    sc, _run, students = _published([1], 2)
    offer = Offer.objects.get()
    owner = UserFactory(role=Role.STUDENT, student=offer.student)
    other = UserFactory(role=Role.STUDENT, student=next(s for s in students if s != offer.student))
    link = StudentGuardianFactory(student=offer.student)
    parent = UserFactory(role=Role.GUARDIAN, guardian=link.guardian)
    counselor = UserFactory(role=Role.COUNSELOR, organization=sc.school)
    for actor in (other, counselor):
        with pytest.raises(services.SeatPermissionError):
            services.offer_accept(actor=actor, offer_id=offer.pk)
    services.offer_accept(actor=parent, offer_id=offer.pk)
    services.seat_drop(actor=owner, offer_id=offer.pk)
    assert AuditEvent.objects.filter(action="seats.offer_accepted", actor=parent).exists()


def test_claim_takes_a_free_seat_then_joins_the_waitlist() -> None:
    sc, _run, _students = _published([3], 2)
    (a,) = sc.sections
    late = [StudentFactory(school=sc.school) for _ in range(3)]
    for s in late:
        apply(s, [a])
    first = services.seat_claim(actor=sc.coordinator, student_id=late[0].pk, section_id=a.pk)
    assert first.offer is not None
    assert first.offer.status == "accepted"
    again = services.seat_claim(actor=sc.coordinator, student_id=late[0].pk, section_id=a.pk)
    assert again.offer == first.offer
    second = services.seat_claim(actor=sc.coordinator, student_id=late[1].pk, section_id=a.pk)
    third = services.seat_claim(actor=sc.coordinator, student_id=late[2].pk, section_id=a.pk)
    assert second.offer is None
    assert third.offer is None
    assert _waiting(a) == [late[1].pk, late[2].pk]
    assert _taken(a) == 3
    with pytest.raises(services.SeatError, match="approved application"):
        services.seat_claim(actor=sc.coordinator, student_id=StudentFactory().pk, section_id=a.pk)


def test_student_sees_result_explanation_and_waitlist_place_in_spanish() -> None:
    sc, _run, _students = _published([1], 3)
    (a,) = sc.sections
    third = _waiting(a)[1]
    user = UserFactory(role=Role.STUDENT, student_id=third)
    seats = selectors.student_seats_get(actor=user, student_id=third, lang="es")
    assert seats.waitlist[0].place == 2
    assert seats.placements[0].explanation.startswith("Sin lugar")
    assert AuditEvent.objects.filter(
        action="students.viewed", student_id=third, purpose="seat results"
    ).exists()
    services.offer_decline(actor=sc.coordinator, offer_id=Offer.objects.get(section=a).pk)
    seats = selectors.student_seats_get(actor=user, student_id=third, lang="en")
    assert seats.waitlist[0].place == 1


def test_withdrawn_applications_give_their_seat_and_place_back() -> None:
    from openpathways.applications.models import Application

    sc, _run, _students = _published([1], 5)
    (a,) = sc.sections
    holder = Offer.objects.get(section=a).student_id
    first, second, third, fourth = _waiting(a)
    # a student further down withdraws: their place is removed
    Application.objects.filter(student_id=fourth, section=a).update(status="withdrawn")
    # the head of the waitlist withdraws: skipped when the seat frees
    Application.objects.filter(student_id=first, section=a).update(status="withdrawn")
    # the seat holder withdraws: the expiry job releases the seat to the next open application
    Application.objects.filter(student_id=holder, section=a).update(status="withdrawn")
    result = CliRunner().invoke(cli, ["seats", "runs", "expire-offers"])
    assert result.exit_code == 0, result.output
    assert "1 seats and 1 waitlist places of closed applications released" in result.output
    assert Offer.objects.get(student_id=holder, section=a).status == OfferStatus.DROPPED
    assert Offer.objects.get(section=a, status="offered").student_id == second
    assert _waiting(a) == [third]
    assert services.seats_release_closed() == (0, 0)
    assert selectors.seat_conservation_errors() == []
