"""Linked Learning pathways per school with their opportunities, matching suggestions, and the
report of students in pathways with and without a WBL experience (suppressed for partners)."""

from __future__ import annotations

from openpathways.catalog.models import Course
from openpathways.enrollments.models import CourseEnrollment
from openpathways.wbl import services
from openpathways.wbl.models import PlacementStatus
from openpathways.wbl.selectors import (
    linked_learning_pathway_list,
    pathway_experience_report,
    placement_suggestions,
)
from tests.factories import SectionFactory, StudentFactory
from tests.wbl.conftest import Wbl
from tests.wbl.test_services import post_and_publish


def _in_health_pathway(w: Wbl, n: int, **kw: object) -> list[object]:
    section = SectionFactory.create(course__sector="health", course__subject="cte")
    students = [StudentFactory.create(school=w.school, grade=11, **kw) for _ in range(n)]
    for s in students:
        CourseEnrollment.objects.create(student=s, section=section)
    return students


def test_pathways_list_their_published_opportunities(wbl: Wbl) -> None:
    assert linked_learning_pathway_list(actor=wbl.student_user)[0].opportunities == []
    post_and_publish(wbl)
    [row] = linked_learning_pathway_list(actor=wbl.student_user)
    assert (row.school, row.pathway, row.sector_code, row.certified) == (
        "Bayview High", "Health Careers Academy", "health", True,
    )  # fmt: skip
    assert row.opportunities == ["Clinic intern"]


def test_suggestions_rank_pathway_students_and_skip_the_ineligible(wbl: Wbl) -> None:
    opp_id = post_and_publish(wbl)
    [in_pathway] = _in_health_pathway(wbl, 1, residence_city="Carson")
    StudentFactory.create(school=wbl.school, grade=9)  # too young for an internship
    suggestions = placement_suggestions(actor=wbl.counselor, opportunity_id=opp_id)
    assert suggestions[0].student_id == in_pathway.pk  # type: ignore[attr-defined]
    assert suggestions[0].score == 6  # pathway courses + school pathway + same city
    assert all(s.grade >= 11 for s in suggestions)
    assert placement_suggestions(actor=wbl.analyst, opportunity_id=opp_id) == []


def test_report_counts_students_with_and_without_wbl_and_suppresses_for_partners(
    wbl: Wbl,
) -> None:
    students = _in_health_pathway(wbl, 14)
    opp_id = post_and_publish(wbl)
    for s in students[:2]:
        p = services.placement_create(actor=wbl.counselor, student_id=s.pk,  # type: ignore[attr-defined]
                                      opportunity_id=opp_id)  # fmt: skip
        p.status = PlacementStatus.COMPLETED
        p.save()
    staff = pathway_experience_report(actor=wbl.admin)
    [row] = staff.rows
    assert (row.in_pathway, row.with_wbl, row.without_wbl, row.share_with) == (
        "14",
        "2",
        "12",
        "14%",
    )
    assert not staff.suppressed
    partner = pathway_experience_report(actor=wbl.analyst)
    [hidden] = partner.rows
    assert partner.suppressed
    assert hidden.with_wbl == "*"
    assert hidden.share_with == "*"
    assert hidden.without_wbl == "*"  # complementary: 12 would give the 2 away with the total
    assert Course.objects.filter(sector="health").exists()
