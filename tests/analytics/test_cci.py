"""CCI projection rules (openpathways.analytics.cci): each measure, the examples of
docs metrics section 2, the same-year same-pathway exclusion, SBAC combinations, grades that do
not count, counting once, and the summary."""

from __future__ import annotations

from decimal import Decimal

import pytest

from openpathways.analytics.cci import (
    Course,
    CourseKind,
    Level,
    Measure,
    Student,
    Subject,
    TermLength,
    TermRule,
    project,
    student_result,
    summarize,
)

YEAR = "2024-25"


def grad(sid: str = "s1", **kw: object) -> Student:
    return Student(student_id=sid, graduated=True, **kw)  # type: ignore[arg-type]


def college(
    grade: str,
    term: str = "semester",
    *,
    sid: str = "s1",
    year: str = YEAR,
    units: str = "3",
    credit: bool = True,
    subject: str = "academic",
    pathway: str = "",
) -> Course:
    return Course(
        student_id=sid,
        year=year,
        kind=CourseKind.COLLEGE,
        grade=grade,
        term_length=TermLength(term),
        units=Decimal(units),
        college_credit=credit,
        subject=Subject(subject),
        pathway=pathway,
    )


def capstone(pathway: str, *, grade: str = "B", year: str = YEAR, sid: str = "s1") -> Course:
    return Course(
        student_id=sid, year=year, kind=CourseKind.CTE_CAPSTONE, grade=grade, pathway=pathway
    )


def level(student: Student, courses: list[Course], **kw: object) -> Level:
    return student_result(student, courses, **kw).level  # type: ignore[arg-type]


# --- the examples of metrics.md section 2 -------------------------------------------------------


def test_two_semester_courses_b_and_c_minus_is_prepared() -> None:
    result = student_result(grad(), [college("B"), college("C-")])
    assert result.level is Level.PREPARED
    assert result.measures == (Measure.COLLEGE_CREDIT,)
    assert result.de_units == Decimal(6)


def test_one_semester_a_and_one_d_is_approaching() -> None:
    result = student_result(grad(), [college("A"), college("D")])
    assert result.level is Level.APPROACHING
    assert result.measures == (Measure.APPROACHING_COLLEGE_CREDIT,)
    assert result.de_units == Decimal(3)  # the D earns no units


def test_three_quarter_courses_c_c_pass_is_prepared() -> None:
    courses = [college("C", "quarter"), college("C", "quarter"), college("P", "quarter")]
    assert level(grad(), courses) is Level.PREPARED


def test_non_graduate_with_four_semesters_of_a_is_not_prepared_but_in_the_denominator() -> None:
    dropout = Student(student_id="s2", graduated=False)
    courses = [college("A", sid="s2") for _ in range(4)]
    results = project([grad("s1"), dropout], courses)
    assert results[1].level is Level.NOT_PREPARED
    assert results[1].measures == ()
    assert results[1].de_units == Decimal(12)
    summary = summarize(results)
    assert summary.cohort == 2
    assert summary.counts[Level.NOT_PREPARED] == 2
    assert summary.status == Decimal(0)


# --- college credit: term lengths --------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["semester"], Level.APPROACHING),
        (["semester", "semester"], Level.PREPARED),
        (["quarter"], Level.NOT_PREPARED),
        (["quarter", "quarter"], Level.APPROACHING),
        (["quarter", "quarter", "quarter"], Level.PREPARED),
        (["trimester"], Level.NOT_PREPARED),
        (["trimester", "trimester"], Level.APPROACHING),
        (["trimester", "trimester", "trimester"], Level.PREPARED),
        # mixes: a semester is half a school year, a quarter or a trimester a third
        (["semester", "quarter"], Level.APPROACHING),
        (["semester", "quarter", "quarter"], Level.PREPARED),
        (["semester", "trimester", "trimester"], Level.PREPARED),
        (["quarter", "trimester"], Level.APPROACHING),
        (["quarter", "quarter", "trimester"], Level.PREPARED),
    ],
)
def test_term_lengths_combined(terms: list[str], expected: Level) -> None:
    assert level(grad(), [college("A", t) for t in terms]) is expected


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["semester", "quarter"], Level.APPROACHING),
        (["semester", "quarter", "quarter"], Level.APPROACHING),
        (["quarter", "trimester"], Level.NOT_PREPARED),
        (["quarter", "quarter", "trimester"], Level.APPROACHING),
        (["quarter", "quarter", "quarter"], Level.PREPARED),
        (["semester", "semester"], Level.PREPARED),
    ],
)
def test_term_lengths_separate_never_add_up(terms: list[str], expected: Level) -> None:
    courses = [college("A", t) for t in terms]
    assert level(grad(), courses, term_rule=TermRule.SEPARATE) is expected


