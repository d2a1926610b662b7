"""Who may read a passport, what each reader sees, and that every read is logged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from openpathways.audit.models import AuditEvent
from openpathways.outcomes.passport_pdf import passport_pdf
from openpathways.outcomes.selectors import passport_get
from openpathways.students.access import StudentAccessDenied, StudentNotFound
from tests.outcomes.world import TODAY, World, release_college_records

pytestmark = pytest.mark.django_db


def _reads(world: World, user: Any) -> int:
    return AuditEvent.objects.filter(
        actor=user, student_id=world.senior.pk, action="students.viewed"
    ).count()


def test_student_sees_their_own_full_passport(world: World) -> None:
    view = passport_get(actor=world.senior_user, student_id=world.senior.pk, channel="web",
                        today=TODAY)  # fmt: skip
    p = view.passport
    assert p.units is not None
    assert (p.units.earned, p.units.enrolled, p.units.terms_left) == (9, 3, 1)
    assert p.units.status == "on_track"
    assert p.cci is not None
    assert p.cci.college_credit_level == "Prepared"
    assert p.cci.cte_route_met
    assert p.wbl_hours == Decimal(10)  # the unconfirmed 5 hours are left out
    assert p.elective_credits == Decimal(5)
    assert [a.required_missing for a in p.aa_progress] == [("CHEM 51",)]
    assert p.campaign is not None
    assert p.campaign.financial_aid == "not_started"
    assert _reads(world, world.senior_user) == 1


def test_student_cannot_read_another_students_passport(world: World) -> None:
    with pytest.raises(StudentNotFound):
        passport_get(actor=world.senior_user, student_id=world.junior.pk, channel="web")


def test_parent_without_the_students_release_sees_no_college_records(world: World) -> None:
    p = passport_get(actor=world.senior_parent, student_id=world.senior.pk, channel="web",
                     today=TODAY).passport  # fmt: skip
    assert p.college_records_withheld
    assert p.units is None
    assert p.cci is None
    assert p.college_courses == ()
    assert p.aa_progress == ()
    # what is not a college record still shows
    assert p.wbl_hours == Decimal(10)
    assert [c.title for c in p.certifications] == ["CPR and First Aid"]
    assert "ENGL 101" not in str(p.as_dict())
    assert _reads(world, world.senior_parent) == 1


def test_parent_sees_college_records_once_the_student_releases_them(world: World) -> None:
    release_college_records(world.senior)
    p = passport_get(actor=world.senior_parent, student_id=world.senior.pk, channel="web",
                     today=TODAY).passport  # fmt: skip
    assert not p.college_records_withheld
    assert p.units is not None
    assert p.units.earned == 9
    assert {c.code for c in p.college_courses} == {"ENGL 101", "MATH 227", "HIST 11", "CHEM 51"}


def test_another_parent_is_denied(world: World) -> None:
    with pytest.raises(StudentNotFound):
        passport_get(actor=world.other_parent, student_id=world.senior.pk, channel="web")
    assert _reads(world, world.other_parent) == 0


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("counselor", True),
        ("other_counselor", True),  # same school
        ("school_admin", True),
        ("district_admin", True),
        ("analyst", False),
        ("college_staff", False),
    ],
)
def test_staff_scope(world: World, who: str, allowed: bool) -> None:
    actor = getattr(world, who)
    if allowed:
        view = passport_get(actor=actor, student_id=world.senior.pk, channel="api", today=TODAY)
        assert view.staff
        assert view.passport.units is not None
        assert _reads(world, actor) == 1
    else:
        with pytest.raises(StudentAccessDenied):
            passport_get(actor=actor, student_id=world.senior.pk, channel="api")
        assert _reads(world, actor) == 0


def test_staff_of_another_school_are_denied(world: World) -> None:
    from tests.factories import UserFactory

    outsider = UserFactory.create(role="counselor", organization=world.other_school)
    with pytest.raises(StudentNotFound):
        passport_get(actor=outsider, student_id=world.senior.pk, channel="web")


def test_pdf_in_spanish_reads_back(world: World) -> None:
    release_college_records(world.senior)
    p = passport_get(actor=world.senior_parent, student_id=world.senior.pk, channel="web",
                     today=TODAY).passport  # fmt: skip
    english = passport_pdf(p, language="en", compress=False)
    spanish = passport_pdf(p, language="es", compress=False)
    assert english.startswith(b"%PDF")
    assert b"Opportunity passport" in english
    assert b"9.0 of 12 units earned" in english
    assert b"Pasaporte de oportunidades" in spanish
    assert b"9.0 de 12 unidades obtenidas" in spanish


def test_pdf_for_a_parent_without_release_says_why_college_records_are_missing(
    world: World,
) -> None:
    p = passport_get(actor=world.senior_parent, student_id=world.senior.pk, channel="web",
                     today=TODAY).passport  # fmt: skip
    text = passport_pdf(p, language="en", compress=False)
    assert b"College course records are not shown" in text
    assert b"ENGL 101" not in text


def test_pages_json_and_pdf_for_the_parent(world: World, client: Client) -> None:
    client.force_login(world.senior_parent)
    page = client.get(f"/passport/{world.senior.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "College course records are not shown" in html
    assert "10.00 hours confirmed by employers" in html
    data = client.get(f"/passport/{world.senior.pk}/passport.json").json()
    assert data["college_records_withheld"] is True
    assert data["work_based_learning"]["confirmed_hours"] == "10.00"
    pdf = client.get(f"/passport/{world.senior.pk}/passport.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/passport/{world.junior.pk}/").status_code == 404
    # a parent of one child goes straight to the passport from the menu
    assert client.get("/passport/")["Location"] == f"/passport/{world.senior.pk}/"


def test_page_shows_the_progress_bar_with_its_text(world: World, client: Client) -> None:
    client.force_login(world.senior_user)
    html = client.get(f"/passport/{world.senior.pk}/").content.decode()
    assert 'role="img"' in html
    assert 'aria-labelledby="units-bar-text"' in html
    assert "9.0 of 12 units earned, 3.0 more under way." in html


def test_staff_find_a_passport_by_name(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    html = client.get("/passport/?q=Reyes", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/passport/{world.senior.pk}/"' in html
    assert "Cruz" not in html
