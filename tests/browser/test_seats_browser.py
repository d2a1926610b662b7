"""Seat allocation in the browser: a coordinator creates, runs and publishes a run; a student
answers the offer; a waitlisted student sees their place and the explanation in Spanish on a phone.
Each page passes the automated accessibility check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openpathways.accounts.models import Role
from openpathways.seats.models import Offer
from tests.factories import StudentFactory, UserFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.browser

A11Y_CHECK = (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8")
PASSWORD = "pass-word-123"  # UserFactory's


def _a11y(page: Any) -> list[str]:
    problems: list[str] = page.evaluate(A11Y_CHECK)
    return problems


def _sign_in(page: Any, base_url: str, username: str, then: str) -> None:
    page.goto(base_url + then)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def _overflow(page: Any) -> int:
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


@pytest.fixture
def seats_world(transactional_db: None, settings: Any) -> dict[str, Any]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    sc = make_scenario([1])
    sc.coordinator.username = "coordinator"
    sc.coordinator.set_password(PASSWORD)
    sc.coordinator.save()
    (section,) = sc.sections
    senior = StudentFactory(grade=12, school=sc.school, first_name="Sofia")
    junior = StudentFactory(grade=11, school=sc.school, first_name="Mateo")
    apply(senior, [section])
    apply(junior, [section])
    UserFactory(username="sofia", role=Role.STUDENT, student=senior)
    UserFactory(username="mateo", role=Role.STUDENT, student=junior)
    return {"scenario": sc, "senior": senior, "junior": junior}


def test_coordinator_runs_and_publishes_then_students_see_their_results(
    chromium: Any, live_server: Any, seats_world: dict[str, Any], artifacts: Path
) -> None:
    sc = seats_world["scenario"]
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        _sign_in(page, base, "coordinator", "/seats/runs/")
        assert page.locator("h1").inner_text() == "Seat allocation"
        assert _a11y(page) == []
        page.get_by_label("Term").select_option(str(sc.term.pk))
        page.get_by_label("Lottery seed").fill("2026")
        seniors_only = (
            '[{"name": "seniors", "label": {"en": "seniors", "es": "estudiantes de último año"},'
            ' "conditions": [{"fact": "grade", "op": "gte", "value": 12}]}]'
        )
        page.get_by_label("Priority tiers (JSON)").fill(seniors_only)
        page.get_by_role("button", name="Create run").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Run the allocation").click()
        page.wait_for_load_state()
        results = page.locator("table.results").inner_text()
        assert "Placed in your 1st choice" in results
        assert "higher priority tier (the last seat went to: seniors" in results
        assert _a11y(page) == []
        page.screenshot(path=str(artifacts / "seats-run-review.png"), full_page=True)
        page.get_by_role("button", name="Publish results").click()
        page.wait_for_load_state()
        assert page.locator("#run-status").inner_text().startswith("Published")
    finally:
        context.close()

    # the senior accepts the offer from the keyboard
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        _sign_in(page, base, "sofia", "/seats/")
        accept = page.get_by_role("button", name="Accept the seat")
        accept.focus()
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert "Seat accepted." in page.locator(".messages").inner_text()
        assert Offer.objects.get(student=seats_world["senior"]).status == "accepted"
        assert _a11y(page) == []
    finally:
        context.close()

    # the junior, on a phone, in Spanish
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
        has_touch=True,
    )  # fmt: skip
    page = context.new_page()
    try:
        _sign_in(page, base, "mateo", "/seats/")
        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert page.locator("h1").inner_text() == "Lugares y listas de espera"
        assert "número 1 en la fila" in main
        assert "estudiantes de último año" in main
        assert _overflow(page) <= 0
        assert _a11y(page) == []
        page.screenshot(path=str(artifacts / "seats-student-phone-es.png"), full_page=True)
    finally:
        context.close()
