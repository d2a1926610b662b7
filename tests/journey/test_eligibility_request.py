"""The rules-engine request is built from the database: schedule, prerequisites, summer share,
closed sections at the high school."""

from __future__ import annotations

import datetime as dt

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.enrollments.models import CourseEnrollment
from tests.factories import CourseFactory, SectionFactory, StudentFactory, TermFactory
from tests.journey.helpers import app_in
from tests.journey.world import JourneyWorld


def _rule(app: object, rule_id: str) -> dict[str, object]:
    rules = app.eligibility["rules"]  # type: ignore[attr-defined]
    return next(r for r in rules if r["id"] == rule_id)


def test_a_schedule_conflict_with_an_approved_section_makes_it_ineligible(
    world: JourneyWorld,
) -> None:
    term = world.open_section.term
    monday = CourseFactory.create(provider_org=world.college, code="BIO 3", units=4)
    held = SectionFactory.create(course=monday, term=term, meeting_days="MW",
                                 start_time=dt.time(15, 30), end_time=dt.time(16, 45))  # fmt: skip
    app_in("approved", student=world.student, section=held, program="special-admit")
    world.open_section.meeting_days = "M"
    world.open_section.start_time = dt.time(16, 0)
    world.open_section.end_time = dt.time(17, 15)
    world.open_section.save()
    app = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.open_section.pk
    ).application
    assert app.status == "denied"
    rule = _rule(app, "schedule.no-conflict")
    assert rule["status"] == "failed"
    assert "BIO 3" in str(rule["message_en"])


def test_prerequisites_are_read_from_completed_courses(world: JourneyWorld) -> None:
    math = CourseFactory.create(provider_org=world.college, code="MATH 125", units=3)
    world.open_section.course.prerequisites.add(math)
    app = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.open_section.pk
    ).application
    assert app.status == "denied"
    assert _rule(app, "course.prerequisites")["status"] == "failed"

    done = SectionFactory.create(course=math, term=TermFactory.create(institution=world.college))
    CourseEnrollment.objects.create(student=world.student, section=done, status="completed",
                                    grade="B")  # fmt: skip
    again = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.open_section.pk
    ).application
    assert again.pk != app.pk
    assert _rule(again, "course.prerequisites")["status"] == "passed"


def test_the_summer_share_counts_the_grade_level_with_this_student(world: JourneyWorld) -> None:
    summer = TermFactory.create(institution=world.college, name="Summer 2027", code="2027SU",
                                kind="summer", start_date=dt.date(2027, 6, 21),
                                end_date=dt.date(2027, 7, 30))  # fmt: skip
    section = SectionFactory.create(course=world.open_section.course, term=summer)
    # 20 students in grade 11 at the school: the student and 19 others, one already recommended.
    others = [StudentFactory.create(school=world.school, grade=11) for _ in range(19)]
    app_in("recommended", student=others[0], section=section, program="special-admit")
    app = services.application_request(
        actor=world.user(Role.STUDENT), section_id=section.pk
    ).application
    data = services.eligibility_request_build(app)
    assert data["context"]["summer_recommended_share"] == 0.1  # 2 of 20
    assert data["section"]["term"] == "summer"
    assert _rule(app, "summer.grade-level-share")["status"] == "failed"  # over 5%


def test_a_closed_section_taught_at_the_high_school_in_the_school_day_is_allowed_for_ccap(
    world: JourneyWorld,
) -> None:
    world.ccap_section.high_school_only = True
    world.ccap_section.save()  # host: Bayview High, schedule: school day
    app = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.ccap_section.pk
    ).application
    assert _rule(app, "ccap.closed-section-at-high-school")["status"] == "passed"
    assert _rule(app, "ccap.course-in-agreement")["status"] == "passed"
    world.open_section.high_school_only = True
    world.open_section.save()  # at the college: closed to the public only under CCAP
    denied = services.application_request(
        actor=world.user(Role.STUDENT), section_id=world.open_section.pk
    ).application
    assert denied.status == "denied"
    assert _rule(denied, "ccap.closed-section-ccap-only")["status"] == "failed"
