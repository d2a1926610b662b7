"""An anonymous visitor finds a Saturday course on a phone, in English and in Spanish, and reaches
its Apply button. Screenshots in test-artifacts/finder/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.finder.world import Catalog, build_catalog

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "finder"
A11Y_CHECK = (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8")


@pytest.fixture
def catalog(transactional_db: None) -> Catalog:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return build_catalog()


def test_find_a_course_on_a_phone_in_both_languages(
    chromium: Any, live_server: Any, catalog: Catalog
) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/finder/")
        assert "7 opportunities found" in page.get_by_role("status").inner_text()
        assert page.evaluate(A11Y_CHECK) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(SHOTS / "1-all-phone.png"), full_page=True)

        page.get_by_label("Career interest").select_option("health")
        page.get_by_label("Only with open seats").check()
        page.get_by_role("button", name="Show results").click()
        page.wait_for_load_state()
        assert "2 opportunities found" in page.get_by_role("status").inner_text()
        page.screenshot(path=str(SHOTS / "2-health-open-seats.png"), full_page=True)

        page.get_by_role("link", name="Nursing at Bayview").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Nursing at Bayview"
        assert "1 of 3" in page.locator("main").inner_text()
        apply = page.get_by_role("link", name="Apply")
        assert apply.get_attribute("href") == f"/sections/{catalog.nursing.pk}/apply/"
        page.screenshot(path=str(SHOTS / "3-detail.png"), full_page=True)

        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Enfermería en Bayview"
        assert page.get_by_role("link", name="Solicitar").is_visible()
        assert page.evaluate(A11Y_CHECK) == []
        page.screenshot(path=str(SHOTS / "4-detail-es.png"), full_page=True)
    finally:
        context.close()
