"""Tried as a new user would on the demo partnership: a parent signs in, switches to Spanish and
reads their child's passport; a counselor lists the seniors without a FAFSA/CADAA decision in
one click from the home page. Screenshots go to test-artifacts/passport/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

A11Y_CHECK = (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8")
SHOTS = ROOT / "test-artifacts" / "passport"


@pytest.fixture
def demo(transactional_db: None) -> str:
    from openpathways.accounts.models import User
    from openpathways.demo.services import DEMO_PASSWORD, demo_build

    demo_build(size="tiny", seed=11)
    # the demo parent's account starts in English, so the test switches to Spanish itself
    User.objects.filter(username="guardian").update(preferred_language="en")
    SHOTS.mkdir(parents=True, exist_ok=True)
    return DEMO_PASSWORD


def _sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(base + "/")


def test_parent_switches_to_spanish_and_reads_the_passport(
    chromium: Any, live_server: Any, demo: str
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, "guardian", demo)
        assert page.locator("h1").inner_text() == "Your children"
        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "es"
        page.get_by_role("navigation", name="Principal").get_by_role(
            "link", name="Pasaporte"
        ).click()
        page.wait_for_load_state()
        assert "/passport/" in page.url
        heading = page.locator("h1").inner_text()
        assert heading.startswith("Pasaporte de oportunidades: ")
        main = page.locator("main").inner_text()
        assert "Unidades universitarias hacia 12" in main
        assert "Aprendizaje basado en el trabajo" in main
        withheld = page.locator("#withheld-note")
        if withheld.count():  # the child has not released college records to parents
            assert "no ha dado su consentimiento" in withheld.inner_text()
        else:
            assert "de 12 unidades obtenidas" in main
            assert page.get_by_role("img").count() >= 1  # the bar, with its text equivalent
        assert page.evaluate(A11Y_CHECK) == []
        page.screenshot(path=str(SHOTS / "parent-passport-es.png"), full_page=True)
        pdf = page.request.get(page.url + "passport.pdf")
        assert pdf.status == 200
        assert pdf.headers["content-type"] == "application/pdf"
    finally:
        context.close()


def test_counselor_lists_seniors_without_a_decision_in_one_click(
    chromium: Any, live_server: Any, demo: str
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, "counselor", demo)
        page.screenshot(path=str(SHOTS / "counselor-home.png"), full_page=True)
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="FAFSA/CADAA queue"
        ).click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Senior campaigns: No FAFSA/CADAA decision"
        rows = page.locator("main table tbody tr")
        assert rows.count() > 0
        statuses = {rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())}
        decided = {"FAFSA completed", "California Dream Act Application completed", "Opted out"}
        assert statuses
        assert not statuses & decided
        assert page.evaluate(A11Y_CHECK) == []
        page.screenshot(path=str(SHOTS / "counselor-fafsa-queue.png"), full_page=True)
    finally:
        context.close()
