"""Broken packs fail on load with the file, line, rule id and field of the mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from openpathways.rules import PackError, load_pack

HEADER = """\
[pack]
id = "test-pack"
version = "1.0"
effective = 2025-07-01
description = "A pack for tests."
"""

RULE = """\
[[rules]]
id = "{id}"
title = {{ en = "Unit cap", es = "Límite de unidades" }}
applies_when = {{ "student.program" = ["ccap"] }}
check = {{ kind = "max", expr = "student.term_units_enrolled + section.units", limit = 15 }}
on_fail = "ineligible"
messages.pass = {{ en = "{{value}} of {{limit}} units.", es = "{{value}} de {{limit}} unidades." }}
messages.fail = {{ en = "{{value}} is over {{limit}}.", es = "{{value}} supera {{limit}}." }}
source = {{ code = "EC 76004", title = "Education Code 76004" }}
"""


def write(tmp_path: Path, text: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(tmp_path: Path, old: str, new: str, *, rule_id: str = "cap") -> PackError:
    text = HEADER + "\n" + RULE.format(id=rule_id)
    assert old in text, old
    path = write(tmp_path, text.replace(old, new))
    with pytest.raises(PackError) as info:
        load_pack(path)
    return info.value


def line_of(path: str, needle: str) -> int:
    for number, line in enumerate(Path(path).read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_the_valid_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, HEADER + "\n" + RULE.format(id="cap")))
    assert (pack.id, pack.version, [r.id for r in pack.rules]) == ("test-pack", "1.0", ["cap"])


def test_unknown_check_kind(tmp_path: Path) -> None:
    error = broken(tmp_path, 'kind = "max"', 'kind = "maximum"')
    assert (error.rule, error.field) == ("cap", "check.kind")
    assert error.line == line_of(error.file, "maximum")
    assert "unknown check kind 'maximum'" in str(error)
    assert "max, min" in str(error)
    assert str(error).startswith(f"{error.file}:{error.line}: rule 'cap': field 'check.kind'")


def test_missing_spanish_message(tmp_path: Path) -> None:
    error = broken(tmp_path, ', es = "{value} supera {limit}." }', " }")
    assert (error.rule, error.field) == ("cap", "messages.fail.es")
    assert "Spanish" in error.detail
    assert error.line == line_of(error.file, "messages.fail")


def test_missing_english_title(tmp_path: Path) -> None:
    error = broken(tmp_path, 'en = "Unit cap", ', "")
    assert (error.rule, error.field) == ("cap", "title.en")


def test_missing_source(tmp_path: Path) -> None:
    error = broken(tmp_path, 'source = { code = "EC 76004", title = "Education Code 76004" }', "")
    assert (error.rule, error.field) == ("cap", "source")
    assert "every rule needs a source" in error.detail


def test_source_without_code(tmp_path: Path) -> None:
    error = broken(tmp_path, 'code = "EC 76004", ', "")
    assert (error.rule, error.field) == ("cap", "source.code")


@pytest.mark.parametrize(
    ("expr", "complaint"),
    [
        ("student.term_units_enrolled +", "not a valid expression"),
        ("student.term_units + section.units", "unknown field 'student.term_units'"),
        ("student.program + 1", "'student.program' is not a number"),
        ("max(section.units, 1)", "unsupported syntax"),
        ("section.units ** 2", "unsupported syntax"),
        ("__import__('os')", "unsupported syntax"),
        ("section.units + 'a'", "only numbers"),
    ],
)
def test_bad_expression(tmp_path: Path, expr: str, complaint: str) -> None:
    error = broken(
        tmp_path, 'expr = "student.term_units_enrolled + section.units"', f'expr = "{expr}"'
    )
    assert (error.rule, error.field) == ("cap", "check.expr")
    assert complaint in error.detail
    assert error.line == line_of(error.file, "check = ")


def test_duplicate_rule_ids(tmp_path: Path) -> None:
    text = HEADER + "\n" + RULE.format(id="cap") + "\n" + RULE.format(id="cap")
    path = write(tmp_path, text)
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert (info.value.rule, info.value.field) == ("cap", "id")
    assert "duplicate rule id" in info.value.detail
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == 'id = "cap"'][1]
    assert info.value.line == second


@pytest.mark.parametrize(
    ("old", "new", "field", "complaint"),
    [
        ("{{value}} of", "{{amount}} of", "messages.pass.en", "unknown placeholder {amount}"),
        ('on_fail = "ineligible"', 'on_fail = "denied"', "on_fail", "expected one of"),
        ('on_fail = "ineligible"', 'on_fial = "ineligible"', "on_fial", "unknown key"),
        ("limit = 15", 'limit = "15"', "check.limit", "expected a number"),
        ('["ccap"]', '["CCAP"]', "applies_when.student.program", "does not fit"),
        ('"student.program"', '"student.programme"', "applies_when.student.programme",
         "unknown request field"),
        ('kind = "max", expr = "student.term_units_enrolled + section.units", limit = 15',
         'kind = "flag", path = "student.grade"', "check.path", "this check needs bool"),
        ('kind = "max", expr = "student.term_units_enrolled + section.units", limit = 15',
         'kind = "share_at_most", path = "context.summer_recommended_share", limit = 5',
         "check.limit", "between 0 and 1"),
        ('kind = "max", expr = "student.term_units_enrolled + section.units", limit = 15',
         'kind = "in", path = "student.grade", values = [11], within = "section.grades_allowed"',
         "check.values", "exactly one of"),
        ('kind = "max", expr = "student.term_units_enrolled + section.units", limit = 15',
         'kind = "max", limit = 15', "check.expr", "needs 'expr'"),
    ],
)  # fmt: skip
def test_field_errors(tmp_path: Path, old: str, new: str, field: str, complaint: str) -> None:
    error = broken(tmp_path, old.replace("{{", "{").replace("}}", "}"),
                   new.replace("{{", "{").replace("}}", "}"))  # fmt: skip
    assert (error.rule, error.field) == ("cap", field)
    assert complaint in error.detail
    assert error.line is not None


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    error = broken(tmp_path, "limit = 15 }", "limit = 15")
    assert "not valid TOML" in error.detail
    assert "line" in error.detail


def test_header_needs_an_effective_date(tmp_path: Path) -> None:
    error = broken(tmp_path, "effective = 2025-07-01\n", "")
    assert error.field == "pack.effective"


def test_effective_date_must_be_a_toml_date(tmp_path: Path) -> None:
    error = broken(tmp_path, "effective = 2025-07-01", 'effective = "July 2025"')
    assert error.field == "pack.effective"
    assert "TOML date" in error.detail
    assert error.line == 4


def test_header_version_error_names_its_line(tmp_path: Path) -> None:
    error = broken(tmp_path, 'version = "1.0"', 'version = "first"')
    assert (error.field, error.line) == ("pack.version", 3)


def test_rule_id_must_be_an_identifier(tmp_path: Path) -> None:
    error = broken(tmp_path, 'id = "cap"', 'id = "Unit Cap"', rule_id="cap")
    assert error.field == "id"


# ------------------------------------------------------------------ extending packs

BASE = HEADER + "\n" + RULE.format(id="cap")


def agreement(overrides: str, extends: str = "test-pack@1.0") -> str:
    return f"""\
