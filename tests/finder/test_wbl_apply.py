"""A student applies to a published work-based-learning opportunity from the finder's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from openpathways.catalog.models import Opportunity
from openpathways.wbl import services
from openpathways.wbl.models import Placement, PlacementStatus
from tests.factories import SchoolFactory, StudentFactory, UserFactory
from tests.wbl.conftest import Wbl, build_wbl
from tests.wbl.test_services import post_and_publish


@pytest.fixture
def wbl(db: None) -> Wbl:
    return build_wbl()


def _client(user: object, lang: str = "en") -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    c.cookies["django_language"] = lang
    return c


def _apply_form(html: str) -> str | None:
    found = re.search(r'<form method="post" action="(/wbl/finder/\d+/apply/)">', html)
    return found.group(1) if found else None


def _offer(w: Wbl) -> Opportunity:
    """Publish an internship: the finder offers it at the student's school."""
    post_and_publish(w)
    return Opportunity.objects.get(school=w.school, type="work_based_learning")


def test_student_applies_from_the_finder_in_spanish(wbl: Wbl) -> None:
    offer = _offer(wbl)
    student = _client(wbl.student_user, "es")
    page = student.get(f"/finder/{offer.pk}/").content.decode()
    assert "Clinic intern" in page
    action = _apply_form(page)
    assert action == f"/wbl/finder/{offer.pk}/apply/"
    assert ">Solicitar</button>" in page

    done = student.post(action, follow=True)
    assert done.redirect_chain[-1][0] == "/wbl/"
    assert "Enviaste tu solicitud" in done.content.decode()
    placement = Placement.objects.get(student=wbl.student)
    assert (placement.status, placement.opportunity_id) == (
        PlacementStatus.APPLIED,
        offer.wbl_opportunity_id,
    )
    # The coordinator finds it among the applications to place.
    assert "Applications to place" in _client(wbl.counselor).get("/wbl/").content.decode()

    again = student.post(action, follow=True)
    assert "Ya hiciste la solicitud." in again.content.decode()
    assert Placement.objects.filter(student=wbl.student).count() == 1


def test_student_reads_the_apply_button_in_english(wbl: Wbl) -> None:
    offer = _offer(wbl)
    page = _client(wbl.student_user).get(f"/finder/{offer.pk}/").content.decode()
    assert _apply_form(page) is not None
    assert ">Apply</button>" in page


def test_only_signed_in_students_see_the_apply_button(wbl: Wbl) -> None:
    offer = _offer(wbl)
    anonymous = Client().get(f"/finder/{offer.pk}/").content.decode()
    assert _apply_form(anonymous) is None
    assert f'href="/accounts/login/?next=/finder/{offer.pk}/">Sign in</a>' in anonymous
    for user in (wbl.counselor, wbl.guardian_user, wbl.employer_user):
        assert _apply_form(_client(user).get(f"/finder/{offer.pk}/").content.decode()) is None
    # Posting anyway changes nothing.
    _client(wbl.counselor).post(f"/wbl/finder/{offer.pk}/apply/")
    assert not Placement.objects.exists()


def test_a_student_of_another_school_is_told_and_nothing_is_recorded(wbl: Wbl) -> None:
    offer = _offer(wbl)
    elsewhere = StudentFactory.create(school=SchoolFactory.create().organization, grade=11)
    user = UserFactory.create(role="student", student=elsewhere)
    done = _client(user).post(f"/wbl/finder/{offer.pk}/apply/", follow=True)
    assert done.redirect_chain[-1][0] == f"/finder/{offer.pk}/"
    assert "not offered at your school" in done.content.decode()
    assert not Placement.objects.exists()


def test_a_closed_opportunity_cannot_be_applied_to(wbl: Wbl) -> None:
    offer = _offer(wbl)
    assert offer.wbl_opportunity_id is not None
    services.wbl_opportunity_close(
        actor=wbl.admin, opportunity_id=offer.wbl_opportunity_id, reason="filled"
    )
    student = _client(wbl.student_user)
    assert student.get(f"/finder/{offer.pk}/").status_code == 404
    assert student.post(f"/wbl/finder/{offer.pk}/apply/").status_code == 404
    assert not Placement.objects.exists()
