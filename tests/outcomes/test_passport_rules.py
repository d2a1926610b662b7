"""The passport's rules on plain rows: units toward 12, the on-track projection, the CCI routes,
AA progress, confirmed hours only, and what a withheld college record leaves out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from openpathways.outcomes import passport as pp

FALL = dt.date(2026, 10, 15)
SPRING = dt.date(2027, 3, 1)


def course(grade: str, *, units: int = 3, status: str = "", kind: str = "semester",
           credit: str = "dual", provider: str = "college", year: int = 2025,
           subject: str = "academic", sector: str = "",
           code: str = "ENGL 101") -> pp.CourseRow:  # fmt: skip
    return pp.CourseRow(
        code=code, title="A course", provider=provider, term="Fall", term_kind=kind,
        academic_year=year, status=status or ("completed" if grade else "enrolled"), grade=grade,
        units=Decimal(units), credit_type=credit, subject=subject, sector=sector,
    )  # fmt: skip


def student(grade: int = 12, class_of: int = 2027, status: str = "enrolled") -> pp.StudentRow:
    return pp.StudentRow(1, "Lucia Reyes", "Bayview High", grade, class_of, status)


@pytest.mark.parametrize(
    ("grade", "class_of", "today", "left"),
    [
        (12, 2027, FALL, 1),  # a senior in the fall: spring remains
        (12, 2027, SPRING, 0),  # a senior in the spring: nothing after this term
        (11, 2028, FALL, 3),
        (9, 2030, FALL, 7),
        (10, 2029, SPRING, 4),
        (12, 2026, FALL, 0),  # past the class year: never negative
    ],
)
def test_semesters_left_before_graduation(
    grade: int, class_of: int, today: dt.date, left: int
) -> None:
    assert pp.semesters_left(grade=grade, class_of=class_of, today=today) == left


def test_only_c_minus_or_better_or_pass_in_college_credit_courses_count() -> None:
    rows = [
        course("A"), course("C-"), course("P", units=4), course("D"), course("F"), course("NP"),
        course("W"), course("B", credit="high_school"), course("A", provider="adult_ed"),
    ]  # fmt: skip
    progress = pp.unit_progress(rows, grade=12, class_of=2027, today=FALL, status="enrolled")
    assert progress.earned == Decimal(10)
    assert progress.enrolled == 0


@pytest.mark.parametrize(
    ("earned", "enrolled", "grade", "class_of", "today", "status"),
    [
        (12, 0, 12, 2027, FALL, "met"),
        (6, 3, 12, 2027, FALL, "on_track"),  # 6 + 3 + 3 x 1 term = 12
        (6, 0, 12, 2027, FALL, "off_track"),  # 6 + 3 x 1 = 9
        (9, 3, 12, 2027, SPRING, "on_track"),  # 9 + 3 + 0 = 12
        (6, 3, 12, 2027, SPRING, "off_track"),
        (0, 0, 11, 2028, FALL, "off_track"),  # 3 terms x 3 = 9
        (0, 3, 11, 2028, FALL, "on_track"),  # 3 + 9 = 12
        (0, 0, 9, 2030, FALL, "on_track"),  # 7 terms x 3 = 21
    ],
)
def test_on_track_projection(  # noqa: PLR0917 (parametrized)
    earned: int, enrolled: int, grade: int, class_of: int, today: dt.date, status: str
) -> None:
    rows = [course("A", units=earned)] if earned else []
    if enrolled:
        rows.append(course("", units=enrolled))
    progress = pp.unit_progress(
        rows, grade=grade, class_of=class_of, today=today, status="enrolled"
    )
    assert progress.status == status


def test_a_graduate_below_12_units_is_off_track_with_no_terms_left() -> None:
    progress = pp.unit_progress(
        [course("A", units=9)], grade=12, class_of=2026, today=FALL, status="graduated"
    )
    assert (progress.status, progress.terms_left) == ("off_track", 0)


def test_progress_bar_shares_stay_within_the_goal() -> None:
    progress = pp.unit_progress(
        [course("A", units=9), course("", units=6)], grade=12, class_of=2027, today=FALL,
        status="enrolled",
    )  # fmt: skip
    assert (progress.earned_percent, progress.enrolled_percent) == (75, 25)


def test_cci_college_credit_route_levels() -> None:
    two = pp.cci_status([course("B"), course("C-")], [])
    one = pp.cci_status([course("A"), course("D")], [])
    quarters = pp.cci_status([course("C", kind="quarter")] * 2 + [course("P", kind="quarter")], [])
    assert two.college_credit_level == "Prepared"
    assert one.college_credit_level == "Approaching Prepared"
    assert quarters.college_credit_level == "Prepared"


def _capstone(grade: str = "B", earned: dt.date = dt.date(2026, 6, 10)) -> pp.CredentialRow:
    return pp.CredentialRow(
        kind="cte_pathway_completion", title="Patient Care", earned_on=earned,
        capstone_grade=grade, pathway_code="175", pathway_sector="health",
    )  # fmt: skip


def test_cte_route_needs_a_passed_capstone_and_a_semester_of_college_credit() -> None:
    assert pp.cci_status([course("B")], [_capstone()]).cte_route_met
    assert not pp.cci_status([], [_capstone()]).cte_route_met
    assert pp.cci_status([], [_capstone()]).cte_pathway_completed
    assert not pp.cci_status([course("B")], [_capstone("D")]).cte_route_met


def test_cte_route_excludes_a_same_year_college_course_of_the_same_pathway() -> None:
    same = course("A", subject="cte", sector="health", year=2025)  # 2025-26, as the capstone
    other_year = course("A", subject="cte", sector="health", year=2024)
    other_pathway = course("A", subject="cte", sector="ict", year=2025)
    assert not pp.cci_status([same], [_capstone()]).cte_route_met
    assert pp.cci_status([other_year], [_capstone()]).cte_route_met
    assert pp.cci_status([other_pathway], [_capstone()]).cte_route_met


def test_aa_progress_counts_passed_college_units_and_required_courses() -> None:
    plan = pp.AaPlanRow("AA", "Harbor City College", Decimal(60), ("ENGL 101", "MATH 227"))
    progress = pp.aa_progress(
        plan, [course("A"), course("D", code="MATH 227"), course("B", code="X")]
    )
    assert progress.units_earned == Decimal(6)
    assert progress.required_done == ("ENGL 101",)
    assert progress.required_missing == ("MATH 227",)
    assert progress.percent == 10


def test_passport_counts_confirmed_hours_only_and_electives() -> None:
    data = pp.PassportInput(
        student=student(), today=FALL,
        placements=[
            pp.PlacementRow("Pacific Clinics", "Intern", "active", Decimal(10), Decimal(5))
        ],
        credentials=[pp.CredentialRow("certificate_of_completion", "CNA", dt.date(2026, 5, 30),
                                      elective_credits=Decimal(5))],
    )  # fmt: skip
    p = pp.passport_build(data)
    assert p.wbl_hours == Decimal(10)
    assert p.elective_credits == Decimal(5)
    assert [c.title for c in p.certificates] == ["CNA"]


def test_withheld_college_records_leave_out_everything_derived_from_them() -> None:
    data = pp.PassportInput(
        student=student(), today=FALL, college_records_withheld=True,
        courses=[course("A", provider="adult_ed")],
        aa_plans=[pp.AaPlanRow("AA", "College", Decimal(60))],
    )  # fmt: skip
    p = pp.passport_build(data)
    assert p.units is None
    assert p.cci is None
    assert p.aa_progress == ()
    assert len(p.adult_ed_courses) == 1
    assert p.as_dict()["dual_enrollment_units"] is None


def test_next_steps_follow_the_record() -> None:
    campaign = pp.CampaignRow(2027, "not_started", None, "not_started", None, "not_started", None,
                              "counselor")  # fmt: skip
    p = pp.passport_build(pp.PassportInput(student=student(), today=FALL, campaign=campaign))
    assert p.next_steps == ("plan_college_courses", "complete_financial_aid", "apply_to_college")
