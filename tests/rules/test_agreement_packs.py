"""An agreement sets its own caps and rules in a pack that extends the state pack: no code."""

from __future__ import annotations

from pathlib import Path

import pytest

from openpathways.rules import load_pack, pack_list
from tests.rules._util import ADULT_ED, decide

AGREEMENT = """\
[pack]
id = "eastside-ccap"
version = "2025.2"
effective = 2025-08-01
description = "Eastside USD and City College CCAP agreement: a 12-unit cap, summer exemption."
extends = "ca-dual-enrollment@2025.1"

[overrides."ccap.unit-cap"]
check.limit = 12
source = { code = "Eastside CCAP agreement, section 4.2", title = "12 units per term at most" }

[overrides."summer.grade-level-share"]
enabled = false

[overrides."adult-ed.counseling-session"]
on_fail = "ineligible"

[[rules]]
id = "eastside.grade-11-up"
title = { en = "Juniors and seniors only", es = "Solo 11.º y 12.º grado" }
check = { kind = "min", expr = "student.grade", limit = 11 }
on_fail = "ineligible"
messages.pass = { en = "Grade {value} may take part.", es = "El grado {value} puede participar." }
messages.fail = { en = "Starts at grade {limit}.", es = "Empieza en el grado {limit}." }
source = { code = "Eastside CCAP agreement, section 3.1", title = "Eligible students" }
"""


@pytest.fixture
def agreement_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "eastside-ccap"
    folder.mkdir()
    (folder / "2025.2.toml").write_text(AGREEMENT, encoding="utf-8")
    return tmp_path


def test_override_changes_the_cap_and_its_citation(agreement_dir: Path) -> None:
    pack = load_pack("eastside-ccap", dirs=[agreement_dir])
    assert (pack.ref, pack.extends) == ("eastside-ccap@2025.2", "ca-dual-enrollment@2025.1")
    twelve = decide({"student": {"term_units_enrolled": 9}, "section": {"units": 3}}, pack=pack)
    thirteen = decide({"student": {"term_units_enrolled": 10}, "section": {"units": 3}}, pack=pack)
    assert twelve.decision == "eligible"
    assert thirteen.decision == "ineligible"
    cap = thirteen.result("ccap.unit-cap")
    assert "13 units" in cap.messages["en"]
    assert "12 units" in cap.messages["en"]
    assert cap.source.code == "Eastside CCAP agreement, section 4.2"
    assert cap.rule.origin == "eastside-ccap@2025.2"
    # The state pack itself is unchanged.
    state = decide({"student": {"term_units_enrolled": 10}, "section": {"units": 3}})
    assert state.decision == "eligible"
    assert state.result("ccap.unit-cap").rule.origin == "ca-dual-enrollment@2025.1"


def test_override_turns_a_rule_off_and_says_so(agreement_dir: Path) -> None:
    pack = load_pack("eastside-ccap", dirs=[agreement_dir])
    result = decide(
        {"section": {"term": "summer"}, "context": {"summer_recommended_share": 0.2}}, pack=pack
    )
    share = result.result("summer.grade-level-share")
    assert share.status == "not_applicable"
    assert "turned off by pack eastside-ccap@2025.2" in share.messages["en"]
    assert "eastside-ccap@2025.2" in share.messages["es"]
    assert result.decision == "eligible"


def test_override_changes_the_outcome(agreement_dir: Path) -> None:
    pack = load_pack("eastside-ccap", dirs=[agreement_dir])
    result = decide(ADULT_ED, {"student": {"counseling_session_recorded": False}}, pack=pack)
    assert result.decision == "ineligible"


def test_agreement_adds_its_own_rule_after_the_state_rules(agreement_dir: Path) -> None:
    pack = load_pack("eastside-ccap", dirs=[agreement_dir])
    assert pack.rules[-1].id == "eastside.grade-11-up"
    assert len(pack.rules) == len(load_pack().rules) + 1
    result = decide(
        {"student": {"grade": 10}, "section": {"grades_allowed": [9, 10, 11, 12]}}, pack=pack
    )
    assert result.decision == "ineligible"
    assert [r.id for r in result.deciding] == ["eastside.grade-11-up"]


def test_agreement_packs_are_found_through_the_environment(
    agreement_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENPATHWAYS_RULE_PACKS", str(agreement_dir))
    assert ("eastside-ccap", "2025.2") in {(i, v) for i, v, _ in pack_list()}
    assert load_pack("eastside-ccap@2025.2").rule("ccap.unit-cap").check.params["limit"] == 12


def test_agreement_pack_loads_from_its_file(agreement_dir: Path) -> None:
    pack = load_pack(agreement_dir / "eastside-ccap" / "2025.2.toml")
    assert pack.rule("ccap.unit-cap").check.params["limit"] == 12


def test_digest_changes_when_a_version_is_edited_in_place(agreement_dir: Path) -> None:
    path = agreement_dir / "eastside-ccap" / "2025.2.toml"
    before = load_pack(path).digest
    assert before == load_pack(path).digest
    assert before != load_pack().digest
    path.write_text(AGREEMENT.replace("check.limit = 12", "check.limit = 13"), encoding="utf-8")
    assert load_pack(path).digest != before
    assert len(before) == 64