[pack]
id = "agreement"
version = "1.0"
effective = 2025-07-01
extends = "{extends}"

{overrides}
"""


def broken_agreement(tmp_path: Path, text: str) -> PackError:
    write(tmp_path, BASE, "base.toml")
    path = write(tmp_path, text, "agreement.toml")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert info.value.file == str(path)
    return info.value


def test_extends_an_unknown_pack(tmp_path: Path) -> None:
    error = broken_agreement(tmp_path, agreement("", extends="nope@1.0"))
    assert (error.field, error.line) == ("pack.extends", 5)
    assert "no rule pack nope@1.0" in error.detail


def test_extends_needs_a_fixed_version(tmp_path: Path) -> None:
    error = broken_agreement(tmp_path, agreement("", extends="test-pack"))
    assert (error.field, error.line) == ("pack.extends", 5)
    assert "a fixed version" in error.detail


def test_override_of_an_unknown_rule(tmp_path: Path) -> None:
    error = broken_agreement(tmp_path, agreement('[overrides."cpa"]\ncheck.limit = 12'))
    assert error.rule == "cpa"
    assert error.line == 7
    assert "no rule with this id in test-pack@1.0" in error.detail


def test_override_may_not_change_the_check_kind(tmp_path: Path) -> None:
    error = broken_agreement(tmp_path, agreement('[overrides."cap"]\ncheck.kind = "min"'))
    assert (error.rule, error.field) == ("cap", "check.kind")
    assert "write a new rule" in error.detail


def test_override_value_is_validated_in_the_agreement_file(tmp_path: Path) -> None:
    error = broken_agreement(tmp_path, agreement('[overrides."cap"]\ncheck.limit = "twelve"'))
    assert (error.rule, error.field) == ("cap", "check.limit")
    assert error.line == 8


def test_new_rule_may_not_reuse_a_base_id(tmp_path: Path) -> None:
    error = broken_agreement(tmp_path, agreement(RULE.format(id="cap")))
    assert "use [overrides]" in error.detail


def test_packs_may_not_extend_each_other_in_a_circle(tmp_path: Path) -> None:
    a = HEADER.replace('version = "1.0"', 'version = "1.0"\nextends = "test-pack@2.0"')
    b = HEADER.replace('version = "1.0"', 'version = "2.0"\nextends = "test-pack@1.0"')
    write(tmp_path, a + RULE.format(id="a"), "a.toml")
    write(tmp_path, b + RULE.format(id="b"), "b.toml")
    with pytest.raises(PackError, match="extends itself"):
        load_pack(tmp_path / "a.toml")


def test_the_shipped_packs_all_validate() -> None:
    from openpathways.rules import pack_list

    packs = pack_list()
    assert packs
    for pack_id, version, _ in packs:
        assert load_pack(f"{pack_id}@{version}").rules
