"""Each check kind of the closed set, evaluated on a small pack written for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openpathways.rules import evaluate, load_pack, parse_request
from tests.rules._util import request_data

PACK = """\
[pack]
id = "kinds"
version = "1"
effective = 2025-07-01

[[rules]]
id = "term.is-fall"
title = { en = "Fall only", es = "Solo otoño" }
check = { kind = "equals", path = "section.term", value = "fall" }
on_fail = "pending"
messages.pass = { en = "Term {value}.", es = "Periodo {value}." }
messages.fail = { en = "Term {value}, expected {expected}.", es = "{value}, no {expected}." }
source = { code = "Test 1", title = "Test rule" }

[[rules]]
id = "load.at-least"
title = { en = "Half time", es = "Medio tiempo" }
check = { kind = "min", expr = "(student.term_units_enrolled + section.units) * 2", limit = 12 }
on_fail = "info"
messages.pass = { en = "{value} >= {limit}, {over} over.", es = "{value} >= {limit}." }
messages.fail = { en = "{value} < {limit}, {room} short.", es = "{value} < {limit}." }
source = { code = "Test 2", title = "Test rule" }

[[rules]]
id = "program.not-adult"
title = { en = "Not adult ed", es = "No adultos" }
check = { kind = "not_in", path = "student.program", values = ["adult-ed", "special-admit"] }
on_fail = "ineligible"
effective_until = 2025-12-31
messages.pass = { en = "Program {value} is not one of {values}.", es = "Programa {value}." }
messages.fail = { en = "Program {value} is one of {values}.", es = "Programa {value} excluido." }
source = { code = "Test 3", title = "Test rule" }
"""


@pytest.fixture
def pack(tmp_path: Path) -> Any:
    path = tmp_path / "kinds.toml"
    path.write_text(PACK, encoding="utf-8")
    return load_pack(path)


def run(pack: Any, *changes: dict[str, Any], on: date = date(2025, 9, 1)) -> Any:
    return evaluate(pack, parse_request(request_data(*changes)), on=on)


def test_equals(pack: Any) -> None:
    assert run(pack).result("term.is-fall").messages["en"] == "Term fall."
    spring = run(pack, {"section": {"term": "spring"}})
    assert spring.result("term.is-fall").messages["en"] == "Term spring, expected fall."
    assert spring.decision == "pending"


def test_min_with_arithmetic(pack: Any) -> None:
    # (8 + 3) * 2 = 22
    assert run(pack).result("load.at-least").messages["en"] == "22 >= 12, 10 over."
    low = run(pack, {"student": {"term_units_enrolled": 1}, "section": {"units": 2.5}})
    assert low.result("load.at-least").messages["en"] == "7 < 12, 5 short."
    assert low.decision == "eligible"  # an info rule never decides


def test_not_in_lists_the_values_in_each_language(pack: Any) -> None:
    result = run(pack, {"student": {"program": "special-admit"}}).result("program.not-adult")
    assert result.messages["en"] == "Program special-admit is one of adult-ed or special-admit."
    assert result.messages["es"] == "Programa special-admit excluido."
    assert result.values["values"] == ("adult-ed", "special-admit")


def test_effective_until(pack: Any) -> None:
    result = run(pack, on=date(2026, 1, 5)).result("program.not-adult")
    assert result.status == "not_applicable"
    assert "until 2025-12-31" in result.messages["en"]
    assert "hasta el 2025-12-31" in result.messages["es"]
