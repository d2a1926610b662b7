"""Home pages read a fixed number of queries, however large the partnership."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openpathways.accounts.models import Role
from tests.factories import SectionFactory, StudentFactory
from tests.web.world import World


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", list(Role))
def test_home_query_count_does_not_grow_with_the_data(
    client: Client, world: World, role: str
) -> None:
    client.force_login(world.users[role])
    _queries(client)  # warm up: session and user
    before = _queries(client)
    assert before <= 16, f"{role}: {before} queries"
    for grade in (9, 10, 11, 12):
        StudentFactory.create_batch(3, school=world.school, grade=grade)
    SectionFactory.create_batch(3, course__provider_org=world.college)
    assert _queries(client) == before