@pytest.mark.parametrize("grade", ["D+", "D", "D-", "F", "NP", "W"])
def test_grades_below_c_minus_np_and_w_do_not_count(grade: str) -> None:
    result = student_result(grad(), [college("A"), college(grade)])
    assert result.level is Level.APPROACHING
    assert result.de_units == Decimal(3)


@pytest.mark.parametrize("grade", ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P"])
def test_c_minus_or_better_and_pass_count(grade: str) -> None:
    assert level(grad(), [college(grade), college(grade)]) is Level.PREPARED


def test_course_without_college_credit_does_not_count() -> None:
    result = student_result(grad(), [college("A"), college("A", credit=False)])
    assert result.level is Level.APPROACHING
    assert result.de_units == Decimal(3)


def test_other_subjects_do_not_count_but_their_units_are_earned() -> None:
    result = student_result(grad(), [college("A"), college("A", subject="other")])
    assert result.level is Level.APPROACHING
    assert result.de_units == Decimal(6)


def test_cte_subject_college_courses_count() -> None:
    courses = [college("B", subject="cte", pathway="160"), college("B", subject="cte")]
    assert level(grad(), courses) is Level.PREPARED


def test_fractional_units_add_exactly() -> None:
    courses = [college("A", "quarter", units="4.5"), college("B", "quarter", units="0.1")]
    assert student_result(grad(), courses).de_units == Decimal("4.6")


# --- CTE pathway route -------------------------------------------------------------------------


def test_cte_completion_alone_is_approaching() -> None:
    result = student_result(grad(), [capstone("160")])
    assert result.level is Level.APPROACHING
    assert result.measures == (Measure.APPROACHING_CTE,)


def test_capstone_below_c_minus_is_no_completion() -> None:
    assert level(grad(), [capstone("160", grade="D")]) is Level.NOT_PREPARED


def test_cte_plus_one_semester_different_pathway_same_year_is_prepared() -> None:
    courses = [capstone("160"), college("B", subject="cte", pathway="171")]
    result = student_result(grad(), courses)
    assert result.level is Level.PREPARED
    assert result.measures == (Measure.CTE_COLLEGE_CREDIT,)


def test_cte_plus_one_semester_same_pathway_same_year_is_not_prepared() -> None:
    courses = [capstone("160"), college("B", subject="cte", pathway="160")]
    result = student_result(grad(), courses)
    assert result.level is Level.APPROACHING
    assert Measure.CTE_COLLEGE_CREDIT not in result.measures
    assert set(result.measures) == {Measure.APPROACHING_CTE, Measure.APPROACHING_COLLEGE_CREDIT}


def test_cte_plus_one_semester_same_pathway_different_year_is_prepared() -> None:
    courses = [
        capstone("160", year="2024-25"),
        college("B", subject="cte", pathway="160", year="2023-24"),
    ]
    assert student_result(grad(), courses).measures == (Measure.CTE_COLLEGE_CREDIT,)


def test_cte_plus_academic_college_course_same_year_is_prepared() -> None:
    courses = [capstone("160"), college("A", subject="academic")]
    assert level(grad(), courses) is Level.PREPARED


def test_cte_same_pathway_course_counts_against_a_second_capstone() -> None:
    # Two completed pathways: the course in pathway 160 cannot pair with the 160 capstone in the
    # same year, but it can pair with the 171 capstone.
    courses = [capstone("160"), capstone("171"), college("B", subject="cte", pathway="160")]
    assert Measure.CTE_COLLEGE_CREDIT in student_result(grad(), courses).measures


def test_cte_needs_two_quarters_not_one() -> None:
    one = [capstone("160"), college("A", "quarter")]
    two = [capstone("160"), college("A", "quarter"), college("A", "quarter")]
    assert level(grad(), one) is Level.APPROACHING
    assert level(grad(), two) is Level.PREPARED


def test_cte_same_year_same_pathway_excluded_only_for_that_course() -> None:
    # Same pathway and year (excluded) plus another quarter: one quarter left, not enough.
    courses = [
        capstone("160"),
        college("A", "quarter", subject="cte", pathway="160"),
        college("A", "quarter", subject="academic"),
    ]
    result = student_result(grad(), courses)
    assert Measure.CTE_COLLEGE_CREDIT not in result.measures
    assert result.level is Level.APPROACHING  # two quarters still make Approaching


@pytest.mark.parametrize(
    ("ela", "math", "expected"),
    [(3, 2, True), (2, 3, True), (4, 2, True), (2, 2, False), (3, 1, False), (None, 4, False)],
)
def test_cte_plus_sbac(ela: int | None, math: int | None, expected: bool) -> None:
    result = student_result(grad(sbac_ela=ela, sbac_math=math), [capstone("160")])
    assert (Measure.CTE_SBAC in result.measures) is expected
    assert (result.level is Level.PREPARED) is expected


# --- a-g route ---------------------------------------------------------------------------------


def test_ag_alone_is_approaching() -> None:
    result = student_result(grad(ag_complete=True), [])
    assert result.level is Level.APPROACHING
    assert result.measures == (Measure.APPROACHING_AG,)


def test_ag_plus_one_semester_of_college_credit_is_prepared() -> None:
    result = student_result(grad(ag_complete=True), [college("C-")])
    assert result.level is Level.PREPARED
    assert result.measures == (Measure.AG_COLLEGE_CREDIT,)


def test_ag_plus_one_quarter_is_not_enough() -> None:
    assert level(grad(ag_complete=True), [college("A", "quarter")]) is Level.APPROACHING


def test_ag_plus_failed_semester_is_approaching() -> None:
    assert level(grad(ag_complete=True), [college("D")]) is Level.APPROACHING


def test_ag_plus_cte_completion_is_prepared() -> None:
    result = student_result(grad(ag_complete=True), [capstone("160")])
    assert result.measures == (Measure.AG_CTE,)


def test_ag_plus_sbac_three_and_two_is_prepared() -> None:
    result = student_result(grad(ag_complete=True, sbac_ela=2, sbac_math=3), [])
    assert result.level is Level.PREPARED
    assert result.measures == (Measure.AG_SBAC,)


# --- SBAC --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ela", "math", "expected"),
    [
        (3, 3, Level.PREPARED),
        (4, 3, Level.PREPARED),
        (4, 4, Level.PREPARED),
        (3, 2, Level.APPROACHING),
        (2, 4, Level.APPROACHING),
        (2, 2, Level.APPROACHING),
        (4, 1, Level.NOT_PREPARED),
        (1, 1, Level.NOT_PREPARED),
        (4, None, Level.NOT_PREPARED),
        (None, None, Level.NOT_PREPARED),
    ],
)
def test_sbac_combinations(ela: int | None, math: int | None, expected: Level) -> None:
    assert level(grad(sbac_ela=ela, sbac_math=math), []) is expected


