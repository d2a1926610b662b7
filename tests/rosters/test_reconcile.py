"""Term roster reconciliation: each kind of discrepancy, the queue kept idempotent, resolving with
a note and an audit event, and the school's confirmation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from openpathways.audit.models import AuditEvent
from openpathways.enrollments.models import CourseEnrollment
from openpathways.rosters.models import RosterConfirmation, RosterDiscrepancy
from openpathways.rosters.selectors import roster_discrepancy_list
from openpathways.rosters.services import (
    RosterError,
    roster_confirm,
    roster_discrepancy_resolve,
    roster_reconcile,
)
from tests.rosters.world import AFTER, DURING, RosterWorld, build_roster_world, consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> RosterWorld:
    return build_roster_world()


def _queue() -> set[tuple[str, str, str]]:
    return {
        (d.student.first_name, d.kind, d.status)
        for d in RosterDiscrepancy.objects.select_related("student")
    }


def test_each_kind_of_discrepancy_is_found_after_the_term(world: RosterWorld) -> None:
    result = roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    assert _queue() == {
        ("Noconsent", "registered_without_consent", "open"),
        ("Approved", "approved_not_registered", "open"),
        ("Dropped", "dropped", "open"),
        ("Cancelled", "section_cancelled", "open"),
        ("Nograde", "grade_missing", "open"),
        ("Elsewhere", "approved_not_registered", "open"),
    }
    assert result.created == 6
    assert result.by_kind["approved_not_registered"] == 2


def test_grades_are_not_missing_while_the_term_runs(world: RosterWorld) -> None:
    roster_reconcile(actor=None, term_code="2026FA", today=DURING)
    kinds = {k for _n, k, _s in _queue()}
    assert "grade_missing" not in kinds
    assert "registered_without_consent" in kinds


def test_running_twice_changes_nothing(world: RosterWorld) -> None:
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    before = list(RosterDiscrepancy.objects.order_by("pk").values())
    again = roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    assert (again.created, again.reopened, again.cleared, again.unchanged) == (0, 0, 0, 6)
    assert list(RosterDiscrepancy.objects.order_by("pk").values()) == before


def test_fixed_rosters_clear_and_resolved_ones_stay_resolved(world: RosterWorld) -> None:
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    nocon = RosterDiscrepancy.objects.get(kind="registered_without_consent")
    roster_discrepancy_resolve(
        actor=world.counselor, discrepancy_id=nocon.pk, note="Paper consent found in the file."
    )
    # The college posts the missing grade; the school files a consent for the approved student.
    CourseEnrollment.objects.filter(student=world.students["no_grade"]).update(
        grade="B", status="completed"
    )
    result = roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    assert result.cleared == 1
    states = {(n, k): s for n, k, s in _queue()}
    assert states[("Nograde", "grade_missing")] == "cleared"
    assert states[("Noconsent", "registered_without_consent")] == "resolved"


def test_unknown_term_is_refused(world: RosterWorld) -> None:
    with pytest.raises(RosterError):
        roster_reconcile(actor=None, term_code="1999XX", today=AFTER)


def test_resolving_needs_a_note_and_is_audited(world: RosterWorld) -> None:
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    row = RosterDiscrepancy.objects.get(kind="dropped")
    with pytest.raises(RosterError):
        roster_discrepancy_resolve(actor=world.counselor, discrepancy_id=row.pk, note="  ")
    roster_discrepancy_resolve(
        actor=world.college_staff, discrepancy_id=row.pk, note="Dropped at the student's request."
    )
    row.refresh_from_db()
    assert row.status == "resolved"
    assert row.resolved_by == world.college_staff
    event = AuditEvent.objects.get(action="rosters.discrepancy_resolved")
    assert event.student_id == row.student_id
    assert event.details["note"] == "Dropped at the student's request."


def test_the_queue_is_scoped_per_school_and_college(world: RosterWorld) -> None:
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    mine = roster_discrepancy_list(actor=world.counselor, purpose="test", channel="test")
    assert "Elsewhere" not in {r.student.first_name for r in mine.rows}
    assert mine.total == 5
    college = roster_discrepancy_list(actor=world.college_staff, purpose="test", channel="test")
    assert college.total == 6
    listed = AuditEvent.objects.filter(action="students.listed", actor=world.counselor)
    assert {e.student_id for e in listed} == {r.student_id for r in mine.rows}
    elsewhere = RosterDiscrepancy.objects.get(student=world.students["other_school"])
    with pytest.raises(PermissionDenied):
        roster_discrepancy_resolve(actor=world.counselor, discrepancy_id=elsewhere.pk, note="x")


def test_the_school_confirms_its_roster_once_per_term(world: RosterWorld) -> None:
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    consent(world.students["no_consent"])
    term_id = world.section.term_id
    first = roster_confirm(actor=world.counselor, school_id=world.school.pk, term_id=term_id)
    assert first.open_discrepancies == 5
    again = roster_confirm(
        actor=world.counselor, school_id=world.school.pk, term_id=term_id, note="Checked."
    )
    assert RosterConfirmation.objects.count() == 1
    assert again.note == "Checked."
    assert again.confirmed_by == world.counselor
    with pytest.raises(PermissionDenied):
        roster_confirm(actor=world.college_staff, school_id=world.school.pk, term_id=term_id)
    with pytest.raises(PermissionDenied):
        roster_confirm(actor=world.counselor, school_id=world.other_school.pk, term_id=term_id)


def test_consent_counts_only_while_in_force_and_a_plain_withdrawal_is_no_conflict(
    world: RosterWorld,
) -> None:
    import datetime as dt

    from tests.factories import StudentFactory

    late = StudentFactory.create(school=world.school, first_name="Revokedlater")
    consent(late, status="revoked", revoked_at=dt.datetime(2027, 1, 5, tzinfo=dt.UTC))
    CourseEnrollment.objects.create(student=late, section=world.section, grade="A",
                                    status="completed")  # fmt: skip
    early = StudentFactory.create(school=world.school, first_name="Revokedbefore")
    consent(early, status="revoked", revoked_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    CourseEnrollment.objects.create(student=early, section=world.section, grade="B",
                                    status="completed")  # fmt: skip
    withdrew = StudentFactory.create(school=world.school, first_name="Withdrew")
    consent(withdrew)
    CourseEnrollment.objects.create(student=withdrew, section=world.section, grade="W",
                                    status="withdrawn")  # fmt: skip
    roster_reconcile(actor=None, term_code="2026FA", today=AFTER)
    found = {(n, k) for n, k, _s in _queue()}
    assert ("Revokedbefore", "registered_without_consent") in found
    assert not {k for n, k in found if n in ("Revokedlater", "Withdrew")}
