"""Every rule of the default pack: its pass, its failure, its not-applicable case, its citation."""

from __future__ import annotations

from typing import Any

import pytest

from openpathways.rules import FIELDS, load_pack
from tests.rules._util import ADULT_ED, DELETE, decide

PACK = load_pack("ca-dual-enrollment@2025.1")

SOURCES = {
    "consent.present": "EC 48800(a)",
    "consent.not-revoked": "Title 5 (2023)",
    "recommendation.present": "EC 48800(a)",
    "section.grade-allowed": "EC 48800(a)",
    "special-admit.unit-cap": "EC 76001(d)",
    "ccap.unit-cap": "EC 76004",
    "ccap.course-cap": "EC 76004",
    "ccap.course-in-agreement": "EC 76004",
    "ccap.closed-section-ccap-only": "EC 76004",
    "ccap.closed-section-at-high-school": "EC 76004",
    "summer.grade-level-share": "EC 48800(d)(2)",
    "adult-ed.grades": "EC 52500.1(a)",
    "adult-ed.counseling-session": "EC 52500.1(b)(2)",
    "adult-ed.consent": "EC 52500.1(a)",
    "adult-ed.seniors-first": "EC 52523(a)",
    "course.prerequisites": "5 CCR 55003",
    "schedule.no-conflict": "Partnership practice",
    "documents.not-required": "Title 5 (2023)",
}

SPECIAL = {"student": {"program": "special-admit"}}
SUMMER = {"section": {"term": "summer"}}
CLOSED = {"section": {"high_school_only": True, "at_high_school_during_school_day": True}}
PREREQ = {"section": {"prerequisites": ["MATH 125"]}}
MEETS = {
    "section": {
        "course": "CS 101",
        "meetings": [{"days": ["mon", "wed"], "start": "15:30", "end": "16:45"}],
    }
}


def sched(start: str, end: str, days: list[str] | None = None) -> dict[str, Any]:
    return {"student": {"schedule": [
        {"days": days or ["wed"], "start": start, "end": end, "label": "Robotics"}
    ]}}  # fmt: skip


