"""Every role signs in with the form, sees its home page in English, switches to Spanish; the
pages pass an automated accessibility check and work from the keyboard and on a phone."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from openpathways.accounts.models import Role
from tests.conftest import ROOT
from tests.web.world import PASSWORD, World

pytestmark = pytest.mark.browser

A11Y_CHECK = (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8")

#: role: (English h1, Spanish h1, a figure or name the page shows in both languages)
HOMES: dict[str, tuple[str, str, str]] = {
    Role.DISTRICT_ADMIN: ("District overview", "Resumen del distrito", "Harbor Unified"),
    Role.SCHOOL_ADMIN: ("School overview", "Resumen de la escuela", "Bayview High"),
    Role.COUNSELOR: ("Your caseload", "Sus estudiantes asignados", "Bayview High"),
    Role.COLLEGE_STAFF: ("Sections this term", "Secciones de este período", "ENGL 101"),
    Role.ADULT_ED_STAFF: ("Sections this term", "Secciones de este período", "CNA 1"),
    Role.EMPLOYER: (
        "Your work-based learning opportunities",
        "Sus oportunidades de aprendizaje basado en el trabajo",
        "Pacific Clinics",
    ),
    Role.CITY_PARTNER: ("Your Education Compacts", "Sus Pactos Educativos", "Bell Gardens"),
    Role.STUDENT: ("Hello, ", "Hola, ", "Bayview High"),
    Role.GUARDIAN: ("Your children", "Sus hijos", "Bayview High"),
    Role.ANALYST: ("Participation overview", "Resumen de participación", "Harbor Unified"),
}


def _a11y(page: Any) -> list[str]:
    problems: list[str] = page.evaluate(A11Y_CHECK)
    return problems


def _sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/")
    assert page.url.startswith(base_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(base_url + "/")


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_signs_in_and_switches_to_spanish(
    chromium: Any, live_server: Any, live_world: World, artifacts: Path, role: str
) -> None:
    english, spanish, shown = HOMES[role]
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, live_world.users[role].username)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text().startswith(english)
        assert shown in page.locator("main").inner_text() + page.locator("header").inner_text()
        assert _a11y(page) == []
        page.screenshot(path=str(artifacts / f"{role}-en.png"), full_page=True)

        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        assert page.url == live_server.url + "/"
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text().startswith(spanish)
        assert page.get_by_role("button", name="Cerrar sesión").is_visible()
        assert _a11y(page) == []
        page.screenshot(path=str(artifacts / f"{role}-es.png"), full_page=True)
    finally:
        context.close()


def test_sign_in_page_passes_the_accessibility_check_in_both_languages(
    chromium: Any, live_server: Any, live_world: World, artifacts: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        assert _a11y(page) == []
        page.get_by_label("Username").fill("counselor")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").is_visible()
        assert _a11y(page) == []
        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        assert page.url == live_server.url + "/accounts/login/"
        assert page.locator("h1").inner_text() == "Iniciar sesión"
        assert _a11y(page) == []
        page.screenshot(path=str(artifacts / "login-es.png"))
    finally:
        context.close()


def test_keyboard_reaches_the_skip_link_first_and_signs_in_without_a_mouse(
    chromium: Any, live_server: Any, live_world: World, artifacts: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({cls: document.activeElement.className,"
            " text: document.activeElement.textContent,"
            " top: document.activeElement.getBoundingClientRect().top,"
            " outline: getComputedStyle(document.activeElement).outlineStyle})"
        )
        assert focused["cls"] == "skip-link"
        assert focused["text"] == "Skip to main content"
        assert focused["top"] >= 0, "the skip link is visible when focused"
        assert focused["outline"] != "none", "focus is visible"
        page.screenshot(path=str(artifacts / "skip-link-focused.png"))
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        # from <main> the next Tab reaches the first field of the sign-in form
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "id_username"
        page.keyboard.type("counselor")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + "/")
        assert page.locator("h1").inner_text() == "Your caseload"
        # the navigation, the language switch and sign-out are all reachable by keyboard
        names = []
        for _ in range(10):
            page.keyboard.press("Tab")
            names.append(page.evaluate("() => document.activeElement.textContent.trim()"))
        assert {"Skip to main content", "English", "Español", "Sign out", "Home"} <= set(names)
    finally:
        context.close()


def test_home_fits_a_phone_screen_without_sideways_scrolling(
    chromium: Any, live_server: Any, live_world: World, artifacts: Path
) -> None:
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    page = context.new_page()
    try:
        for role in (Role.STUDENT, Role.COUNSELOR, Role.GUARDIAN):
            context.clear_cookies()
            _sign_in(page, live_server.url, live_world.users[role].username)
            page.screenshot(path=str(artifacts / f"{role}-phone.png"), full_page=True)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{role}: page is {overflow}px wider than the screen"
            wide_tables = page.evaluate(
                "() => Array.from(document.querySelectorAll('.table-wrap'))"
                ".filter(w => w.scrollWidth > w.clientWidth)"
                ".map(w => w.scrollWidth - w.clientWidth)"
            )
            assert wide_tables == [], f"{role}: a table needs sideways scrolling"
            assert _a11y(page) == []
    finally:
        context.close()


def test_capture_the_readme_screenshot(
    chromium: Any, live_server: Any, transactional_db: None, settings: Any, artifacts: Path
) -> None:
    """A counselor's home page in the demo partnership, at desktop width. Written to
    docs/images/home.png when OPENPATHWAYS_UPDATE_SCREENSHOTS=1, to test-artifacts/ otherwise."""
    from openpathways.demo.services import DEMO_PASSWORD, demo_build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_build(size="small", seed=2026)
    target = (
        ROOT / "docs" / "images" / "home.png"
        if os.environ.get("OPENPATHWAYS_UPDATE_SCREENSHOTS") == "1"
        else artifacts / "home.png"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, "counselor", DEMO_PASSWORD)
        assert page.locator("h1").inner_text() == "Your caseload"
        assert _a11y(page) == []
        page.screenshot(path=str(target), full_page=False)
    finally:
        context.close()
    assert 0 < target.stat().st_size < 300_000
