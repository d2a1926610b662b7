"""The Ibis college-credit route of the CCI agrees with openpathways.analytics.cci, student by
student and in the published counts, on a seeded synthetic snapshot (metrics.md section 2)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from openpathways.analytics import cci
from openpathways.analytics.engines import connect
from openpathways.analytics.engines.synthetic import (
    SIZES,
    rows_to_tables,
    write_snapshot,
    write_tables,
)
from openpathways.analytics.metrics.cci_credit import student_cci_college_credit

LEVEL = {
    cci.Level.PREPARED: "prepared",
    cci.Level.APPROACHING: "approaching",
    cci.Level.NOT_PREPARED: "not_prepared",
}
TERM_LENGTHS = {t.value for t in cci.TermLength}


def _cci_course(row: dict) -> cci.Course:
    return cci.Course(
        student_id=str(row["student_key"]),
        year=str(row["academic_year"]),
        kind=cci.CourseKind.COLLEGE,
        grade=row["grade"],
        term_length=cci.TermLength(row["term_kind"]) if row["term_kind"] in TERM_LENGTHS else None,
        units=Decimal(str(row["units_attempted"])),
        college_credit=row["provider"] == "college"
        and row["credit_type"] in ("college", "dual")
        and row["status"] != "dropped",
        subject=cci.Subject(row["subject"]),
    )


def _levels_both_ways(snapshot: Path) -> tuple[dict[str, str], dict[str, str]]:
    engine = connect("duckdb", snapshot)
    try:
        expr = student_cci_college_credit(dict(engine.tables), engine.params())
        ours = {
            str(r["student_key"]): r["cci_college_credit"]
            for r in engine.backend.to_pyarrow(expr).to_pylist()
        }
        students = engine.backend.to_pyarrow(engine.tables["students"]).to_pylist()
        enrollments = engine.backend.to_pyarrow(engine.tables["enrollments"]).to_pylist()
    finally:
        engine.close()
    by_student = cci.courses_by_student(_cci_course(e) for e in enrollments)
    theirs = {}
    for s in students:
        key = str(s["student_key"])
        courses = by_student.get(key, [])
        level = cci.college_credit_level(courses) if s["graduated"] else cci.Level.NOT_PREPARED
        theirs[key] = LEVEL[level]
    return ours, theirs


def test_ibis_and_python_cci_rules_agree_student_by_student(tmp_path: Path) -> None:
    snapshot = write_snapshot(tmp_path / "snap", SIZES["small"], seed=11)
    ours, theirs = _levels_both_ways(snapshot)
    assert ours == theirs
    counts = Counter(ours.values())
    # the data exercise every level, or the agreement would prove little
    assert counts["prepared"] > 0
    assert counts["approaching"] > 0
    assert counts["not_prepared"] > 0


@pytest.mark.parametrize(
    ("courses", "graduated", "expected"),
    [
        # metrics.md section 2 examples
        ([("semester", "B"), ("semester", "C-")], True, "prepared"),
        ([("semester", "A"), ("semester", "D")], True, "approaching"),
        ([("quarter", "C"), ("quarter", "C"), ("quarter", "P")], True, "prepared"),
        ([("semester", "A")] * 4, False, "not_prepared"),
        # a summer course has no term length: it does not count
        ([("semester", "A"), ("summer", "A")], True, "approaching"),
        # one semester and two quarters make a year under the combined rule
        ([("semester", "A"), ("quarter", "B"), ("trimester", "B")], True, "prepared"),
    ],
)
def test_published_examples(
    tmp_path: Path, courses: list[tuple[str, str]], graduated: bool, expected: str
) -> None:
    rows: dict[str, list[dict[str, object]]] = {
        "students": [
            {
                "student_key": 1,
                "school_id": 1,
                "cohort": 2025,
                "graduated": graduated,
                "status": "graduated" if graduated else "left",
            }
        ],
        "enrollments": [
            {"student_key": 1, "section_id": i, "term_kind": kind, "grade": mark}
            for i, (kind, mark) in enumerate(courses, start=1)
        ],
    }
    snapshot = write_tables(tmp_path / "snap", rows_to_tables(rows))
    ours, theirs = _levels_both_ways(snapshot)
    assert ours == theirs == {"1": expected}

    engine = connect("duckdb", snapshot)
    try:
        table = engine.compute("cci_college_credit").to_pylist()
    finally:
        engine.close()
    everyone = next(r for r in table if r["group_type"] == "all" and r["school_id"] == 1)
    assert everyone["cohort_students"] == 1  # non-graduates stay in the denominator
    assert everyone["prepared"] == (expected == "prepared")
