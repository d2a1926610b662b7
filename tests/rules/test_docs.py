"""The rules documentation stays true to the code: fields, check kinds, rules and examples."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from openpathways.rules import CHECK_KINDS, FIELDS, evaluate, load_pack, parse_request_text

ROOT = Path(__file__).resolve().parents[2]
RULES_MD = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
HOWTO_MD = (ROOT / "docs" / "howto" / "add-a-rule.md").read_text(encoding="utf-8")


def test_every_request_field_is_documented() -> None:
    for path in FIELDS:
        assert f"| `{path}` |" in RULES_MD, path


def test_every_check_kind_is_documented() -> None:
    for kind, spec in CHECK_KINDS.items():
        row = next(line for line in RULES_MD.splitlines() if line.startswith(f"| `{kind}` |"))
        for placeholder in spec.placeholders:
            assert f"`{{{placeholder}}}`" in row, (kind, placeholder)


def test_every_default_rule_is_documented_with_its_source() -> None:
    for rule in load_pack().rules:
        row = next(line for line in RULES_MD.splitlines() if line.startswith(f"| `{rule.id}` |"))
        assert row.rstrip().endswith(f"| {rule.source.code} |"), rule.id
        assert f"| {rule.on_fail} |" in row, rule.id


def test_the_documented_request_gives_the_documented_decision() -> None:
    block = RULES_MD.split("cat > /tmp/request.json <<'EOF'\n")[1].split("\nEOF")[0]
    decision = evaluate(load_pack(), parse_request_text(block), on=date(2025, 9, 15))
    assert decision.decision == "ineligible"
    assert decision.result("ccap.unit-cap").values["value"] == 16


def test_the_howto_rule_loads_and_works(tmp_path: Path) -> None:
    rule = HOWTO_MD.split("```toml\n")[1].split("```")[0]
    rule = re.sub(r"\s+#.*", "", rule)
    pack = tmp_path / "college.toml"
    pack.write_text(
        '[pack]\nid = "college"\nversion = "1"\neffective = 2025-07-01\n'
        f'extends = "ca-dual-enrollment@2025.1"\n\n{rule}',
        encoding="utf-8",
    )
    loaded = load_pack(pack)
    request = json.dumps(
        {"student": {"grade": 11, "program": "special-admit", "consent": "granted",
                     "counselor_recommendation": True, "term_units_enrolled": 0},
         "section": {"units": 5.5, "term": "fall", "provider": "college"}}
    )  # fmt: skip
    result = evaluate(loaded, parse_request_text(request), on=date(2025, 9, 15))
    assert result.decision == "ineligible"
    assert [r.id for r in result.deciding] == ["college.section-size"]
    assert "this one has 5.5" in result.result("college.section-size").messages["en"]
