"""The opportunity finder: every filter, the open-seat arithmetic, Spanish, pagination, query
counts, and that anonymous visitors see catalog facts and never a student."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import Opportunity
from openpathways.catalog.selectors import FinderFilters, opportunity_find, opportunity_get
from tests.finder.world import YEAR, Catalog, build_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog() -> Catalog:
    return build_catalog()


def _titles(**filters: Any) -> set[str]:
    page = opportunity_find(filters=FinderFilters(**filters), limit=100)
    return {card.title for card in page.cards}


ALL = {
    "Nursing at Bayview", "Welding on Saturdays", "Coding after school", "Patient Care pathway",
    "IT support certification", "Clinic internship", "Earn an associate degree",
}  # fmt: skip


def test_all_five_types_are_listed_without_cancelled_or_retired_offers(catalog: Catalog) -> None:
    assert _titles() == ALL
    types = {c.type for c in opportunity_find(filters=FinderFilters(), limit=100).cards}
    assert len(types) == 5


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "cte_pathway"}, {"Patient Care pathway"}),
        ({"sector": "health"}, {"Nursing at Bayview", "Patient Care pathway", "Clinic internship"}),
        ({"sector": "ict"}, {"Coding after school", "IT support certification"}),
        ({"schedule": "saturday"}, {"Welding on Saturdays"}),
        ({"schedule": "after_school"}, {"Coding after school"}),
        ({"schedule": "school_day"}, {"Nursing at Bayview"}),
        ({"modality": "online"}, {"Coding after school"}),
        ({"units_min": Decimal(4)}, {"Nursing at Bayview"}),
        ({"units_max": Decimal(3)}, {"Welding on Saturdays", "Coding after school"}),
        ({"q": "enfermer"}, {"Nursing at Bayview"}),
        ({"q": "WELD"}, {"Welding on Saturdays"}),
        ({"q": "pacific clinics"}, {"Clinic internship"}),
        ({"open_seats": True}, {"Nursing at Bayview", "Coding after school", "Clinic internship"}),
    ],
)
def test_each_filter(catalog: Catalog, filters: dict[str, Any], expected: set[str]) -> None:
    assert _titles(**filters) == expected


def test_school_and_host_site_filters(catalog: Catalog) -> None:
    assert _titles(school_id=catalog.canyon.pk) == {
        "Coding after school", "IT support certification", "Earn an associate degree",
    }  # fmt: skip
    assert _titles(host_site_id=catalog.college.pk) == {
        "Welding on Saturdays", "Coding after school",
    }  # fmt: skip


def test_open_seats_count_roster_and_approvals_once_each(catalog: Catalog) -> None:
    nursing = opportunity_get(opportunity_id=catalog.opportunities["nursing"].pk)
    assert nursing is not None
    assert (nursing.capacity, nursing.seats_taken, nursing.seats_open) == (3, 2, 1)
    welding = opportunity_get(opportunity_id=catalog.opportunities["welding"].pk)
    assert welding is not None
    assert welding.seats_open == 0
    wbl = opportunity_get(opportunity_id=catalog.opportunities["wbl"].pk)
    assert wbl is not None
    assert (wbl.capacity, wbl.seats_open) == (2, 1)
    pathway = opportunity_get(opportunity_id=catalog.opportunities["pathway"].pk)
    assert pathway is not None
    assert pathway.seats_open is None  # no seat limit


def test_anonymous_visitors_see_the_finder_and_no_student(catalog: Catalog) -> None:
    client = Client()
    response = client.get(reverse("web:finder"), {"q": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "7 opportunities found" in html
    assert "Nursing at Bayview" in html
    detail = client.get(reverse("web:finder_detail", args=[catalog.opportunities["nursing"].pk]))
    assert detail.status_code == 200
    for s in catalog.students:
        assert s.first_name not in html
        assert s.first_name not in detail.content.decode()
        assert s.state_student_id not in html
    assert not AuditEvent.objects.filter(student_id__isnull=False).exists()


def test_the_page_filters_from_the_query_string(catalog: Catalog) -> None:
    response = Client().get(
        reverse("web:finder"), {"schedule": "saturday", "school": str(catalog.bayview.pk)}
    )
    html = response.content.decode()
    assert "1 opportunity found" in html
    assert "Welding on Saturdays" in html
    assert "Nursing at Bayview" not in html


def test_bad_query_values_are_ignored_not_errors(catalog: Catalog) -> None:
    response = Client().get(
        reverse("web:finder"),
        {"school": "x", "units_min": "NaN", "type": "nonsense", "page": "-3", "host": "1e9"},
    )
    assert response.status_code == 200
    assert "7 opportunities found" in response.content.decode()


def test_spanish_titles_and_labels(catalog: Catalog) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    html = client.get(reverse("web:finder")).content.decode()
    assert 'lang="es"' in html
    assert "Buscar una oportunidad" in html
    assert "Enfermería en Bayview" in html
    assert "7 oportunidades encontradas" in html
    assert "Solo con cupos disponibles" in html
    detail = client.get(
        reverse("web:finder_detail", args=[catalog.opportunities["nursing"].pk])
    ).content.decode()
    assert "Introducción a la enfermería" in detail
    assert "Cupos disponibles" in detail
    assert "Solicitar" in detail


def test_detail_has_an_apply_button_for_open_sections_only(catalog: Catalog) -> None:
    client = Client()
    nursing = client.get(reverse("web:finder_detail", args=[catalog.opportunities["nursing"].pk]))
    assert f'href="/sections/{catalog.nursing.pk}/apply/"' in nursing.content.decode()
    pathway = client.get(reverse("web:finder_detail", args=[catalog.opportunities["pathway"].pk]))
    assert "/apply/" not in pathway.content.decode()
    assert "Medical Terminology" in pathway.content.decode()
    cancelled = client.get(
        reverse("web:finder_detail", args=[catalog.opportunities["cancelled"].pk])
    )
    assert "/apply/" not in cancelled.content.decode()
    retired = Opportunity.objects.get(title="Retired offer")
    assert client.get(reverse("web:finder_detail", args=[retired.pk])).status_code == 404


def test_pages_of_twenty_with_a_constant_number_of_queries(
    catalog: Catalog, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    with django_assert_max_num_queries(7):
        first = client.get(reverse("web:finder"))
    assert first.status_code == 200
    for i in range(40):
        Opportunity.objects.create(
            type="college_credit", school=catalog.canyon, academic_year=YEAR,
            title=f"Extra {i:02d}", section=catalog.coding,
        )  # fmt: skip
    with django_assert_max_num_queries(7):
        page_two = client.get(reverse("web:finder"), {"page": "2"})
    html = page_two.content.decode()
    assert "47 opportunities found" in html
    assert html.count('class="result-card"') == 20
    last = client.get(reverse("web:finder"), {"page": "3"}).content.decode()
    assert last.count('class="result-card"') == 7
