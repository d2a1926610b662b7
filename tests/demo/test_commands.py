"""The operator commands: demo --no-serve, stats, migrate, and a served demo end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.accounts.models import User
from openpathways.cli.main import cli
from openpathways.demo.selectors import entity_counts


@pytest.mark.django_db
def test_demo_no_serve_builds_and_prints_every_account_then_says_it_rebuilds() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--size", "tiny", "--seed", "3", "--no-serve"])
    assert result.exit_code == 0, result.output
    for username in ("county.admin", "district.admin", "school.admin", "counselor",
                     "college.staff", "adulted.staff", "employer", "city.partner", "student",
                     "guardian", "analyst"):  # fmt: skip
        assert username in result.output
    assert "pathways-demo" in result.output
    assert "/accounts/demo-login/" in result.output
    assert "Rebuilding" not in result.output
    again = runner.invoke(cli, ["demo", "--size", "tiny", "--seed", "3", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "Rebuilding from scratch" in again.output


@pytest.mark.django_db
def test_demo_refuses_an_unknown_size() -> None:
    result = CliRunner().invoke(cli, ["demo", "--size", "galaxy", "--no-serve"])
    assert result.exit_code != 0
    assert "galaxy" in result.output
    assert "tiny" in result.output


def test_stats_json_reports_what_was_built(tiny_demo) -> None:
    result = CliRunner().invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats == entity_counts()
    assert stats["organizations_by_kind"]["college"] == 9
    assert stats["organizations_by_kind"]["county_office"] == 1
    assert stats["students_by_status"]["enrolled"] == 320
    assert stats["compacts"] == 9
    assert stats["audit_events"] == 1
    assert 0 < stats["schools_serving_9_12"] < stats["schools"]
    assert set(stats["opportunities_by_type"]) == {
        "college_credit", "cte_pathway", "industry_certification", "work_based_learning",
        "aa_degree"}  # fmt: skip
    assert stats["hours_logs"] >= 0
    assert stats["credentials"] > 0
    # Counts only: no student's name appears.
    demo_student = User.objects.get(username="student").student
    assert demo_student is not None
    assert demo_student.last_name not in result.output


def test_stats_table_lists_each_entity(tiny_demo) -> None:
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    for label in ("organizations by kind", "students", "guardians", "sections",
                  "applications by status", "vendor contracts", "audit events"):  # fmt: skip
        assert label in result.output


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_openpathways_demo_serves_and_its_links_sign_in(tmp_path: Path) -> None:
    """End to end in a separate process, on its own SQLite file."""
    port = _free_port()
    env = {**os.environ, "OPENPATHWAYS_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("OPENPATHWAYS_DEMO_LOGIN", None)
    exe = Path(sys.executable).with_name("openpathways")
    proc = subprocess.Popen(
        [str(exe), "demo", "--size", "tiny", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        output, deadline = "", time.monotonic() + 60
        while "Serving OpenPathways" not in output and time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line and proc.poll() is not None:
                break
            output += line
        assert "Serving OpenPathways" in output, output
        links = dict(re.findall(r"^\s+(Counselor|Analyst)\s+(http://\S+)$", output, re.M))
        assert set(links) == {"Counselor", "Analyst"}
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(50):  # the server may need a moment to bind
            try:
                page = opener.open(links["Counselor"], timeout=10)
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert page.url == f"http://127.0.0.1:{port}/"
        assert "sessionid" in {c.name for c in jar}
        tampered = links["Analyst"][:-3] + "xx/"
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(tampered, timeout=10)  # noqa: S310 - local test server
        assert err.value.code == 404
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/css/site.css", timeout=10)
        assert css.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.django_db
def test_migrate_command_applies_migrations_and_names_the_database() -> None:
    result = CliRunner().invoke(cli, ["migrate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Database: sqlite3") or "postgresql" in result.output


def test_serve_refuses_a_port_out_of_range() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code != 0
    assert "70000" in result.output