def test_non_graduate_with_sbac_four_and_four_is_not_prepared() -> None:
    student = Student(student_id="s1", graduated=False, ag_complete=True, sbac_ela=4, sbac_math=4)
    assert student_result(student, [capstone("160")]).level is Level.NOT_PREPARED


# --- counted once, summary ---------------------------------------------------------------------


def test_prepared_through_several_measures_is_counted_once() -> None:
    student = grad(ag_complete=True, sbac_ela=4, sbac_math=4)
    courses = [capstone("160"), college("A"), college("A", pathway="171", subject="cte")]
    result = student_result(student, courses)
    assert result.level is Level.PREPARED
    assert set(result.measures) == {
        Measure.COLLEGE_CREDIT,
        Measure.CTE_COLLEGE_CREDIT,
        Measure.CTE_SBAC,
        Measure.AG_COLLEGE_CREDIT,
        Measure.AG_CTE,
        Measure.AG_SBAC,
        Measure.SBAC,
    }
    summary = summarize([result])
    assert summary.cohort == 1
    assert summary.counts == {Level.PREPARED: 1, Level.APPROACHING: 0, Level.NOT_PREPARED: 0}
    assert summary.status == Decimal(100)
    assert summary.measure_counts[Measure.SBAC] == 1


def test_summary_counts_per_level_and_status() -> None:
    students = [grad("a"), grad("b"), grad("c"), Student("d", graduated=False), grad("e")]
    courses = [
        college("A", sid="a"),
        college("A", sid="a"),
        college("A", sid="b"),
        college("A", sid="d"),
        college("A", sid="d"),
    ]
    summary = summarize(project(students, courses))
    assert summary.cohort == 5
    assert summary.counts == {Level.PREPARED: 1, Level.APPROACHING: 1, Level.NOT_PREPARED: 3}
    assert summary.status == Decimal(20)
    assert summary.percent(Level.APPROACHING) == Decimal(20)


def test_empty_cohort_has_no_status() -> None:
    summary = summarize([])
    assert summary.cohort == 0
    assert summary.status is None
