"""Students rank their choices (page, API, service) and runs follow that order."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from openpathways.seats import services
from openpathways.seats.models import Placement
from openpathways.seats.tiers import EXAMPLE_TIERS
from tests.factories import SchoolFactory, StudentFactory, UserFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def _client(user, lang="en"):
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


def _run(sc):
    run = services.run_create(
        actor=sc.coordinator, term_id=sc.term.pk, program="ccap", organization_id=sc.college.pk,
        seed=3, tiers=[EXAMPLE_TIERS[0]],
    )  # fmt: skip
    services.run_execute(actor=sc.coordinator, run_id=run.pk)
    return {p.student_id: (p.section_id, p.rank) for p in Placement.objects.filter(run=run)}


def test_reordering_on_the_page_changes_the_placement_as_deferred_acceptance_says() -> None:
    sc = make_scenario([1, 1])
    a, b = sc.sections
    senior = StudentFactory(grade=12, school=sc.school)
    junior = StudentFactory(grade=11, school=sc.school)
    apply(senior, [a, b])  # filed A first, then B
    apply(junior, [a, b])
    # by filing order both want A; the senior has priority there: senior A, junior B (2nd choice)
    assert _run(sc) == {senior.pk: (a.pk, 1), junior.pk: (b.pk, 2)}

    # the senior moves B to the top on the page (no JavaScript: a form per button)
    user = UserFactory(role=Role.STUDENT, student=senior)
    c = _client(user)
    page = c.get(reverse("web:seats_choices")).content.decode()
    assert page.index("CTE 100-S0") < page.index("CTE 101-S1")
    app_b = senior.applications.get(section=b)
    moved = c.post(
        reverse("web:seats_choice_move", args=[app_b.pk]),
        {"direction": "up", "next": reverse("web:seats_choices")},
    )
    assert moved.status_code == 302
    page = c.get(reverse("web:seats_choices")).content.decode()
    assert page.index("CTE 101-S1") < page.index("CTE 100-S0")
    assert AuditEvent.objects.filter(action="seats.choices_ranked", actor=user).exists()

    # now the senior proposes to B and the junior to A: both get their 1st choice
    assert _run(sc) == {senior.pk: (b.pk, 1), junior.pk: (a.pk, 1)}


def test_unranked_applications_follow_the_ranked_ones_in_filing_order() -> None:
    sc = make_scenario([1, 1, 1])
    a, b, c = sc.sections
    student = StudentFactory(grade=11, school=sc.school)
    apps = apply(student, [a, b, c])
    services.choices_rank(
        actor=UserFactory(role=Role.STUDENT, student=student), student_id=student.pk,
        term_id=sc.term.pk, program="ccap", application_ids=[apps[2].pk, apps[0].pk, apps[1].pk],
    )  # fmt: skip
    ranked = services.ranked_applications(student_id=student.pk, term_id=sc.term.pk, program="ccap")
    assert [x.section_id for x in ranked] == [c.pk, a.pk, b.pk]
    # another student fills C first: this one then gets their 2nd choice, A
    rival = StudentFactory(grade=12, school=sc.school)
    apply(rival, [c])
    assert _run(sc)[student.pk] == (a.pk, 2)


def test_the_list_must_name_each_open_application_once() -> None:
    sc = make_scenario([1, 1])
    a, b = sc.sections
    student = StudentFactory(grade=11, school=sc.school)
    apps = apply(student, [a, b])
    actor = UserFactory(role=Role.STUDENT, student=student)
    with pytest.raises(services.SeatError, match="expected"):
        services.choices_rank(
            actor=actor, student_id=student.pk, term_id=sc.term.pk, program="ccap",
            application_ids=[apps[0].pk],
        )  # fmt: skip
    other = StudentFactory(grade=11, school=sc.school)
    with pytest.raises(services.SeatPermissionError):
        services.choices_rank(
            actor=actor, student_id=other.pk, term_id=sc.term.pk, program="ccap",
            application_ids=[],
        )  # fmt: skip


def test_a_counselor_ranks_on_the_students_behalf_in_spanish_and_others_cannot() -> None:
    sc = make_scenario([1, 1])
    a, b = sc.sections
    student = StudentFactory(grade=11, school=sc.school)
    apply(student, [a, b])
    counselor = UserFactory(role=Role.COUNSELOR, organization=sc.school)
    c = _client(counselor, "es")
    url = reverse("web:seats_student_choices", args=[student.pk])
    page = c.get(url).content.decode()
    assert "Ordena tus opciones" in page
    assert "Bajar" in page
    app_a = student.applications.get(section=a)
    c.post(reverse("web:seats_choice_move", args=[app_a.pk]), {"direction": "down", "next": url})
    page = c.get(url).content.decode()
    assert page.index("CTE 101-S1") < page.index("CTE 100-S0")
    stranger = UserFactory(role=Role.COUNSELOR, organization=SchoolFactory().organization)
    assert _client(stranger).get(url).status_code in (403, 404)
    response = _client(stranger).post(
        reverse("web:seats_choice_move", args=[app_a.pk]), {"direction": "up"}
    )
    assert response.status_code == 404


def test_choices_over_the_api() -> None:
    sc = make_scenario([1, 1])
    a, b = sc.sections
    student = StudentFactory(grade=11, school=sc.school)
    apps = apply(student, [a, b])
    c = _client(UserFactory(role=Role.STUDENT, student=student))
    url = f"/api/students/{student.pk}/seat-choices"
    got = c.get(url).json()
    assert [x["section_id"] for x in got[0]["choices"]] == [a.pk, b.pk]
    bad = c.put(
        url, {"term_id": sc.term.pk, "program": "ccap", "application_ids": [apps[1].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 409
    ok = c.put(
        url, {"term_id": sc.term.pk, "program": "ccap",
              "application_ids": [apps[1].pk, apps[0].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert ok.status_code == 200, ok.content
    assert [x["section_id"] for x in ok.json()[0]["choices"]] == [b.pk, a.pk]
    assert [x["rank"] for x in ok.json()[0]["choices"]] == [1, 2]


def test_a_parent_orders_a_childs_choices_and_the_read_is_logged() -> None:
    from tests.factories import StudentGuardianFactory

    sc = make_scenario([1, 1])
    a, b = sc.sections
    student = StudentFactory(grade=11, school=sc.school, first_name="Lucia")
    apply(student, [a, b])
    link = StudentGuardianFactory(student=student)
    parent = UserFactory(role=Role.GUARDIAN, guardian=link.guardian)
    c = _client(parent)
    page = c.get(reverse("web:seats_choices")).content.decode()
    assert "Lucia" in page
    assert AuditEvent.objects.filter(
        action="students.viewed", actor=parent, purpose="seat choices"
    ).exists()
    app_b = student.applications.get(section=b)
    c.post(reverse("web:seats_choice_move", args=[app_b.pk]), {"direction": "up"})
    order = services.ranked_applications(student_id=student.pk, term_id=sc.term.pk, program="ccap")
    assert [x.section_id for x in order] == [b.pk, a.pk]
    # another family's parent cannot
    stranger = UserFactory(role=Role.GUARDIAN, guardian=StudentGuardianFactory().guardian)
    response = _client(stranger).post(
        reverse("web:seats_choice_move", args=[app_b.pk]), {"direction": "down"}
    )
    assert response.status_code == 404
