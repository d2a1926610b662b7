"""Decisions of the default pack: the three outcomes, the caps at their boundaries, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.rules import load_pack, parse_request
from openpathways.rules.engine import evaluate
from tests.rules._util import ADULT_ED, decide, request_data

PACK = load_pack("ca-dual-enrollment@2025.1")


def test_complete_ccap_request_is_eligible_and_lists_every_rule() -> None:
    decision = decide()
    assert decision.decision == "eligible"
    assert decision.deciding == ()
    output = decision.to_dict("en")
    assert [r["id"] for r in output["rules"]] == [r.id for r in load_pack().rules]
    for rule in output["rules"]:
        assert set(rule) >= {"id", "passed", "source", "message"}
        assert rule["source"]
    statuses = {r["status"] for r in output["rules"]}
    assert statuses == {"passed", "not_applicable"}


@pytest.mark.parametrize(
    ("changes", "decision", "deciding"),
    [
        ([{"student": {"consent": "missing"}}], "pending", ["consent.present"]),
        ([{"student": {"consent": "revoked"}}], "pending", ["consent.not-revoked"]),
        ([{"student": {"counselor_recommendation": False}}], "pending",
         ["recommendation.present"]),
        ([ADULT_ED, {"student": {"counseling_session_recorded": False}}], "pending",
         ["adult-ed.counseling-session"]),
        ([{"student": {"term_units_enrolled": 13}}], "ineligible", ["ccap.unit-cap"]),
        ([{"student": {"grade": 10}}], "ineligible", ["section.grade-allowed"]),
        ([ADULT_ED, {"student": {"grade": 10}, "section": {"grades_allowed": [9, 10]}}],
         "ineligible", ["adult-ed.grades"]),
        # An ineligible failure outweighs a pending one; both are reported.
        ([{"student": {"consent": "missing", "term_courses_enrolled": 4}}], "ineligible",
         ["ccap.course-cap"]),
    ],
)  # fmt: skip
def test_decision_and_deciding_rules(
    changes: list[dict[str, Any]], decision: str, deciding: list[str]
) -> None:
    result = decide(*changes)
    assert result.decision == decision
    assert [r.id for r in result.deciding] == deciding


def test_pending_and_ineligible_failures_are_both_listed() -> None:
    result = decide({"student": {"consent": "missing", "term_courses_enrolled": 4}})
    failed = {r.id: r.rule.on_fail for r in result.results if r.status == "failed"}
    assert failed == {"consent.present": "pending", "ccap.course-cap": "ineligible"}


@pytest.mark.parametrize(
    ("program", "enrolled", "units", "passed"),
    [
        ("special-admit", 8, 3, True),  # 11: the cap is inclusive
        ("special-admit", 8, 3.5, False),  # 11.5
        ("special-admit", 7.5, 3.5, True),  # 11, from halves
        ("special-admit", 10.9, 0.1, True),  # 11.0 exactly, no float drift
        ("special-admit", 11, 0.5, False),
        ("ccap", 11, 4, True),  # 15
        ("ccap", 12, 4, False),  # 16
        ("ccap", 14.5, 0.5, True),  # 15
        ("ccap", 14.5, 1, False),  # 15.5
    ],
)
def test_unit_caps_at_the_boundary(
    program: str, enrolled: float, units: float, passed: bool
) -> None:
    rule_id = "special-admit.unit-cap" if program == "special-admit" else "ccap.unit-cap"
    result = decide(
        {"student": {"program": program, "term_units_enrolled": enrolled},
         "section": {"units": units}}
    )  # fmt: skip
    assert result.result(rule_id).passed is passed
    assert result.decision == ("eligible" if passed else "ineligible")


@pytest.mark.parametrize(("enrolled", "passed"), [(2, True), (3, True), (4, False), (5, False)])
def test_ccap_course_cap_counts_the_requested_section(enrolled: int, passed: bool) -> None:
    result = decide({"student": {"term_courses_enrolled": enrolled}}).result("ccap.course-cap")
    assert result.passed is passed
    assert result.values["value"] == enrolled + 1


@pytest.mark.parametrize(
    ("share", "passed", "shown"),
    [(0.03, True, "3%"), (0.05, True, "5%"), (0.0501, False, "5.01%"), (0.051, False, "5.1%")],
)
def test_summer_share_boundary(share: float, passed: bool, shown: str) -> None:
    result = decide(
        {"section": {"term": "summer"}, "context": {"summer_recommended_share": share}}
    ).result("summer.grade-level-share")
    assert result.passed is passed
    assert shown in result.messages["en"]
    assert shown in result.messages["es"]


def test_spanish_messages_carry_the_same_figures() -> None:
    result = decide({"student": {"term_units_enrolled": 12}, "section": {"units": 4}})
    cap = result.result("ccap.unit-cap")
    assert cap.messages["en"].startswith("16 units")
    assert cap.messages["es"].startswith("16 unidades")
    assert result.to_dict("es")["decision_label"] == "no elegible"


def test_rule_before_its_effective_date_is_not_applicable() -> None:
    pack = load_pack("ca-dual-enrollment@2025.1")
    request = parse_request(request_data({"student": {"term_units_enrolled": 20}}))
    result = evaluate(pack, request, on=date(2015, 9, 1)).result("ccap.unit-cap")
    assert result.status == "not_applicable"
    assert "2015-09-01" in result.messages["en"]
    assert "2016-01-01" in result.messages["en"]


def test_pack_version_is_chosen_by_date() -> None:
    assert load_pack("ca-dual-enrollment", on=date(2025, 9, 1)).version == "2025.1"
    with pytest.raises(LookupError, match="no version of rule pack 'ca-dual-enrollment'"):
        load_pack("ca-dual-enrollment", on=date(2025, 6, 30))


def test_unknown_pack_names_the_known_ones() -> None:
    with pytest.raises(LookupError, match=r"known packs: .*ca-dual-enrollment"):
        load_pack("ca-dual-enrolment")
    with pytest.raises(LookupError, match=r"known versions: 2025\.1"):
        load_pack("ca-dual-enrollment@2019.1")


HALVES = st.integers(min_value=0, max_value=40).map(lambda n: Decimal(n) / 2)


@settings(max_examples=200, deadline=None)
@given(program=st.sampled_from(["special-admit", "ccap"]), enrolled=HALVES, units=HALVES)
def test_unit_caps_match_the_statute_for_any_load(
    program: str, enrolled: Decimal, units: Decimal
) -> None:
    cap, rule_id = (11, "special-admit.unit-cap") if program == "special-admit" else (
        15, "ccap.unit-cap")  # fmt: skip
    result = decide(
        {"student": {"program": program, "term_units_enrolled": float(enrolled),
                     "term_courses_enrolled": 0}, "section": {"units": float(units)}},
        pack=PACK,
    )  # fmt: skip
    within = enrolled + units <= cap
    assert result.result(rule_id).passed is within
    assert result.decision == ("eligible" if within else "ineligible")
