"""The seat pages: coordinators configure, run, review and publish; students and parents see
their results, explanation and waitlist place in English and Spanish, and answer offers."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from openpathways.seats.models import AllocationRun, Offer, WaitlistEntry
from openpathways.seats.tiers import EXAMPLE_TIERS
from tests.factories import CollegeFactory, StudentFactory, StudentGuardianFactory, UserFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def _client(user, lang="en"):
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


@pytest.fixture
def published():
    sc = make_scenario([1])
    (a,) = sc.sections
    senior = StudentFactory(grade=12, school=sc.school, first_name="Sofia")
    junior = StudentFactory(grade=11, school=sc.school, first_name="Mateo")
    apply(senior, [a])
    apply(junior, [a])
    c = _client(sc.coordinator)
    response = c.post(
        reverse("web:seats_runs"),
        {"term": sc.term.pk, "program": "ccap", "seed": "42", "offer_days": "7",
         "tiers": json.dumps([EXAMPLE_TIERS[0]])},
    )  # fmt: skip
    run = AllocationRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:seats_run_detail", args=[run.pk])
    assert c.post(reverse("web:seats_run_execute", args=[run.pk])).status_code == 302
    page = c.get(reverse("web:seats_run_detail", args=[run.pk]))
    assert "Placed in your 1st choice" in page.content.decode()
    assert c.post(reverse("web:seats_run_publish", args=[run.pk])).status_code == 302
    return sc, run, senior, junior


def test_coordinator_pages_show_results_and_section_seats(published) -> None:
    sc, run, _senior, _junior = published
    page = _client(sc.coordinator, "es").get(reverse("web:seats_run_detail", args=[run.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Publicada: ofertas enviadas" in html
    assert "estudiantes de último año" in html
    assert "Sin lugar" in html  # the junior's explanation, in Spanish
    listing = _client(sc.coordinator).get(reverse("web:seats_runs"))
    assert run.name in listing.content.decode()


def test_bad_tiers_are_shown_back_with_the_error(published) -> None:
    sc, *_ = published
    response = _client(sc.coordinator).post(
        reverse("web:seats_runs"),
        {"term": sc.term.pk, "program": "ccap", "offer_days": "7", "tiers": "[{"},
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.SCHOOL_ADMIN, Role.ANALYST, Role.STUDENT])
def test_non_coordinators_cannot_open_the_run_pages(published, role) -> None:
    sc, run, *_ = published
    c = _client(UserFactory(role=role, organization=sc.school))
    assert c.get(reverse("web:seats_runs")).status_code == 403
    assert c.post(reverse("web:seats_run_publish", args=[run.pk])).status_code == 403


def test_staff_of_another_college_do_not_see_the_run(published) -> None:
    _, run, *_ = published
    c = _client(UserFactory(role=Role.COLLEGE_STAFF, organization=CollegeFactory()))
    assert c.get(reverse("web:seats_run_detail", args=[run.pk])).status_code == 404
    assert run.name not in c.get(reverse("web:seats_runs")).content.decode()


def test_student_sees_offer_and_accepts_it(published) -> None:
    _, _, senior, _ = published
    user = UserFactory(role=Role.STUDENT, student=senior)
    c = _client(user)
    page = c.get(reverse("web:seats_mine")).content.decode()
    assert "Accept the seat" in page
    assert "Placed in your 1st choice" in page
    offer = Offer.objects.get(student=senior)
    response = c.post(reverse("web:seats_offer_action", args=[offer.pk, "accept"]))
    assert response.status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == "accepted"
    assert AuditEvent.objects.filter(action="seats.offer_accepted", actor=user).exists()


def test_another_student_cannot_answer_the_offer(published) -> None:
    _, _, senior, junior = published
    offer = Offer.objects.get(student=senior)
    c = _client(UserFactory(role=Role.STUDENT, student=junior))
    response = c.post(reverse("web:seats_offer_action", args=[offer.pk, "decline"]))
    assert response.status_code == 404
    assert Offer.objects.get(pk=offer.pk).status == "offered"


def test_parent_sees_waitlist_place_and_explanation_in_spanish(published) -> None:
    sc, _, _, junior = published
    # adult-education sections are shown to parents; college ones need the student's release
    course = sc.sections[0].course
    course.provider = "adult_ed"
    course.save()
    link = StudentGuardianFactory(student=junior)
    parent = UserFactory(role=Role.GUARDIAN, guardian=link.guardian)
    html = _client(parent, "es").get(reverse("web:seats_mine")).content.decode()
    assert "número 1 en la fila" in html
    assert "Sin lugar" in html
    assert "estudiantes de último año" in html
    assert AuditEvent.objects.filter(
        action="students.viewed", student_id=junior.pk, actor=parent
    ).exists()


def test_parent_without_release_does_not_see_college_results(published) -> None:
    _, _, _, junior = published
    link = StudentGuardianFactory(student=junior)
    parent = UserFactory(role=Role.GUARDIAN, guardian=link.guardian)
    html = _client(parent).get(reverse("web:seats_mine")).content.decode()
    assert "written release" in html
    assert "number 1 in line" not in html
    assert WaitlistEntry.objects.filter(student=junior, status="waiting").exists()


def test_navigation_leads_coordinators_and_students_to_the_seat_pages(published) -> None:
    sc, _, senior, _ = published
    coordinator_home = _client(sc.coordinator).get("/").content.decode()
    assert f'href="{reverse("web:seats_runs")}"' in coordinator_home
    student = _client(UserFactory(role=Role.STUDENT, student=senior), "es")
    assert f'href="{reverse("web:seats_mine")}"' in student.get("/").content.decode()
    counselor = _client(UserFactory(role=Role.COUNSELOR, organization=sc.school))
    assert reverse("web:seats_runs") not in counselor.get("/").content.decode()


def test_section_table_shows_applicants_placed_and_waiting(published) -> None:
    sc, run, _, _ = published
    from openpathways.seats import selectors

    (row,) = selectors.section_seats_list(actor=sc.coordinator, run_id=run.pk)
    assert (row.capacity, row.applicants, row.placed, row.taken, row.waiting) == (1, 2, 1, 1, 1)
