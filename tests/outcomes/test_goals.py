"""Counselor and school goal views: students off track for 12 units or for the CCI with the next
action, and the school/district goal table (suppressed for analysts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from openpathways.audit.models import AuditEvent
from openpathways.enrollments.models import CourseEnrollment
from openpathways.outcomes.models import OutcomeCorrection
from openpathways.outcomes.selectors import goal_list, goal_school_summary
from openpathways.outcomes.services import (
    credential_correct,
    credential_record,
    hours_log_correct,
)
from openpathways.students.access import StudentAccessDenied
from openpathways.wbl.models import HoursLog
from tests.factories import StudentFactory
from tests.outcomes.world import TODAY, World

pytestmark = pytest.mark.django_db


def test_off_track_lists_with_next_actions(world: World) -> None:
    units = goal_list(actor=world.counselor, list_code="units", channel="web", today=TODAY)
    # caseload: Lucia (on track: 9 + 3 + 3) and Mateo (junior, nothing: 0 + 9 < 12)
    assert [r.student.first_name for r in units.rows] == ["Mateo"]
    assert units.rows[0].next_actions == ("plan_college_courses", "enroll_college_course_this_year")
    cci = goal_list(actor=world.counselor, list_code="cci", channel="web", today=TODAY)
    assert [r.student.first_name for r in cci.rows] == ["Mateo"]
    school = goal_list(
        actor=world.counselor, list_code="units", channel="web", today=TODAY, caseload_only=False
    )
    assert [r.student.first_name for r in school.rows] == ["Mateo", "Nina"]
    assert school.counts == {"units": 2, "cci": 2}
    logged = set(AuditEvent.objects.filter(actor=world.counselor, action="students.listed")
                 .values_list("student_id", flat=True))  # fmt: skip
    assert logged == {world.junior.pk, world.other_senior.pk}
    with pytest.raises(StudentAccessDenied):
        goal_list(actor=world.analyst, channel="web")


def test_courses_under_way_count_toward_the_cci_projection(world: World) -> None:
    CourseEnrollment.objects.create(
        student=world.junior, section=world.sections["CHEM 51"], status="enrolled",
        units_attempted=3, credit_type="dual",
    )  # fmt: skip
    cci = goal_list(actor=world.counselor, list_code="cci", channel="web", today=TODAY)
    assert cci.rows == []  # one semester under way: Approaching, no longer Not Prepared


def test_school_goal_table(world: World) -> None:
    grad = StudentFactory.create(school=world.school, grade=12, graduation_cohort=2026,
                                 status="graduated")  # fmt: skip
    for name in ("ENGL 101", "MATH 227", "HIST 11", "CHEM 51"):
        CourseEnrollment.objects.create(
            student=grad, section=world.sections[name], status="completed", grade="B",
            units_attempted=3, units_earned=3, credit_type="dual",
        )  # fmt: skip
    table = goal_school_summary(actor=world.school_admin, today=TODAY)
    row = next(r for r in table.rows if r["school"] == "Bayview High")
    assert (row["graduates"], row["graduates_12"], row["graduates_12_pct"]) == ("1", "1", "100.0")
    assert (row["enrolled"], row["enrolled_on_track"]) == ("3", "1")
    assert (row["seniors"], row["seniors_prepared"], row["prepared_pct"]) == ("2", "1", "50.0")
    suppressed = goal_school_summary(actor=world.analyst, today=TODAY)
    row = next(r for r in suppressed.rows if r["school"] == "Bayview High")
    assert row["graduates_12"] == "*"
    assert row["graduates_12_pct"] == "*"


def test_goal_pages(world: World, client: Client) -> None:
    client.force_login(world.counselor)
    html = client.get("/goals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cruz, Mateo" in html
    assert "Plan a college course in each term left" in html
    client.force_login(world.analyst)
    assert client.get("/goals/").status_code == 403
    assert client.get("/goals/schools/").status_code == 200


def test_outcome_records_and_corrections_keep_history(world: World) -> None:
    cert = credential_record(
        actor=world.counselor, student_id=world.junior.pk, kind="certificate_of_completion",
        title="Computer support", earned_on=dt.date(2026, 6, 1), elective_credits=Decimal(5),
    )  # fmt: skip
    credential_correct(actor=world.counselor, credential_id=cert.pk, reason="Wrong credits",
                       elective_credits=Decimal(10))  # fmt: skip
    log = HoursLog.objects.filter(confirmed_at__isnull=False).first()
    assert log is not None
    hours_log_correct(actor=world.counselor, hours_log_id=log.pk, hours=Decimal(3),
                      reason="Employer sent a correction")  # fmt: skip
    rows = list(OutcomeCorrection.objects.values_list("field", "old_value", "new_value",
                                                      "actor_label"))  # fmt: skip
    assert rows == [
        ("elective_credits", "5.0", "10", "counselor"),
        ("hours", "6.00", "3", "counselor"),
    ]
    log.refresh_from_db()
    assert log.confirmed_at is None  # a corrected day needs confirming again
    assert AuditEvent.objects.filter(action="outcomes.credential_corrected").count() == 1
    with pytest.raises(Exception, match="reason"):
        credential_correct(actor=world.counselor, credential_id=cert.pk, reason=" ", title="X")


def test_credential_rules(world: World) -> None:
    from openpathways.outcomes.services import OutcomeError

    with pytest.raises(OutcomeError, match="names its pathway"):
        credential_record(actor=world.counselor, student_id=world.junior.pk,
                          kind="cte_pathway_completion", title="Patient Care",
                          earned_on=dt.date(2026, 6, 1), capstone_grade="B")  # fmt: skip
    with pytest.raises(OutcomeError, match="Unknown credential kind"):
        credential_record(actor=world.counselor, student_id=world.junior.pk, kind="badge",
                          title="X", earned_on=dt.date(2026, 6, 1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        credential_record(actor=world.senior_parent, student_id=world.senior.pk,
                          kind="industry_certification", title="X",
                          earned_on=dt.date(2026, 6, 1))  # fmt: skip
