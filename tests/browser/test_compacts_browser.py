"""The compacts page as a city partner sees it: the count against the goal of 12, coverage of
students by residence city and by school location, in English and Spanish.
Screenshots go to test-artifacts/wbl/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openpathways.accounts.models import Role
from openpathways.agreements import services
from openpathways.organizations.models import OrganizationKind
from tests.browser.test_shell_browser import _a11y
from tests.browser.test_wbl_browser import _page, shots  # noqa: F401 (fixture)
from tests.factories import (
    DistrictFactory,
    OrganizationFactory,
    SchoolFactory,
    StudentFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def city_partner(transactional_db: None, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    district = DistrictFactory.create(name="Harbor Unified")
    bell = OrganizationFactory.create(kind=OrganizationKind.CITY, name="Bell", city="Bell")
    carson = OrganizationFactory.create(kind=OrganizationKind.CITY, name="Carson", city="Carson")
    school = SchoolFactory.create(organization__parent=district, organization__city="Bell")
    for city, n in ((bell, 30), (carson, 12), (None, 8)):
        for _ in range(n):
            StudentFactory.create(school=school.organization, residence_city_org=city)
    admin = UserFactory.create(role=Role.DISTRICT_ADMIN, organization=district)
    compact = services.education_compact_create(actor=admin, city_id=bell.pk, name="Bell compact")
    commitment = services.compact_commitment_create(
        actor=admin, compact_id=compact.pk, title="Safe passages to school", category="safety"
    )
    services.compact_milestone_create(actor=admin, commitment_id=commitment.pk,
                                      title="Crossing guards at three corners")  # fmt: skip
    return UserFactory.create(role=Role.CITY_PARTNER, organization=bell, first_name="Rosa")


def test_city_partner_sees_coverage_by_city_and_the_count_against_the_goal(
    chromium: Any,
    live_server: Any,
    city_partner: Any,
    shots: Path,  # noqa: F811
) -> None:
    base = live_server.url
    context, page = _page(chromium, base, city_partner.username)
    page.get_by_role("link", name="Education Compacts").first.click()
    page.wait_for_url(base + "/compacts/")
    assert page.locator("#compact-count").inner_text() == "1 of 12"
    assert page.locator("#coverage-residence").inner_text() == "60.0%"
    assert page.locator("#coverage-location").inner_text() == "100.0%"
    table = page.get_by_role("table", name="Students by residence city")
    assert "Bell" in table.inner_text()
    assert "Carson" in table.inner_text()
    assert _a11y(page) == []
    page.screenshot(path=str(shots / "6-compacts-city-partner.png"), full_page=True)

    page.get_by_role("link", name="Bell").click()
    page.get_by_label("Evidence").fill("Guards started on 3 March")
    page.get_by_role("button", name="Mark done").click()
    page.wait_for_load_state()
    assert "Guards started on 3 March" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "7-compact-city-page.png"), full_page=True)

    page.get_by_role("button", name="Español").click()
    page.wait_for_load_state()
    page.goto(base + "/compacts/")
    assert page.locator("#compact-count").inner_text() == "1 de 12"
    assert page.locator("h1").inner_text() == "Pactos Educativos"
    assert _a11y(page) == []
    page.screenshot(path=str(shots / "8-compacts-es.png"), full_page=True)
    context.close()
