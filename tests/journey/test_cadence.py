"""Cadence per agreement: CCAP reuses one recommendation and one consent; a special admit is
recommended each term; adult education needs its counseling session once. Skipped steps are
recorded with the reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.consents import services as consents
from tests.journey.helpers import last_link
from tests.journey.world import JourneyWorld


def _apply(world: JourneyWorld, section: Any) -> Any:
    return services.application_request(
        actor=world.user(Role.STUDENT), section_id=section.pk
    ).application


def _through_consent(world: JourneyWorld, section: Any, cb: Any) -> Any:
    """Apply, recommend and consent through the link: returns the application."""
    with cb(execute=True):
        app = _apply(world, section)
        services.application_recommend(actor=world.user(Role.COUNSELOR), application_id=app.pk)
    token = last_link(world.guardian.email)
    with cb(execute=True):
        consents.consent_sign(token=token, typed_name="Lucia Reyes", intent=True, language="es",
                              disclosure_version="2026.1")  # fmt: skip
    app.refresh_from_db()
    return app


def test_a_ccap_student_is_recommended_and_consented_once_for_the_participation(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    first = _through_consent(world, world.ccap_section, django_capture_on_commit_callbacks)
    assert first.status == "consented"
    assert first.program == "ccap"

    second = _apply(world, world.ccap_section_2)
    assert second.program == "ccap"
    assert second.status == "consented"
    notes = [e.note for e in second.events.order_by("pk")]
    assert any("recommendation on file for the whole CCAP participation (EC 76004)" in n
               for n in notes)  # fmt: skip
    assert any("consent on file for the whole of high school (Title 5, 2023)" in n for n in notes)
    assert second.recommendation_id == first.recommendation_id
    assert second.consent_id == first.consent_id
    # The skipped steps are the platform's, not a person's.
    skipped = second.events.filter(to_status__in=["recommended", "consented"])
    assert {(e.actor_id, e.actor_role) for e in skipped} == {(None, "system")}


def test_a_special_admit_is_recommended_each_term_but_consents_once(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    fall = _through_consent(world, world.open_section, django_capture_on_commit_callbacks)
    assert (fall.program, fall.status) == ("special-admit", "consented")

    spring = _apply(world, world.spring_section)
    assert spring.program == "special-admit"
    # A supplementary application each term: the fall recommendation does not carry over.
    assert spring.status == "eligibility_checked"
    services.application_recommend(actor=world.user(Role.COUNSELOR), application_id=spring.pk)
    spring.refresh_from_db()
    # The consent, given once for all of high school, does.
    assert spring.status == "consented"
    assert "consent on file" in spring.events.order_by("-pk").first().note


def test_adult_education_needs_the_counseling_session_once(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    world.student.grade = 12
    world.student.save()
    app = _apply(world, world.adult_section)
    assert (app.program, app.status) == ("adult-ed", "eligibility_checked")
    result = {r["id"]: r["status"] for r in app.eligibility["rules"]}
    assert result["adult-ed.counseling-session"] == "failed"
    with pytest.raises(services.ApplicationError):
        services.application_recommend(actor=world.user(Role.COUNSELOR), application_id=app.pk)

    services.counseling_session_record(
        actor=world.user(Role.COUNSELOR), student_id=world.student.pk,
        held_on=dt.date(2026, 8, 1), staff_name="Rosa Counselor", parent_name="Lucia Reyes",
        written_record="Discussed the Saturday nursing class and the adult students' priority.",
    )  # fmt: skip
    app.refresh_from_db()
    assert app.status == "recommended"
    assert app.counseling_session is not None
    with pytest.raises(services.ApplicationError):
        services.counseling_session_record(
            actor=world.user(Role.COUNSELOR), student_id=world.student.pk,
            held_on=dt.date(2026, 8, 2), staff_name="Rosa", parent_name="Lucia",
            written_record="Again.",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parent_attended": False}, "must both take part"),
        ({"written_record": " "}, "written record"),
        ({"held_on": dt.date(2099, 1, 1)}, "future"),
    ],
)
def test_a_counseling_session_without_its_legal_elements_is_refused(
    world: JourneyWorld, change: dict[str, Any], message: str
) -> None:
    values = {
        "held_on": dt.date(2026, 8, 1), "staff_name": "Rosa", "parent_name": "Lucia",
        "written_record": "Discussed.", "student_attended": True, "parent_attended": True,
        **change,
    }  # fmt: skip
    with pytest.raises(services.ApplicationError, match=message):
        services.counseling_session_record(
            actor=world.user(Role.COUNSELOR), student_id=world.student.pk, **values
        )


def test_an_ineligible_request_is_denied_at_once_with_every_rule_and_its_source(
    world: JourneyWorld,
) -> None:
    world.student.grade = 10
    world.student.save()
    app = _apply(world, world.adult_section)  # adult ed is for grades 11-12
    assert app.status == "denied"
    assert app.eligibility_decision == "ineligible"
    assert "EC 52500.1" in app.decision_reason
    assert app.rule_pack == "ca-dual-enrollment@2025.1"
    assert len(app.rule_pack_digest) == 64
    ids = {r["id"] for r in app.eligibility["rules"]}
    assert {"adult-ed.grades", "consent.present", "ccap.unit-cap"} <= ids
    assert [e.to_status for e in app.events.order_by("pk")] == [
        "requested",
        "eligibility_checked",
        "denied",
    ]


def test_the_unit_cap_counts_what_the_student_already_has_this_term(
    world: JourneyWorld, django_capture_on_commit_callbacks: Any
) -> None:
    from openpathways.enrollments.models import CourseEnrollment
    from tests.factories import CourseFactory, SectionFactory

    # 9 units already this term as a special admit: a 3-unit section makes 12 > 11.
    for code, units in (("PHIL 100", 3), ("ART 100", 3), ("MUS 100", 3)):
        course = CourseFactory.create(provider_org=world.college, code=code, units=units)
        section = SectionFactory.create(course=course, term=world.open_section.term)
        CourseEnrollment.objects.create(student=world.student, section=section)
    app = _apply(world, world.open_section)
    assert app.status == "denied"
    cap = next(r for r in app.eligibility["rules"] if r["id"] == "special-admit.unit-cap")
    assert cap["status"] == "failed"
    assert cap["source"].startswith("EC 76001")
    assert cap["values"]["value"] == 12
