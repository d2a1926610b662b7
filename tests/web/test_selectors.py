"""Aggregate selectors behind the home pages: scope, counts, and small-cell suppression."""

from __future__ import annotations

import datetime as dt

import pytest

from openpathways.accounts.models import Role
from openpathways.agreements.selectors import compact_list
from openpathways.catalog.selectors import (
    opportunity_summary,
    section_seats_this_term,
    wbl_opportunity_list,
)
from openpathways.students.selectors import (
    student_count,
    student_count_by_grade,
    suppress_counts,
)
from tests.factories import UserFactory
from tests.web.world import TODAY, World


def test_suppression_follows_the_cde_rule() -> None:
    table = suppress_counts({"a": 0, "b": 11, "c": 10, "d": 1, "e": 250}, threshold=10)
    assert table.cells == {"a": "0", "b": "11", "c": "*", "d": "*", "e": "250"}
    assert table.total == "272"


def test_one_hidden_cell_hides_the_next_smallest_too() -> None:
    """metrics.md: Female 120, Male 115, Non-binary 4, total 239 - hiding 4 alone is not enough."""
    table = suppress_counts({"female": 120, "male": 115, "nonbinary": 4}, threshold=10)
    assert table.cells == {"female": "120", "male": "*", "nonbinary": "*"}
    assert table.total == "239"


def test_a_small_total_is_hidden_with_its_cells() -> None:
    table = suppress_counts({"a": 3, "b": 0}, threshold=10)
    assert table.cells == {"a": "*", "b": "0"}
    assert table.total == "*"


def test_the_threshold_comes_from_settings(settings: object) -> None:
    settings.SUPPRESSION_THRESHOLD = 30  # type: ignore[attr-defined]
    table = suppress_counts({"a": 25, "b": 40, "c": 31})
    assert table.cells == {"a": "*", "b": "40", "c": "*"}


def test_counts_follow_each_roles_scope(world: World) -> None:
    users = world.users
    assert student_count(actor=users[Role.DISTRICT_ADMIN]) == 21
    assert student_count(actor=users[Role.SCHOOL_ADMIN]) == 17
    assert student_count(actor=users[Role.COUNSELOR], caseload_only=True) == 3
    assert student_count(actor=users[Role.COLLEGE_STAFF]) == 3
    assert student_count(actor=users[Role.ANALYST]) == 21
    assert student_count(actor=users[Role.CITY_PARTNER]) == 0
    assert student_count_by_grade(actor=users[Role.DISTRICT_ADMIN]) == {9: 3, 10: 4, 11: 2, 12: 12}
    outsider = UserFactory.create(role=Role.ANALYST, organization=world.college)
    assert student_count(actor=outsider) == 0


def test_opportunities_by_type_cover_the_actors_schools(world: World) -> None:
    summary = opportunity_summary(actor=world.users[Role.DISTRICT_ADMIN])
    assert summary.academic_year == 2026
    assert summary.academic_year_label == "2026-27"
    assert summary.schools_serving_9_12 == 2
    assert summary.schools_with_any == 1
    counts = {row.type: (row.opportunities, row.schools) for row in summary.by_type}
    assert counts["college_credit"] == (2, 1)
    assert counts["cte_pathway"] == (1, 1)
    assert counts["aa_degree"] == (0, 0)
    nothing = opportunity_summary(actor=world.users[Role.EMPLOYER])
    assert nothing.schools_serving_9_12 == 0
    assert nothing.academic_year is None


def test_sections_this_term_pick_the_running_term(world: World) -> None:
    seats = section_seats_this_term(actor=world.users[Role.COLLEGE_STAFF], today=TODAY)
    assert seats.term_name == "Fall 2026"
    assert (seats.section_count, seats.capacity, seats.enrolled, seats.seats_open) == (2, 65, 3, 62)
    spring = section_seats_this_term(
        actor=world.users[Role.COLLEGE_STAFF], today=dt.date(2026, 3, 1)
    )
    assert (spring.term_name, spring.capacity) == ("Spring 2026", 99)
    between = section_seats_this_term(
        actor=world.users[Role.COLLEGE_STAFF], today=dt.date(2026, 7, 1)
    )
    assert between.term_name == "Fall 2026", "between terms, the next one"
    assert section_seats_this_term(actor=world.users[Role.COUNSELOR], today=TODAY).sections == []


def test_employers_and_cities_see_only_their_own_rows(world: World) -> None:
    rows = wbl_opportunity_list(actor=world.users[Role.EMPLOYER])
    assert [(r.title, r.placed) for r in rows] == [("Clinic intern", 1), ("Job shadow day", 0)]
    assert wbl_opportunity_list(actor=world.users[Role.CITY_PARTNER]) == []
    compacts = compact_list(actor=world.users[Role.CITY_PARTNER])
    assert [(c.name, c.commitments) for c in compacts] == [("Bell Gardens Education Compact", 3)]
    assert len(compact_list(actor=world.users[Role.DISTRICT_ADMIN])) == 1
    assert compact_list(actor=world.users[Role.ANALYST]) == []


@pytest.mark.parametrize("role", [Role.ANALYST, Role.CITY_PARTNER])
def test_aggregate_roles_are_never_given_rows_by_the_home_page(world: World, role: str) -> None:
    from django.test import Client

    from openpathways.audit.models import AuditEvent

    client = Client()
    client.force_login(world.users[role])
    assert client.get("/").status_code == 200
    assert not AuditEvent.objects.filter(action__startswith="students.").exists()


def test_a_county_administrator_sees_the_compacts_and_schools_of_its_districts(
    world: World,
) -> None:
    from django.test import Client

    from tests.factories import OrganizationFactory

    county = OrganizationFactory.create(kind="county_office", name="Harbor County Office")
    world.district.parent = county
    world.district.save()
    admin = UserFactory.create(role=Role.DISTRICT_ADMIN, organization=county)
    assert [c.name for c in compact_list(actor=admin)] == ["Bell Gardens Education Compact"]
    assert opportunity_summary(actor=admin).schools_serving_9_12 == 2
    assert student_count(actor=admin) == 21
    browser = Client()
    browser.force_login(admin)
    assert "County overview" in browser.get("/").content.decode()
