"""A counselor finds who is missing consent in under three clicks from signing in, sends the
guardians a reminder, and reads the list in Spanish. Screenshots in test-artifacts/caseload/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.caseload.world import Caseload, build_caseload
from tests.conftest import ROOT
from tests.web.world import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "caseload"
A11Y_CHECK = (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8")


@pytest.fixture
def caseload_world(transactional_db: None, settings: Any) -> Caseload:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    return build_caseload()


def test_missing_consent_in_under_three_clicks(
    chromium: Any, live_server: Any, caseload_world: Caseload
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    clicks = 0
    try:
        page.goto(live_server.url + "/")
        page.get_by_label("Username").fill("rosa")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(live_server.url + "/")
        page.screenshot(path=str(SHOTS / "1-counselor-home.png"), full_page=True)

        page.get_by_role("link", name="Missing consent").click()
        clicks += 1
        page.wait_for_load_state()
        assert clicks < 3
        assert page.locator("h1").inner_text() == "Caseload: Missing consent"
        table = page.locator("table").inner_text()
        for key in ("waiting", "early", "revoked"):
            assert caseload_world.s[key].first_name in table
        assert caseload_world.s["done"].first_name not in table
        assert page.evaluate(A11Y_CHECK) == []
        page.screenshot(path=str(SHOTS / "2-missing-consent.png"), full_page=True)

        page.get_by_label(f"Select {caseload_world.s['waiting'].full_name}").check()
        page.get_by_role(
            "button", name="Send consent reminders to the selected students' guardians"
        ).click()
        page.wait_for_load_state()
        assert "Consent reminders sent: 1." in page.locator(".messages").inner_text()
        page.screenshot(path=str(SHOTS / "3-reminder-sent.png"), full_page=True)

        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Estudiantes asignados: Falta consentimiento"
        assert page.evaluate(A11Y_CHECK) == []
        page.screenshot(path=str(SHOTS / "4-missing-consent-es.png"), full_page=True)
    finally:
        context.close()


def test_caseload_on_a_phone(chromium: Any, live_server: Any, caseload_world: Caseload) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_label("Username").fill("rosa")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(live_server.url + "/")
        page.get_by_role("link", name="Pending steps").click()
        page.wait_for_load_state()
        assert "4 students" in page.locator("caption").inner_text()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, "no sideways scrolling of the page on a phone"
        page.screenshot(path=str(SHOTS / "5-pending-phone.png"), full_page=True)
    finally:
        context.close()
