"""`openpathways seats runs`: create, run, results, publish, list; refusals name what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli
from openpathways.seats.models import AllocationRun, Offer
from openpathways.seats.tiers import EXAMPLE_TIERS
from tests.factories import StudentFactory
from tests.seats.conftest import apply, make_scenario

pytestmark = pytest.mark.django_db


def test_runs_commands_end_to_end(tmp_path: Path) -> None:
    sc = make_scenario([1])
    (a,) = sc.sections
    apply(StudentFactory(grade=12, school=sc.school), [a])
    apply(StudentFactory(grade=11, school=sc.school), [a])
    tiers = tmp_path / "tiers.json"
    tiers.write_text(json.dumps([EXAMPLE_TIERS[0]]), encoding="utf-8")
    runner = CliRunner()
    user = sc.coordinator.username
    created = runner.invoke(
        cli,
        ["seats", "runs", "create", "--as", user, "--term", str(sc.term.pk), "--program", "ccap",
         "--organization", str(sc.college.pk), "--seed", "77", "--tiers", str(tiers)],
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    run = AllocationRun.objects.get()
    assert f"Created run {run.pk}" in created.output
    assert "seed 77" in created.output
    ran = runner.invoke(cli, ["seats", "runs", "run", "--as", user, str(run.pk)])
    assert ran.exit_code == 0, ran.output
    assert "1 of 2 students placed" in ran.output
    results = runner.invoke(
        cli, ["seats", "runs", "results", "--as", user, str(run.pk), "--lang", "es"]
    )
    assert results.exit_code == 0, results.output
    assert "Sin lugar" in results.output
    published = runner.invoke(cli, ["seats", "runs", "publish", "--as", user, str(run.pk)])
    assert published.exit_code == 0, published.output
    assert "1 offers, 1 waiting" in published.output
    assert Offer.objects.count() == 1
    listed = runner.invoke(cli, ["seats", "runs", "list", "--as", user])
    assert "published" in listed.output
    assert "1/2" in listed.output


def test_runs_commands_refuse_clearly(tmp_path: Path) -> None:
    sc = make_scenario([1])
    runner = CliRunner()
    bad = tmp_path / "tiers.json"
    bad.write_text('[{"name": "x", "conditions": [{"fact": "grade", "op": "gte", "value": "12"}]}]')
    base = ["seats", "runs", "create", "--term", str(sc.term.pk), "--program", "ccap",
            "--organization", str(sc.college.pk)]  # fmt: skip
    no_actor = runner.invoke(cli, base)
    assert no_actor.exit_code != 0
    assert "--as USERNAME" in no_actor.output
    refused = runner.invoke(cli, [*base, "--as", sc.coordinator.username, "--tiers", str(bad)])
    assert refused.exit_code == 1
    assert "tier 1 (x), condition 1, field 'value': value '12'" in refused.output
    missing = runner.invoke(cli, ["seats", "runs", "run", "--as", sc.coordinator.username, "999"])
    assert missing.exit_code == 1
    assert "run 999: no such run" in missing.output
    assert not AllocationRun.objects.exists()
