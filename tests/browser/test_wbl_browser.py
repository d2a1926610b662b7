"""Work-based learning end to end in a browser: an employer posts an opportunity through its
link (no account), a coordinator publishes it, a student applies, the supervisor signs, confirms
the hours and evaluates through a link, and the vendor's compliance figure changes.
Screenshots go to test-artifacts/wbl/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from openpathways.wbl import services
from openpathways.wbl.models import Placement
from tests.browser.test_shell_browser import _a11y
from tests.conftest import ROOT
from tests.wbl.conftest import Wbl, build_wbl, grant_wbl_permission

pytestmark = pytest.mark.browser
PASSWORD = "pass-word-123"
SHOTS = ROOT / "test-artifacts" / "wbl"


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def live_wbl(transactional_db: None, settings: Any) -> Wbl:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_wbl()


def _page(chromium: Any, base: str, username: str | None = None) -> tuple[Any, Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    if username:
        page.goto(base + "/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(base + "/")
    return context, page


def _compliance(page: Any, base: str) -> str:
    page.goto(base + "/wbl/vendors/")
    return str(page.locator("#compliant-share").inner_text())


def test_employer_posts_coordinator_publishes_student_applies_supervisor_confirms(
    chromium: Any, live_server: Any, live_wbl: Wbl, shots: Path
) -> None:
    w, base = live_wbl, live_server.url
    post_link = services.employer_link_issue(
        actor=w.admin, employer_id=w.employer.pk, purpose="post", contact_id=w.supervisor.pk
    )
    # 1. The employer posts through the link, without an account.
    employer_ctx, employer = _page(chromium, base)
    employer.goto(post_link.url.replace("http://127.0.0.1:8000", base))
    assert employer.locator("h1").inner_text() == "Post a work-based learning opportunity"
    assert _a11y(employer) == []
    employer.get_by_label("Title", exact=True).fill("Clinic front-desk intern")
    employer.get_by_label("Type").select_option("10")
    employer.get_by_label("Industry sector").select_option("health")
    employer.get_by_label("Places for students").fill("2")
    employer.get_by_label("Hours per student").fill("40")
    employer.get_by_label("City where students work").fill("Carson")
    employer.screenshot(path=str(shots / "1-employer-posts.png"), full_page=True)
    employer.get_by_role("button", name="Send for review").click()
    employer.wait_for_load_state()
    assert "is sent to the district for review" in employer.locator("main").inner_text()
    employer.get_by_role("link", name="Leer en español").click()
    assert employer.locator("h1").inner_text() == (
        "Publicar una oportunidad de aprendizaje basado en el trabajo"
    )
    employer.screenshot(path=str(shots / "1b-employer-page-es.png"), full_page=True)
    employer_ctx.close()

    # 2. The coordinator reviews and publishes it with its state course code.
    admin_ctx, admin = _page(chromium, base, w.admin.username)
    assert _compliance(admin, base) == "0%"
    admin.screenshot(path=str(shots / "2a-vendor-compliance-before.png"), full_page=True)
    admin.goto(base + "/wbl/")
    admin.get_by_role("link", name="Clinic front-desk intern").click()
    admin.get_by_label("State course code (four digits; required for internships)").fill("7100")
    admin.get_by_role("button", name="Publish").click()
    admin.wait_for_load_state()
    assert admin.locator("#opportunity-status").inner_text() == "Published"
    assert _a11y(admin) == []
    admin.screenshot(path=str(shots / "2b-coordinator-publishes.png"), full_page=True)

    # 3. The student applies.
    student_ctx, student = _page(chromium, base, w.student_user.username)
    student.goto(base + "/wbl/")
    assert "Your school's Linked Learning pathway" in student.locator("main").inner_text()
    student.get_by_role("button", name="Apply: Clinic front-desk intern").click()
    student.wait_for_load_state()
    assert "You applied" in student.locator("main").inner_text()
    assert _a11y(student) == []
    student.screenshot(path=str(shots / "3-student-applies.png"), full_page=True)

    # Placement, forms, guardian permission and the family's signatures (services).
    placement = Placement.objects.get(student=w.student)
    grant_wbl_permission(w.student, w.guardian)
    for code in ("emergency_card", "work_permit", "safety_training"):
        services.placement_form_record(actor=w.counselor, placement_id=placement.pk, code=code,
                                       received_on=timezone.localdate())  # fmt: skip
    services.placement_place(actor=w.counselor, placement_id=placement.pk,
                             supervisor_id=w.supervisor.pk,
                             start_date=timezone.localdate() - dt.timedelta(days=7))  # fmt: skip
    services.placement_agreement_sign(actor=w.student_user, placement_id=placement.pk,
                                      typed_name="Ana Lopez", intent=True)  # fmt: skip
    services.placement_agreement_sign(actor=w.guardian_user, placement_id=placement.pk,
                                      typed_name="Maria Lopez", intent=True)  # fmt: skip
    supervise = services.employer_link_issue(
        actor=w.admin, employer_id=w.employer.pk, purpose="supervise", contact_id=w.supervisor.pk
    )

    # 4. The supervisor signs the agreement, the student logs hours, the supervisor confirms.
    sup_ctx, sup = _page(chromium, base)
    sup_url = supervise.url.replace("http://127.0.0.1:8000", base)
    sup.goto(sup_url)
    sup.get_by_label("Type your full name to sign").fill("Dana Supervisor")
    sup.get_by_label("I agree to supervise this student").check()
    sup.get_by_role("button", name="Sign the agreement").click()
    sup.wait_for_load_state()
    student.goto(f"{base}/wbl/placements/{placement.pk}/")
    student.get_by_label("Day worked").fill(
        (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    )
    student.get_by_role("spinbutton", name="Hours").fill("6")
    student.get_by_role("button", name="Log hours").click()
    student.wait_for_load_state()
    assert "Hours logged" in student.locator("main").inner_text()
    student_ctx.close()

    sup.goto(sup_url)
    assert "Ana L." in sup.locator("main").inner_text()
    sup.get_by_role("button", name="Confirm the checked hours").click()
    sup.wait_for_load_state()
    assert "1 entry confirmed" in sup.locator("main").inner_text()
    sup.get_by_label("Above expectations").check()
    sup.get_by_role("button", name="Send the evaluation").click()
    sup.wait_for_load_state()
    assert "the evaluation is recorded" in sup.locator("main").inner_text()
    assert _a11y(sup) == []
    sup.screenshot(path=str(shots / "4-supervisor-confirms-and-evaluates.png"), full_page=True)
    sup_ctx.close()

    # 5. The vendor's compliance figure changes.
    assert _compliance(admin, base) == "100%"
    admin.screenshot(path=str(shots / "5-vendor-compliance-after.png"), full_page=True)
    admin_ctx.close()
