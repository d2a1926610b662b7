"""One student's enrollment journey in a real browser: find the section -> apply -> the counselor
recommends -> the parent consents through the emailed link in Spanish (no account) -> the college
approves and registers. Every page passes the accessibility check; a screenshot of each step is
saved under test-artifacts/journey/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from openpathways.accounts.models import Role
from tests.conftest import ROOT
from tests.journey.world import PASSWORD, JourneyWorld, build_journey_world

pytestmark = pytest.mark.browser

A11Y_CHECK = (Path(__file__).parent / "a11y.js").read_text(encoding="utf-8")
SHOTS = ROOT / "test-artifacts" / "journey"


@pytest.fixture
def journey_world(transactional_db: None, settings: Any, live_server: Any) -> JourneyWorld:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OPENPATHWAYS_SITE_URL = live_server.url
    return build_journey_world()


def _check(page: Any, name: str) -> None:
    problems: list[str] = page.evaluate(A11Y_CHECK)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert problems == [], f"{name}: {problems}"


def _sign_in(browser: Any, base: str, username: str, *, phone: bool = False) -> Any:
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(base + "/")
    return page


def test_one_student_from_the_section_to_registration(
    chromium: Any, live_server: Any, journey_world: JourneyWorld
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    base, w = live_server.url, journey_world
    section = w.ccap_section

    # 1. The student (Spanish, on a phone) finds the section and applies.
    student = _sign_in(chromium, base, w.user(Role.STUDENT).username, phone=True)
    student.goto(f"{base}/sections/{section.pk}/apply/")
    assert student.locator("h1").inner_text() == "ENGL 101 Composición universitaria"
    _check(student, "01-student-finds-the-section")
    student.get_by_role("button", name="Solicitar esta sección").click()
    student.wait_for_url(re.compile(r".*/journey/\d+/$"))
    application_url = student.url
    assert student.get_by_test_id("status").inner_text() == "Elegible, en espera de recomendación"
    _check(student, "02-student-applied")
    student.context.close()

    # 2. The counselor finds it in the recommendation queue and recommends.
    counselor = _sign_in(chromium, base, w.user(Role.COUNSELOR).username)
    counselor.goto(f"{base}/journey/?queue=recommendation")
    _check(counselor, "03-counselor-queue")
    counselor.get_by_role("link", name="Ana Reyes").click()
    counselor.get_by_label("Note (optional)").first.fill(
        "Strong writer; ready for college English."
    )
    counselor.get_by_role("button", name="Recommend", exact=True).click()
    counselor.wait_for_load_state()
    assert counselor.get_by_test_id("status").inner_text() == "Recommended, awaiting consent"
    _check(counselor, "04-counselor-recommended")
    counselor.context.close()

    # 3. The parent opens the emailed link: no account, the page in Spanish.
    (invite,) = [m for m in mail.outbox if w.guardian.email in m.to]
    assert invite.subject == "Se solicita su consentimiento para Ana"
    link = re.search(r"(http://\S+/consent/\S+/)", str(invite.body))
    assert link is not None
    parent_context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="es-MX")
    parent = parent_context.new_page()
    parent.goto(link.group(1))
    assert parent.locator("html").get_attribute("lang") == "es"
    assert "Seguro Social" in parent.locator("main").inner_text()
    _check(parent, "05-parent-reads-in-spanish")
    parent.get_by_label("Escriba su nombre completo para firmar").fill("Lucía Reyes")
    parent.get_by_label(re.compile("firmo electrónicamente")).check()
    parent.get_by_role("button", name="Firmar y dar consentimiento").click()
    parent.wait_for_load_state()
    assert parent.locator("h1").inner_text() == "Gracias: su consentimiento está registrado"
    _check(parent, "06-parent-signed")
    parent_context.close()

    # 4. The college reviews, approves and registers.
    college = _sign_in(chromium, base, w.user(Role.COLLEGE_STAFF).username)
    college.goto(f"{base}/journey/?queue=review")
    _check(college, "07-college-review-queue")
    college.get_by_role("link", name="Ana Reyes").click()
    assert college.url == application_url
    college.get_by_role("button", name="Approve", exact=True).click()
    college.wait_for_load_state()
    assert college.get_by_test_id("status").inner_text() == "Approved by the college"
    college.get_by_role("button", name="Register", exact=True).click()
    college.wait_for_load_state()
    assert college.get_by_test_id("status").inner_text() == "Registered"
    history = college.locator("table").first.inner_text()
    for step in ("— → Requested", "Requested → Eligible, awaiting recommendation",
                 "Recommended, awaiting consent → Consent given, awaiting review",
                 "Approved by the college → Registered"):  # fmt: skip
        assert step in history
    assert "Lucía Reyes" in history
    _check(college, "08-college-registered")
    college.context.close()

    registered = [m.subject for m in mail.outbox if "ana@example.org" in m.to]
    assert registered[-1] == "Está inscrito en ENGL 101 Composición universitaria"