# (rule id, case, changes to the base request, expected status, text expected in the message)
CASES: list[tuple[str, str, list[dict[str, Any]], str, str]] = [
    ("consent.present", "granted", [], "passed", "recorded"),
    ("consent.present", "missing", [{"student": {"consent": "missing"}}], "failed", "Waiting"),
    (
        "consent.present",
        "revoked counts as given",
        [{"student": {"consent": "revoked"}}],
        "passed",
        "recorded",
    ),
    ("consent.present", "adult ed", [ADULT_ED], "not_applicable", "section.provider"),
    ("consent.not-revoked", "granted", [], "passed", "not been revoked"),
    (
        "consent.not-revoked",
        "adult ed",
        [ADULT_ED, {"student": {"consent": "revoked"}}],
        "not_applicable",
        "section.provider",
    ),
    (
        "consent.not-revoked",
        "revoked",
        [{"student": {"consent": "revoked"}}],
        "failed",
        "revoked the consent",
    ),
    ("recommendation.present", "on file", [], "passed", "on file"),
    (
        "recommendation.present",
        "false",
        [{"student": {"counselor_recommendation": False}}],
        "failed",
        "Waiting for the recommendation",
    ),
    (
        "recommendation.present",
        "not given",
        [{"student": {"counselor_recommendation": DELETE}}],
        "failed",
        "student.counselor_recommendation",
    ),
    ("recommendation.present", "adult-ed", [ADULT_ED], "not_applicable", "section.provider"),
    ("section.grade-allowed", "grade 11 in 11-12", [], "passed", "Grade 11"),
    (
        "section.grade-allowed",
        "grade 10",
        [{"student": {"grade": 10}}],
        "failed",
        "admits grades 11 or 12",
    ),
    (
        "section.grade-allowed",
        "list not given",
        [{"section": {"grades_allowed": DELETE}}],
        "not_applicable",
        "section.grades_allowed",
    ),
    (
        "section.grade-allowed",
        "empty list admits all",
        [{"section": {"grades_allowed": []}}, {"student": {"grade": 9}}],
        "passed",
        "Grade 9",
    ),
    (
        "special-admit.unit-cap",
        "7 + 4 = 11",
        [SPECIAL, {"student": {"term_units_enrolled": 7}, "section": {"units": 4}}],
        "passed",
        "11 of at most 11",
    ),
    (
        "special-admit.unit-cap",
        "7.5 + 4 = 11.5",
        [SPECIAL, {"student": {"term_units_enrolled": 7.5}, "section": {"units": 4}}],
        "failed",
        "11.5 units",
    ),
    ("special-admit.unit-cap", "CCAP student", [], "not_applicable", "special-admit"),
    (
        "special-admit.unit-cap",
        "units not given",
        [SPECIAL, {"student": {"term_units_enrolled": DELETE}}],
        "failed",
        "student.term_units_enrolled",
    ),
    (
        "ccap.unit-cap",
        "11 + 4 = 15",
        [{"student": {"term_units_enrolled": 11}, "section": {"units": 4}}],
        "passed",
        "15 of at most 15",
    ),
    (
        "ccap.unit-cap",
        "12 + 4 = 16",
        [{"student": {"term_units_enrolled": 12}, "section": {"units": 4}}],
        "failed",
        "16 units",
    ),
    ("ccap.unit-cap", "special admit", [SPECIAL], "not_applicable", "ccap"),
    (
        "ccap.course-cap",
        "3 + 1 = 4",
        [{"student": {"term_courses_enrolled": 3}}],
        "passed",
        "4 of at most 4",
    ),
    (
        "ccap.course-cap",
        "4 + 1 = 5",
        [{"student": {"term_courses_enrolled": 4}}],
        "failed",
        "5 college courses",
    ),
    ("ccap.course-cap", "special admit", [SPECIAL], "not_applicable", "ccap"),
    ("ccap.course-in-agreement", "listed", [], "passed", "on the CCAP agreement"),
    (
        "ccap.course-in-agreement",
        "not listed",
        [{"section": {"in_ccap_agreement": False}}],
        "failed",
        "not on the CCAP agreement",
    ),
    ("ccap.course-in-agreement", "special admit", [SPECIAL], "not_applicable", "ccap"),
    ("ccap.closed-section-ccap-only", "CCAP", [CLOSED], "passed", "CCAP partnership"),
    (
        "ccap.closed-section-ccap-only",
        "special admit",
        [CLOSED, SPECIAL],
        "failed",
        "Only a CCAP partnership",
    ),
    (
        "ccap.closed-section-ccap-only",
        "open section",
        [],
        "not_applicable",
        "section.high_school_only",
    ),
    (
        "ccap.closed-section-at-high-school",
        "at the high school",
        [CLOSED],
        "passed",
        "regular school day",
    ),
    (
        "ccap.closed-section-at-high-school",
        "at the college",
        [CLOSED, {"section": {"at_high_school_during_school_day": False}}],
        "failed",
        "must be taught at the high school",
    ),
    (
        "ccap.closed-section-at-high-school",
        "open section",
        [],
        "not_applicable",
        "section.high_school_only",
    ),
    (
        "summer.grade-level-share",
        "5%",
        [SUMMER, {"context": {"summer_recommended_share": 0.05}}],
        "passed",
        "5% of the grade level",
    ),
    (
        "summer.grade-level-share",
        "5.1%",
        [SUMMER, {"context": {"summer_recommended_share": 0.051}}],
        "failed",
        "5.1%",
    ),
    ("summer.grade-level-share", "fall", [], "not_applicable", "summer"),
    (
        "summer.grade-level-share",
        "share not given",
        [SUMMER, {"context": {"summer_recommended_share": DELETE}}],
        "failed",
        "context.summer_recommended_share",
    ),
    ("adult-ed.grades", "grade 11", [ADULT_ED], "passed", "Grade 11"),
    (
        "adult-ed.grades",
        "grade 10",
        [ADULT_ED, {"student": {"grade": 10}, "section": {"grades_allowed": DELETE}}],
        "failed",
        "grades 11 or 12",
    ),
    ("adult-ed.grades", "college student", [], "not_applicable", "adult-ed"),
    ("adult-ed.counseling-session", "recorded", [ADULT_ED], "passed", "documented"),
    (
        "adult-ed.counseling-session",
        "not held",
        [ADULT_ED, {"student": {"counseling_session_recorded": False}}],
        "failed",
        "Waiting for the counseling session",
    ),
    ("adult-ed.counseling-session", "college student", [], "not_applicable", "adult-ed"),
    ("adult-ed.consent", "granted", [ADULT_ED], "passed", "consented"),
    (
        "adult-ed.consent",
        "missing",
        [ADULT_ED, {"student": {"consent": "missing"}}],
        "failed",
        "Waiting for a parent",
    ),
    (
        "adult-ed.consent",
        "revoked",
        [ADULT_ED, {"student": {"consent": "revoked"}}],
        "failed",
        "revoked",
    ),
    ("adult-ed.consent", "college student", [], "not_applicable", "adult-ed"),
    (
        "adult-ed.seniors-first",
        "senior",
        [ADULT_ED, {"student": {"grade": 12}}],
        "passed",
        "Seniors are placed first",
    ),
    ("adult-ed.seniors-first", "junior", [ADULT_ED], "failed", "placed after seniors"),
    ("adult-ed.seniors-first", "college student", [], "not_applicable", "adult-ed"),
    (
        "course.prerequisites",
        "completed",
        [PREREQ, {"student": {"completed_courses": ["math 125"]}}],
        "passed",
        "MATH 125",
    ),
    (
        "course.prerequisites",
        "not completed",
        [PREREQ, {"student": {"completed_courses": ["ENGL 101"]}}],
        "failed",
        "MATH 125",
    ),
    (
        "course.prerequisites",
        "none required",
        [{"section": {"prerequisites": []}}],
        "passed",
        "none",
    ),
    ("course.prerequisites", "not given", [], "not_applicable", "section.prerequisites"),
    (
        "course.prerequisites",
        "history not given",
        [PREREQ],
        "not_applicable",
        "student.completed_courses",
    ),
    (
        "schedule.no-conflict",
        "apart",
        [MEETS, sched("17:00", "18:00")],
        "passed",
        "does not overlap",
    ),
    (
        "schedule.no-conflict",
        "back to back",
        [MEETS, sched("16:45", "18:00")],
        "passed",
        "does not overlap",
    ),
    (
        "schedule.no-conflict",
        "overlap",
        [MEETS, sched("16:00", "17:00")],
        "failed",
        "CS 101 mon/wed 15:30-16:45 / Robotics wed 16:00-17:00",
    ),
    (
        "schedule.no-conflict",
        "other day",
        [MEETS, sched("15:30", "16:45", ["tue"])],
        "passed",
        "does not overlap",
    ),
    ("schedule.no-conflict", "not given", [MEETS], "not_applicable", "student.schedule"),
    (
        "documents.not-required",
        "other documents",
        [{"requested_documents": ["proof_of_grade"]}],
        "passed",
        "No document",
    ),
    (
        "documents.not-required",
        "SSN asked",
        [{"requested_documents": ["ssn", "transcript"]}],
        "failed",
        "Not required by law",
    ),
    ("documents.not-required", "not given", [], "not_applicable", "requested_documents"),
]


