"""`openpathways rules`: the simulator in text and JSON, in Spanish, and its error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from openpathways.cli.main import cli
from tests.rules._util import request_data

ROOT = Path(__file__).resolve().parents[2]
ON = ["--on", "2025-09-15"]


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["rules", *args], input=stdin, catch_exceptions=False)


def write(tmp_path: Path, data: Any, name: str = "request.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_json_output_has_the_documented_shape(tmp_path: Path) -> None:
    path = write(tmp_path, request_data({"student": {"term_units_enrolled": 12},
                                         "section": {"units": 4}}))  # fmt: skip
    result = run("explain", str(path), "--format", "json", *ON)
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["decision"] == "ineligible"
    assert output["pack"] == "ca-dual-enrollment"
    rules = {r["id"]: r for r in output["rules"]}
    assert rules["ccap.unit-cap"]["passed"] is False
    assert rules["ccap.unit-cap"]["source"] == "EC 76004"
    assert rules["ccap.unit-cap"]["message"].startswith("16 units")
    assert rules["ccap.unit-cap"]["values"] == {
        "value": 16, "limit": 15, "expr": "student.term_units_enrolled + section.units",
    }  # fmt: skip
    assert rules["adult-ed.grades"]["passed"] is None
    assert rules["consent.present"]["passed"] is True


def test_the_example_from_the_issue_runs(tmp_path: Path) -> None:
    example = {
        "student": {"grade": 11, "program": "ccap", "consent": "granted",
                    "counselor_recommendation": True, "counseling_session_recorded": False,
                    "term_units_enrolled": 12, "term_courses_enrolled": 3},
        "section": {"units": 4, "term": "fall", "provider": "college", "grades_allowed": [11, 12],
                    "in_ccap_agreement": True, "high_school_only": False,
                    "at_high_school_during_school_day": False},
        "context": {"summer_recommended_share": 0.03},
    }  # fmt: skip
    result = run("explain", str(write(tmp_path, example)), "--format", "json", *ON)
    output = json.loads(result.stdout)
    assert output["decision"] == "ineligible"
    assert output["deciding_rules"] == ["ccap.unit-cap"]


def test_text_output_is_a_table_with_decision_and_sources(tmp_path: Path) -> None:
    path = write(tmp_path, request_data({"student": {"consent": "missing"}}))
    result = run("explain", str(path), *ON)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Decision: PENDING")
    assert "ca-dual-enrollment 2025.1" in lines[0]
    row = next(line for line in lines if "consent.present" in line)
    assert "failed (pending)" in row
    assert "EC 48800(a)" in row
    assert "Waiting for a parent" in row
    cap = next(line for line in lines if "ccap.unit-cap" in line)
    assert "passed" in cap
    assert "EC 76004" in cap


def test_spanish_text_and_json(tmp_path: Path) -> None:
    path = write(tmp_path, request_data({"student": {"consent": "revoked"}}))
    text = run("explain", str(path), "--lang", "es", *ON).stdout
    assert text.splitlines()[0].startswith("Decisión: PENDIENTE")
    assert "Regla" in text
    assert "no cumple (pendiente)" in text
    assert "revocó el consentimiento" in text
    output = json.loads(run("explain", str(path), "--lang", "es", "--format", "json", *ON).stdout)
    assert output["decision"] == "pending"  # the decision code stays the same in every language
    assert output["decision_label"] == "pendiente"
    revoked = next(r for r in output["rules"] if r["id"] == "consent.not-revoked")
    assert revoked["message"] == revoked["message_es"]
    assert "revocó" in revoked["message"]


def test_request_from_standard_input() -> None:
    result = run("explain", "-", "--format", "json", *ON, stdin=json.dumps(request_data()))
    assert json.loads(result.stdout)["decision"] == "eligible"


def test_pack_option_takes_an_id_or_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, request_data())
    by_id = run("explain", str(path), "--pack", "ca-dual-enrollment@2025.1", "--format", "json",
                *ON)  # fmt: skip
    assert json.loads(by_id.stdout)["version"] == "2025.1"
    agreement = tmp_path / "agreement.toml"
    agreement.write_text(
        '[pack]\nid = "tight"\nversion = "1"\neffective = 2025-07-01\n'
        'extends = "ca-dual-enrollment@2025.1"\n[overrides."ccap.unit-cap"]\ncheck.limit = 10\n',
        encoding="utf-8",
    )
    by_file = run("explain", str(path), "--pack", str(agreement), "--format", "json", *ON)
    output = json.loads(by_file.stdout)
    assert (output["pack"], output["decision"]) == ("tight", "ineligible")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"student": {"grade": 11,}}', "invalid JSON at line 1, column 26"),
        ('{\n  "student": {\n    "grade": 11\n  ', "invalid JSON at line 4, column 3"),
        ("[1, 2]", "expected a JSON object, got a list"),
    ],
)
def test_broken_json_names_line_and_column(tmp_path: Path, content: str, expected: str) -> None:
    path = write(tmp_path, content)
    result = run("explain", str(path))
    assert result.exit_code == 1
    assert f"Error: {path}: " in result.stderr
    assert expected in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"student": {"grade": "eleven"}},
         '$.student.grade: expected an integer, got a string "eleven"'),
        ({"student": {"grade": 11.5}}, "$.student.grade: expected an integer, got 11.5"),
        ({"student": {"program": "CCAP"}},
         "$.student.program: expected one of ccap, special-admit, adult-ed"),
        ({"student": {"consent": True}},
         "$.student.consent: expected a string, got a boolean true"),
        ({"student": {"counselor_recommendation": "yes"}},
         "$.student.counselor_recommendation: expected true or false"),
        ({"section": {"units": -1}}, "$.section.units: must be at least 0"),
        ({"section": {"grades_allowed": [11, "12"]}},
         "$.section.grades_allowed[1]: expected an integer"),
        ({"section": {"unitz": 3}}, "$.section.unitz: unknown field"),
        ({"context": {"summer_recommended_share": 5}},
         "$.context.summer_recommended_share: must be at most 1"),
        ({"section": {"meetings": [{"days": ["mon"], "start": "9:00", "end": "10:00"}]}},
         '$.section.meetings[0].start: expected a time "HH:MM"'),
        ({"section": {"meetings": [{"days": ["monday"], "start": "09:00", "end": "10:00"}]}},
         "$.section.meetings[0].days[0]: expected one of mon, tue"),
        ({"student": {"schedule": [{"days": ["mon"], "start": "10:00", "end": "09:00"}]}},
         "$.student.schedule[0].end: must be later than start"),
        ({"requested_documents": "ssn"}, "$.requested_documents: expected a list"),
        ({"section": 3}, "$.section: expected an object, got a number"),
    ],
)  # fmt: skip
def test_wrong_types_name_the_json_path(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    path = write(tmp_path, request_data(change))
    result = run("explain", str(path), "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"Error: {path}: {expected}" in result.stderr


def test_missing_request_file(tmp_path: Path) -> None:
    result = run("explain", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nowhere.json'}: cannot read the file" in result.stderr


def test_missing_required_field(tmp_path: Path) -> None:
    data = request_data()
    del data["section"]["term"]
    result = run("explain", str(write(tmp_path, data)))
    assert result.exit_code == 1
    assert "$.section.term: required field is missing" in result.stderr


def test_unknown_pack_is_a_clear_error(tmp_path: Path) -> None:
    result = run("explain", str(write(tmp_path, request_data())), "--pack", "nope")
    assert result.exit_code == 1
    assert "no rule pack named 'nope'" in result.stderr


def test_validate_reports_good_and_broken_packs(tmp_path: Path) -> None:
    shipped = ROOT / "src/openpathways/rules/packs/ca-dual-enrollment/2025.1.toml"
    broken = tmp_path / "broken.toml"
    broken.write_text(
        shipped.read_text(encoding="utf-8").replace('kind = "share_at_most"', 'kind = "share"'),
        encoding="utf-8",
    )
    result = run("validate", str(shipped), str(broken))
    assert result.exit_code == 1
    assert f"ok: {shipped}: ca-dual-enrollment@2025.1, 18 rules" in result.stdout
    assert "rule 'summer.grade-level-share': field 'check.kind': unknown check kind 'share'" in (
        result.stderr
    )
    assert f"{broken}:" in result.stderr


def test_list_shows_the_built_in_pack() -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "ca-dual-enrollment@2025.1  effective 2025-07-01, 18 rules" in result.stdout


def test_installed_command(tmp_path: Path) -> None:
    path = write(tmp_path, request_data({"student": {"grade": 9}}))
    executable = Path(sys.executable).parent / "openpathways"
    done = subprocess.run(
        [str(executable), "rules", "explain", str(path), "--format", "json", *ON],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["decision"] == "ineligible"


def test_explain_runs_without_django(tmp_path: Path) -> None:
    path = write(tmp_path, request_data())
    script = (
        "import sys; from openpathways.cli.commands.rules import command\n"
        f"command(['explain', {str(path)!r}, '--format', 'json', '--on', '2025-09-15'], "
        "standalone_mode=False)\n"
        "assert 'django' not in sys.modules, 'the simulator must not start Django'"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["decision"] == "eligible"


def test_rules_package_imports_no_django_and_no_other_app() -> None:
    script = (
        "import sys, openpathways.rules\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'ninja') or "
        "(m.startswith('openpathways.') and not m.startswith('openpathways.rules')))\n"
        "print(bad)\nassert not bad"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
