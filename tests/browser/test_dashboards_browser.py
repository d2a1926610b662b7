"""An analyst opens the equity dashboard on the demo partnership, filters to one school and sees
the disproportionate-impact flags and the students needed, with small groups shown as `*`; the
charts render from the project's own vega files; the page passes the accessibility check in
English and Spanish. Screenshots go to test-artifacts/dashboards/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openpathways.dashboards import selectors, tables
from tests.browser.test_shell_browser import _a11y
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
SHOTS = ROOT / "test-artifacts" / "dashboards"


@pytest.fixture
def demo_analyst(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[Any]:
    from openpathways.accounts.models import User
    from openpathways.demo.services import demo_build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DASHBOARD_SNAPSHOT_DIR = str(tmp_path / "snapshot")
    settings.DASHBOARD_SNAPSHOT_MAX_AGE = 0
    demo_build(size="small", seed=2026)
    tables.cache_clear()
    selectors.view_cache_clear()
    yield User.objects.get(username="analyst")
    tables.cache_clear()
    selectors.view_cache_clear()


def _school_with_flag(analyst: Any) -> tuple[str, str]:
    """(id, name) of a school whose published access table shows a DI flag and a hidden group."""
    board = selectors.dashboard_get(actor=analyst, name="equity", params={})
    for value, name in board.filters[0].options[1:]:
        shown = selectors.dashboard_get(actor=analyst, name="equity", params={"school": value})
        di = shown.table("access_di")
        assert di is not None
        if any(r["di"] is True for r in di.rows) and any(r["n"] == "*" for r in di.rows):
            return value, name
    pytest.fail("no school with a DI flag and a hidden group in the small demo")


def _charts_rendered(page: Any) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vega-chart')]"
        ".every(el => el.dataset.rendered === 'true' && el.querySelector('svg'))",
        timeout=20_000,
    )


def test_analyst_filters_the_equity_dashboard_to_one_school(
    chromium: Any, live_server: Any, demo_analyst: Any
) -> None:
    from openpathways.demo.services import DEMO_PASSWORD

    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    try:
        page.goto(base + "/accounts/login/")
        page.get_by_label("Username").fill("analyst")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_url(base + "/")
        page.get_by_role("link", name="Dashboards").first.click()
        page.get_by_role("link", name="Equity dashboard").click()
        page.wait_for_url(base + "/dashboards/equity/")
        _charts_rendered(page)
        assert page.locator("h1").inner_text() == "Equity dashboard"
        page.screenshot(path=str(SHOTS / "1-equity-all-schools.png"), full_page=False)

        school_id, school_name = _school_with_flag(demo_analyst)
        page.get_by_label("School", exact=True).select_option(label=school_name)
        page.get_by_label("Student groups").select_option(label="Race/ethnicity")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(f"**school={school_id}**")
        _charts_rendered(page)

        table = page.get_by_role("table", name="Access gap: disproportionate impact")
        header = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        rows = [
            [c.strip() for c in row.locator("th, td").all_inner_texts()]
            for row in table.locator("tbody tr").all()
        ]
        flag = header.index("Disproportionate impact")
        to_lose = header.index("Students needed to lose the flag")
        parity = header.index("Students needed for parity")
        flagged = [r for r in rows if r[flag] == "Yes"]
        assert flagged, rows
        assert all(int(r[to_lose]) >= 1 and int(r[parity]) >= int(r[to_lose]) for r in flagged)
        small = [r for r in rows if r[1] == "*"]
        assert small, "small groups are shown as *"
        assert all(set(r[3:]) == {"*"} for r in small), small
        assert school_name in table.locator("caption").inner_text()
        assert _a11y(page) == []
        section = page.locator("#section-access_di")
        section.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "2-equity-one-school-di.png"), full_page=False)
        section.screenshot(path=str(SHOTS / "3-equity-di-table-and-chart.png"))

        with page.expect_download() as download:
            section.get_by_role("link", name="CSV").click()
        csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert csv_text.splitlines()[0].split(",")[0] == "Student group"
        assert sum(line.split(",")[1] == "*" for line in csv_text.splitlines()[1:]) == len(small)

        page.get_by_role("button", name="Español").click()
        page.wait_for_load_state()
        page.goto(base + f"/dashboards/equity/?school={school_id}")
        _charts_rendered(page)
        assert page.locator("h1").inner_text() == "Panel de equidad"
        assert "Impacto desproporcionado" in page.locator("#table-access_di thead").inner_text()
        assert _a11y(page) == []
        page.screenshot(path=str(SHOTS / "4-equity-es.png"), full_page=False)
    finally:
        context.close()
    outside = [u for u in requests if not u.startswith(base)]
    assert outside == [], f"requests left the server: {outside[:3]}"