@pytest.mark.parametrize(
    ("rule_id", "case", "changes", "status", "text"),
    CASES,
    ids=[f"{c[0]}:{c[1]}" for c in CASES],
)
def test_rule_case(
    rule_id: str, case: str, changes: list[dict[str, Any]], status: str, text: str
) -> None:
    result = decide(*changes, pack=PACK).result(rule_id)
    assert result.status == status, result.messages["en"]
    assert text.lower() in result.messages["en"].lower()
    assert result.source.code == SOURCES[rule_id]
    assert result.messages["es"] != result.messages["en"]
    output = result.to_dict("en")
    assert output["source"] == SOURCES[rule_id]
    assert output["passed"] is {"passed": True, "failed": False, "not_applicable": None}[status]


def test_every_rule_has_a_pass_a_failure_and_a_citation() -> None:
    assert {r.id for r in PACK.rules} == set(SOURCES)
    for rule in PACK.rules:
        statuses = {c[3] for c in CASES if c[0] == rule.id}
        assert {"passed", "failed"} <= statuses, rule.id
        can_be_skipped = rule.applies_when or any(
            not FIELDS[path].required for path in rule.check.inputs()
        )
        if can_be_skipped:
            assert "not_applicable" in statuses, rule.id


def test_statute_rules_link_to_the_code_section() -> None:
    for rule in PACK.rules:
        if rule.source.code.startswith("EC "):
            section = rule.source.code.split()[1].split("(")[0]
            assert rule.source.url.endswith(f"sectionNum={section}."), rule.id


@pytest.mark.parametrize(
    ("changes", "rule_id", "decision"),
    [
        ([{"student": {"consent": "revoked"}}], "consent.not-revoked", "pending"),
        ([{"student": {"grade": 10}}], "section.grade-allowed", "ineligible"),
        ([ADULT_ED], "adult-ed.seniors-first", "eligible"),
        ([{"requested_documents": ["ssn"]}], "documents.not-required", "eligible"),
    ],
)
def test_failure_outcome_sets_the_decision(
    changes: list[dict[str, Any]], rule_id: str, decision: str
) -> None:
    result = decide(*changes, pack=PACK)
    assert result.result(rule_id).status == "failed"
    assert result.decision == decision
