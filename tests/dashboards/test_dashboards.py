"""The analytics dashboards as an analyst, a district administrator and other roles see them:
suppression of small groups (and of the rates and flags computed from them), the internal view,
exports of exactly what is shown, Spanish, the cache and the on-demand snapshot."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from openpathways.accounts.models import User
from openpathways.audit.models import AuditEvent
from openpathways.dashboards import tables
from openpathways.dashboards.selectors import dashboard_get

COUNT_HEADERS = ("Students", "Participants", "Successes", "Enrollments", "Students (n)",
                 "Graduates", "Withdrawals")  # fmt: skip


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _tables(html: str) -> dict[str, list[list[str]]]:
    """Each table of the page by id: header row then body rows, as text."""
    found: dict[str, list[list[str]]] = {}
    for tid, body in re.findall(r'<table class="dash-table" id="table-([\w-]+)">(.*?)</table>',
                                html, re.S):  # fmt: skip
        rows = []
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            rows.append([re.sub(r"<[^>]+>", "", c).strip()
                         for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)])  # fmt: skip
        found[tid] = rows
    return found


def _equity_school(analyst: Any) -> str:
    """A school whose published DI table shows a flag and a hidden small group."""
    board = dashboard_get(actor=analyst, name="equity", params={})
    for value, _label in board.filters[0].options[1:]:
        b = dashboard_get(actor=analyst, name="equity", params={"school": value})
        di = b.table("access_di")
        assert di is not None
        if any(r["di"] is True for r in di.rows) and any(r["n"] == "*" for r in di.rows):
            return value
    pytest.fail("no school with both a DI flag and a hidden group in the small demo")


def test_analyst_sees_small_groups_as_star_with_their_rates_and_flags(demo: Path) -> None:
    analyst = User.objects.get(username="analyst")
    school = _equity_school(analyst)
    html = _client("analyst").get("/dashboards/equity/", {"school": school}).content.decode()
    shown = _tables(html)
    di = shown["access_di"]
    header, rows = di[0], di[1:]
    assert "Disproportionate impact" in header
    assert "Students needed to lose the flag" in header
    assert any(r[header.index("Disproportionate impact")] == "Yes" for r in rows)
    small = [r for r in rows if r[1] == "*"]
    assert small, "a small group is shown as *"
    for r in small:  # every figure derived from a hidden count is hidden too
        assert all(cell == "*" for cell in r[3:]), r
    # complementary suppression: the groups add up to the all-students row, so a block never
    # hides exactly one of its counts
    access = shown["access"]
    for column in range(1, 3):
        hidden = sum(r[column] == "*" for r in access[1:])
        assert hidden != 1, (access[0][column], access)
    # no table of the page shows a count of 1 to 10 students
    for tid, (head, *body) in shown.items():
        for i, name in enumerate(head):
            if name in COUNT_HEADERS:
                for r in body:
                    value = r[i].replace(",", "")
                    assert not (value.isdigit() and 1 <= int(value) <= 10), (tid, name, r)


def test_internal_view_is_for_district_administrators_only(demo: Path) -> None:
    analyst = _client("analyst").get("/dashboards/equity/", {"view": "internal"}).content.decode()
    assert "Internal view" not in analyst
    assert 'name="view"' not in analyst
    assert "*" in "".join(c for r in _tables(analyst)["access"] for c in r)
    admin = _client("district.admin").get("/dashboards/equity/", {"view": "internal"})
    html = admin.content.decode()
    assert "Internal view: figures are not suppressed" in html
    counts = [r[1] for r in _tables(html)["access"][1:]]
    assert "*" not in counts
    assert any(c.isdigit() and 1 <= int(c) <= 10 for c in counts)


def test_exports_hold_exactly_what_is_shown(demo: Path) -> None:
    client = _client("analyst")
    analyst = User.objects.get(username="analyst")
    school = _equity_school(analyst)
    page = _tables(client.get("/dashboards/equity/", {"school": school}).content.decode())
    response = client.get("/dashboards/equity/export.csv", {"school": school, "table": "access_di"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == page["access_di"]

    response = client.get("/dashboards/equity/export.xlsx", {"school": school})
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == len(page)
    sheet = book.worksheets[1]  # the access DI table, second on the page
    values = [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=2, max_row=len(page["access_di"]) + 1)
    ]
    assert [str(v) for v in values[0]] == page["access_di"][0]
    rate = page["access_di"][0].index("Rate")
    for shown, cells in zip(page["access_di"][1:], values[1:], strict=True):
        assert cells[0] == shown[0]
        assert (cells[1] == "*") == (shown[1] == "*")
        if shown[1] != "*":
            assert f"{cells[1]:,}" == shown[1]
        if shown[rate] == "*":
            assert cells[rate] == "*"
        else:
            assert f"{cells[rate] * 100:.1f}%" == shown[rate]

    png = client.get("/dashboards/equity/export.png", {"school": school, "table": "access_di"})
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert AuditEvent.objects.filter(action="dashboards.exported").count() == 3


def test_exports_are_suppressed_even_from_the_internal_view(demo: Path) -> None:
    client = _client("district.admin")
    response = client.get("/dashboards/equity/export.csv", {"view": "internal", "table": "access"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "*" in [r[1] for r in rows[1:]]


@pytest.mark.parametrize("name", ["goals", "equity", "compacts", "vendors"])
def test_each_dashboard_shows_charts_and_tables_in_english_and_spanish(
    demo: Path, name: str
) -> None:
    client = _client("analyst")
    html = client.get(f"/dashboards/{name}/").content.decode()
    assert 'class="vega-chart"' in html
    assert "/static/vendor/vega/vega-embed-7.3.0.min.js" in html
    assert "cdn" not in html.lower()
    assert "<caption>" in html
    client.cookies["django_language"] = "es"
    spanish = client.get(f"/dashboards/{name}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    titles = {
        "goals": "Seguimiento de metas",
        "equity": "Panel de equidad",
        "compacts": "Cobertura de los Pactos Educativos",
        "vendors": "Cumplimiento de proveedores",
    }
    assert f"<h1>{titles[name]}</h1>" in spanish


def test_roles_without_dashboards_are_refused(demo: Path) -> None:
    assert _client("student").get("/dashboards/equity/").status_code == 403
    partner = _client("city.partner")
    assert partner.get("/dashboards/equity/").status_code == 403
    assert partner.get("/dashboards/compacts/").status_code == 200


def test_tables_are_cached_by_snapshot_fingerprint(demo: Path, settings: Any) -> None:
    from openpathways.dashboards.snapshot import snapshot_refresh

    client = _client("analyst")
    assert not demo.exists()
    client.get("/dashboards/equity/")  # writes the missing snapshot, computes
    assert (demo / "manifest.json").is_file()
    computed = tables.stats["computed"]
    client.get("/dashboards/equity/", {"group_type": "gender"})  # other filters, same tables
    assert tables.stats["computed"] == computed
    snapshot_refresh()  # a new snapshot: new fingerprint, computed again
    client.get("/dashboards/equity/")
    assert tables.stats["computed"] > computed


def test_a_stale_snapshot_is_written_again(demo: Path, settings: Any) -> None:
    import json

    from openpathways.dashboards.snapshot import snapshot_ensure

    first = snapshot_ensure()
    manifest = json.loads((demo / "manifest.json").read_text())
    manifest["exported_at"] = "2020-01-01T00:00:00+00:00"
    (demo / "manifest.json").write_text(json.dumps(manifest))
    settings.DASHBOARD_SNAPSHOT_MAX_AGE = 3600
    again = snapshot_ensure()
    assert again.fingerprint != first.fingerprint
    assert again.exported_at is not None
    assert again.exported_at.year > 2020


def test_goal_tracker_coverage_agrees_with_the_school_list_and_the_gap_list(demo: Path) -> None:
    shown = _tables(_client("analyst").get("/dashboards/goals/").content.decode())
    coverage = {row[0]: row for row in shown["coverage"][1:]}
    schools = shown["schools"][1:]
    offering = [r for r in schools if r[-1] != "0"]
    at_least_one = coverage["At least one of the five"]
    assert at_least_one[1:3] == [f"{len(offering):,}", f"{len(schools):,}"]
    assert at_least_one[3] == f"{len(offering) / len(schools) * 100:.1f}%"
    gaps = [r[0] for r in shown.get("gaps", [[]])[1:]]
    assert gaps == sorted(r[0] for r in schools if r[-1] == "0")
    college = coverage["College-credit course"]
    assert college[1] == f"{sum(r[1] == '✓' for r in schools):,}"
