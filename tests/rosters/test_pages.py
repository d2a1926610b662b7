"""The roster pages: the queue per scope, resolving with a note, the school's confirmation, and
Spanish."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from openpathways.rosters.models import RosterConfirmation, RosterDiscrepancy
from openpathways.rosters.services import roster_reconcile
from tests.rosters.world import AFTER, RosterWorld, build_roster_world
from tests.web.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings: Any) -> RosterWorld:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    w = build_roster_world()
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    return w


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_counselor_sees_the_school_queue_and_resolves_with_a_note(world: RosterWorld) -> None:
    client = _client("rosa")
    page = client.get(reverse("web:roster_discrepancies")).content.decode()
    assert "5 discrepancies" in page
    assert "Elsewhere" not in page  # another school's student
    row = RosterDiscrepancy.objects.get(kind="approved_not_registered", school=world.school)
    url = reverse("web:roster_discrepancy_resolve", args=[row.pk])
    empty = client.post(url, {"note": " "}, follow=True).content.decode()
    assert "a note is required" in empty
    done = client.post(url, {"note": "Registered late by A&amp;R."}, follow=True)
    assert "Discrepancy resolved." in done.content.decode()
    row.refresh_from_db()
    assert (row.status, row.resolved_by) == ("resolved", world.counselor)
    assert "4 discrepancies" in done.content.decode()


def test_school_confirms_its_roster_from_the_page(world: RosterWorld) -> None:
    client = _client("rosa")
    page = client.get(reverse("web:roster_discrepancies")).content.decode()
    assert "Confirm roster" in page
    response = client.post(
        reverse("web:roster_confirm"),
        {"school": world.school.pk, "term": world.section.term_id},
        follow=True,
    )
    assert "Roster confirmed." in response.content.decode()
    confirmation = RosterConfirmation.objects.get()
    assert confirmation.confirmed_by == world.counselor
    assert "Confirm again" in response.content.decode()


def test_college_staff_see_every_school_and_cannot_confirm(world: RosterWorld) -> None:
    client = _client("carla")
    page = client.get(reverse("web:roster_discrepancies")).content.decode()
    assert "6 discrepancies" in page
    assert "Confirm roster" not in page
    response = client.post(
        reverse("web:roster_confirm"), {"school": world.school.pk, "term": world.section.term_id}
    )
    assert response.status_code == 403
    assert not RosterConfirmation.objects.exists()


def test_queue_in_spanish(world: RosterWorld) -> None:
    world.counselor.preferred_language = "es"
    world.counselor.save(update_fields=["preferred_language"])
    page = _client("rosa").get(reverse("web:roster_discrepancies"))
    html = page.content.decode()
    assert "Conciliación de listas" in html
    assert "Inscrito sin consentimiento" in html
    assert "5 discrepancias" in html
