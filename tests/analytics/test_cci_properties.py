"""Properties of the CCI projection that must hold for any student record."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.analytics.cci import (
    GRADES,
    PASSING_GRADES,
    Course,
    CourseKind,
    Level,
    Student,
    Subject,
    TermLength,
    TermRule,
    project,
    student_result,
    summarize,
)

RANK = {Level.NOT_PREPARED: 0, Level.APPROACHING: 1, Level.PREPARED: 2}
YEARS = ["2022-23", "2023-24", "2024-25"]
PATHWAYS = ["", "160", "171"]

sbac = st.one_of(st.none(), st.integers(1, 4))
students = st.builds(
    Student,
    student_id=st.just("s1"),
    graduated=st.booleans(),
    ag_complete=st.booleans(),
    sbac_ela=sbac,
    sbac_math=sbac,
)
college_courses = st.builds(
    Course,
    student_id=st.just("s1"),
    year=st.sampled_from(YEARS),
    kind=st.just(CourseKind.COLLEGE),
    grade=st.sampled_from(GRADES),
    term_length=st.sampled_from(list(TermLength)),
    units=st.decimals(0, 5, places=1),
    college_credit=st.booleans(),
    subject=st.sampled_from(list(Subject)),
    pathway=st.sampled_from(PATHWAYS),
)
capstones = st.builds(
    Course,
    student_id=st.just("s1"),
    year=st.sampled_from(YEARS),
    kind=st.just(CourseKind.CTE_CAPSTONE),
    grade=st.sampled_from(GRADES),
    pathway=st.sampled_from(PATHWAYS[1:]),
)
courses = st.lists(st.one_of(college_courses, capstones), max_size=8)
passing_college_courses = st.builds(
    Course,
    student_id=st.just("s1"),
    year=st.sampled_from(YEARS),
    kind=st.just(CourseKind.COLLEGE),
    grade=st.sampled_from(sorted(PASSING_GRADES)),
    term_length=st.sampled_from(list(TermLength)),
    units=st.decimals(0, 5, places=1),
    college_credit=st.just(True),
    subject=st.sampled_from([Subject.ACADEMIC, Subject.CTE]),
    pathway=st.sampled_from(PATHWAYS),
)
rules = st.sampled_from(list(TermRule))


@settings(max_examples=300)
@given(student=students, record=courses, extra=passing_college_courses, rule=rules)
def test_adding_a_passing_college_course_never_lowers_the_level(
    student: Student, record: list[Course], extra: Course, rule: TermRule
) -> None:
    before = student_result(student, record, term_rule=rule)
    after = student_result(student, [*record, extra], term_rule=rule)
    assert RANK[after.level] >= RANK[before.level]
    assert set(before.measures) <= set(after.measures) or after.level is not before.level
    assert after.de_units == before.de_units + extra.units


@settings(max_examples=300)
@given(student=students, record=courses, rule=rules)
def test_a_non_graduate_is_never_prepared_or_approaching(
    student: Student, record: list[Course], rule: TermRule
) -> None:
    result = student_result(student, record, term_rule=rule)
    if not student.graduated:
        assert result.level is Level.NOT_PREPARED
        assert result.measures == ()


@settings(max_examples=200)
@given(student=students, record=courses)
def test_separate_term_rule_is_never_more_generous_than_combined(
    student: Student, record: list[Course]
) -> None:
    combined = student_result(student, record, term_rule=TermRule.COMBINED)
    separate = student_result(student, record, term_rule=TermRule.SEPARATE)
    assert RANK[separate.level] <= RANK[combined.level]


@settings(max_examples=200)
@given(student=students, record=courses)
def test_level_agrees_with_the_measures_listed(student: Student, record: list[Course]) -> None:
    result = student_result(student, record)
    assert all(m.level is result.level for m in result.measures)
    assert bool(result.measures) is (result.level is not Level.NOT_PREPARED)


@given(
    cohort=st.lists(st.tuples(students, courses), max_size=12),
)
def test_every_student_is_counted_once(cohort: list[tuple[Student, list[Course]]]) -> None:
    people = [
        Student(f"s{i}", s.graduated, s.ag_complete, s.sbac_ela, s.sbac_math)
        for i, (s, _) in enumerate(cohort)
    ]
    records = [
        Course(f"s{i}", c.year, c.kind, c.grade, c.term_length, c.units, c.college_credit,
               c.subject, c.pathway)
        for i, (_, cs) in enumerate(cohort)
        for c in cs
    ]  # fmt: skip
    summary = summarize(project(people, records))
    assert summary.cohort == len(people)
    assert sum(summary.counts.values()) == len(people)
    assert summary.counts[Level.PREPARED] <= sum(p.graduated for p in people)
    if people:
        assert summary.status == Decimal(summary.prepared * 100) / len(people)
