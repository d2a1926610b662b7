"""The pages in Spanish, and list pages whose number of queries does not grow with their rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openpathways.outcomes.selectors import campaign_list
from tests.factories import StudentFactory
from tests.outcomes.world import TODAY, World

pytestmark = pytest.mark.django_db


def _spanish(client: Client) -> None:
    client.cookies["django_language"] = "es"


def test_passport_in_spanish_for_the_student(world: World, client: Client) -> None:
    client.force_login(world.senior_user)
    _spanish(client)
    html = client.get(f"/passport/{world.senior.pk}/").content.decode()
    for text in (
        "Pasaporte de oportunidades: Lucia Reyes",
        "Encaminado a 12 unidades",
        "Vía de crédito universitario",
        "Preparado",
        "horas confirmadas por los empleadores",
        "AA en Artes Liberales",
        "Composición",
        "Complete la FAFSA o la Solicitud del California Dream Act, o presente la exención",
    ):
        assert text in html, text
    assert "College units toward 12" not in html


def test_campaign_and_goal_pages_in_spanish(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    _spanish(client)
    html = client.get("/campaigns/").content.decode()
    assert "Campañas de último año: Sin decisión de FAFSA/CADAA" in html
    assert "Fechas límite" in html
    assert "Pendientes de FAFSA/CADAA" in html  # the menu entry
    goals = client.get("/goals/").content.decode()
    assert "No encaminado a 12 unidades" in goals
    edit = client.get(f"/campaigns/students/{world.senior.pk}/").content.decode()
    assert "Solicitud a un colegio comunitario" in edit


def test_campaign_list_queries_do_not_grow_with_the_seniors(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            campaign_list(actor=world.counselor, list_code="all", channel="web", today=TODAY)
        return len(ctx.captured_queries)

    before = count()
    for _ in range(15):
        StudentFactory.create(school=world.school, grade=12, graduation_cohort=2027,
                              counselor=world.counselor)  # fmt: skip
    assert count() == before
