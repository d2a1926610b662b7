"""Registering an application enrolls the student in the section at once (same transaction), so
the passport and the roster reconciliation see the seat before the college roster arrives; the
college roster later updates that same enrollment; dropping the registration gives it up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.audit.models import AuditEvent
from openpathways.enrollments.models import CourseEnrollment
from openpathways.interop.base import run_import
from openpathways.interop.importers.college_roster import IMPORTER
from openpathways.outcomes.selectors import passport_get
from openpathways.rosters.models import DiscrepancyKind
from openpathways.rosters.services import find_discrepancies
from tests.journey.helpers import app_in
from tests.journey.world import JourneyWorld

ROSTER_HEADER = (
    "state_student_id,college_id,college_code,term_code,course_code,section_code,units,grade,"
    "credit_type,status"
)


def _register(world: JourneyWorld, section: Any, program: str) -> Any:
    app = app_in("approved", student=world.student, section=section, program=program)
    role = Role.ADULT_ED_STAFF if program == "adult-ed" else Role.COLLEGE_STAFF
    services.application_step(actor=world.user(role), application_id=app.pk, verb="registered")
    return app


@pytest.mark.parametrize(
    ("section", "program", "units", "credit"),
    [
        ("ccap_section", "ccap", Decimal(3), "dual"),  # ENGL 101, 3 units
        ("ccap_section_2", "ccap", Decimal(4), "dual"),  # MATH 120, 4 units
        ("open_section", "special-admit", Decimal(3), "dual"),
        ("adult_section", "adult-ed", Decimal(0), "high_school"),
    ],
)
def test_registering_enrolls_the_student_with_the_courses_units_and_credit(
    world: JourneyWorld, section: str, program: str, units: Decimal, credit: str
) -> None:
    app = _register(world, getattr(world, section), program)
    (enrollment,) = CourseEnrollment.objects.filter(student=world.student)
    assert enrollment.section_id == app.section_id
    assert (enrollment.status, enrollment.grade, enrollment.credit_type) == ("enrolled", "", credit)
    assert (enrollment.units_attempted, enrollment.units_earned) == (units, Decimal(0))
    logged = AuditEvent.objects.get(action="enrollments.registered")
    assert (logged.student_id, logged.details["application_id"]) == (world.student.pk, app.pk)


def test_the_passport_counts_the_registered_units_as_enrolled(world: JourneyWorld) -> None:
    _register(world, world.ccap_section, "ccap")
    view = passport_get(actor=world.user(Role.STUDENT), student_id=world.student.pk, channel="web")
    units = view.passport.as_dict()["dual_enrollment_units"]
    assert (units["enrolled"], units["earned"]) == ("3.0", "0")


def test_a_refused_registration_enrolls_no_one(world: JourneyWorld) -> None:
    app = app_in("approved", student=world.student, section=world.ccap_section)
    with pytest.raises(services.TransitionNotAllowed):  # a counselor may not register
        services.application_step(
            actor=world.user(Role.COUNSELOR), application_id=app.pk, verb="registered"
        )
    assert not CourseEnrollment.objects.exists()
    assert not AuditEvent.objects.filter(action="enrollments.registered").exists()


def test_the_college_roster_updates_the_same_enrollment(
    world: JourneyWorld, tmp_path: Path
) -> None:
    _register(world, world.ccap_section, "ccap")
    section, college = world.ccap_section, world.college
    college.code = "HCC"
    college.save(update_fields=["code"])
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"{ROSTER_HEADER}\n{world.student.state_student_id},C1,{college.code},"
        f"{section.term.code},{section.course.code},{section.code},3,B+,dual,completed\n",
        encoding="utf-8",
    )
    report = run_import(IMPORTER, roster)
    assert report.status == "applied", report.errors
    counts = report.as_dict()["counts"]["enrollment"]
    assert (counts["created"], counts["updated"]) == (0, 1)
    (enrollment,) = CourseEnrollment.objects.filter(student=world.student)
    assert (enrollment.status, enrollment.grade, enrollment.units_earned) == (
        "completed", "B+", Decimal(3),
    )  # fmt: skip


def test_reconciliation_sees_the_registration_before_the_roster(world: JourneyWorld) -> None:
    """Registered with no consent in force: flagged at once, not only once the roster arrives;
    and the registered student is not reported as missing from the roster."""
    _register(world, world.ccap_section, "ccap")
    term = world.ccap_section.term
    found = find_discrepancies(terms=[term], today=term.start_date + dt.timedelta(days=7))
    kinds = {kind for (_student, _section, kind) in found}
    assert kinds == {DiscrepancyKind.REGISTERED_WITHOUT_CONSENT}


def test_dropping_a_registration_gives_up_the_enrollment_and_registering_again_restores_it(
    world: JourneyWorld,
) -> None:
    app = _register(world, world.ccap_section, "ccap")
    college = world.user(Role.COLLEGE_STAFF)
    services.application_step(
        actor=college, application_id=app.pk, verb="dropped", reason="Left the class."
    )
    (enrollment,) = CourseEnrollment.objects.filter(student=world.student)
    assert enrollment.status == "dropped"
    again = _register(world, world.ccap_section, "ccap")
    assert again.pk != app.pk
    (enrollment,) = CourseEnrollment.objects.filter(student=world.student)
    assert enrollment.status == "enrolled"


def test_a_grade_from_the_college_survives_a_drop_of_the_application(
    world: JourneyWorld,
) -> None:
    app = _register(world, world.ccap_section, "ccap")
    CourseEnrollment.objects.filter(student=world.student).update(status="completed", grade="A")
    services.application_step(
        actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk, verb="dropped",
        reason="Recorded late.",
    )  # fmt: skip
    (enrollment,) = CourseEnrollment.objects.filter(student=world.student)
    assert (enrollment.status, enrollment.grade) == ("completed", "A")
