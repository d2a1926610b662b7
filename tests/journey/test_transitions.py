"""The transition table: every transition allowed to exactly the actors and statuses it names,
through the services, with a history row and an audit event for each."""

from __future__ import annotations

from typing import Any

import pytest

from openpathways.accounts.models import Role
from openpathways.applications import services
from openpathways.applications import transitions as tt
from openpathways.applications.models import ApplicationStatus
from openpathways.audit.models import AuditEvent
from tests.journey.helpers import app_in
from tests.journey.world import JourneyWorld

HUMANS = ["student", "guardian", "counselor", "school_admin", "college_staff", "adult_ed_staff"]

#: The expected table, written out independently of transitions.py: verb -> (sources, actors).
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "requested": ({""}, {"student", "counselor", "school_admin"}),
    "checked": ({"requested"}, {"system"}),
    "recommended": ({"eligibility_checked"}, {"counselor", "school_admin", "system"}),
    "consented": ({"recommended"}, {"guardian", "system"}),
    "approved": ({"consented"}, {"college_staff", "adult_ed_staff"}),
    "registered": ({"approved"}, {"college_staff", "adult_ed_staff"}),
    "denied": (
        {"requested", "eligibility_checked", "recommended", "consented", "approved", "held"},
        {"counselor", "school_admin", "college_staff", "adult_ed_staff", "system"},
    ),
    "withdrawn": (
        {"requested", "eligibility_checked", "recommended", "consented", "approved", "held"},
        {"student", "guardian", "counselor", "school_admin"},
    ),
    "dropped": (
        {"registered"},
        {"student", "counselor", "school_admin", "college_staff", "adult_ed_staff"},
    ),
    "held": ({"recommended", "consented", "approved"}, {"system"}),
    "resumed": ({"held"}, {"system"}),
}


def test_every_status_of_the_table_is_a_model_status() -> None:
    assert set(tt.STATUSES) == {s.value for s in ApplicationStatus}
    for t in tt.TRANSITIONS.values():
        assert t.target in tt.STATUSES
        assert set(t.sources) <= {*tt.STATUSES, ""}


@pytest.mark.parametrize("verb", list(EXPECTED))
def test_the_table_allows_exactly_the_expected_sources_and_actors(verb: str) -> None:
    sources, actors = EXPECTED[verb]
    for source in ["", *tt.STATUSES]:
        for actor in tt.ACTORS:
            expected = source in sources and actor in actors
            assert tt.allowed(verb, source=source, actor=actor) is expected, (verb, source, actor)


ROLE_USER = {
    "student": Role.STUDENT, "guardian": Role.GUARDIAN, "counselor": Role.COUNSELOR,
    "school_admin": Role.SCHOOL_ADMIN, "college_staff": Role.COLLEGE_STAFF,
    "adult_ed_staff": Role.ADULT_ED_STAFF,
}  # fmt: skip
#: Human transitions, the status they start from in this test, and a reason when one is needed.
HUMAN_STEPS = {
    "approved": "consented",
    "registered": "approved",
    "denied": "consented",
    "withdrawn": "consented",
    "dropped": "registered",
}


@pytest.mark.parametrize("role", HUMANS)
@pytest.mark.parametrize("verb", list(HUMAN_STEPS))
def test_each_role_may_make_a_step_only_when_the_table_says_so(
    world: JourneyWorld, verb: str, role: str, django_capture_on_commit_callbacks: Any
) -> None:
    # The adult-ed staff act on adult-ed sections, everyone else on the college section.
    section = world.adult_section if role == "adult_ed_staff" else world.ccap_section
    program = "adult-ed" if role == "adult_ed_staff" else "ccap"
    app = app_in(HUMAN_STEPS[verb], student=world.student, section=section, program=program)
    if verb == "approved":  # approval re-checks the rules: give what they need
        _give_consent_and_recommendation(world, app)
    actor = world.user(ROLE_USER[role])
    allowed = role in EXPECTED[verb][1]
    if allowed:
        services.application_step(
            actor=actor, application_id=app.pk, verb=verb, reason="Because.", note="ok"
        )
        app.refresh_from_db()
        assert app.status == tt.TRANSITIONS[verb].target
        event = app.events.order_by("-pk").first()
        assert event is not None
        assert (event.from_status, event.to_status, event.actor, event.actor_role) == (
            HUMAN_STEPS[verb],
            app.status,
            actor,
            role,
        )
        assert AuditEvent.objects.filter(action=f"applications.{verb}", object_id=str(app.pk),
                                         actor=actor).exists()  # fmt: skip
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.application_step(actor=actor, application_id=app.pk, verb=verb,
                                      reason="Because.")  # fmt: skip
        app.refresh_from_db()
        assert app.status == HUMAN_STEPS[verb]
        assert not AuditEvent.objects.filter(action=f"applications.{verb}").exists()


def _give_consent_and_recommendation(world: JourneyWorld, app: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from openpathways.applications.models import CounselingSession, Recommendation
    from openpathways.consents.models import Consent

    kind = "adult_ed" if app.program == "adult-ed" else "dual_enrollment"
    Consent.objects.create(
        student=world.student, guardian=world.guardian, kind=kind, disclosure_version="2026.1",
        typed_name="Lucia Reyes", granted_at=timezone.now(), valid_through=dt.date(2028, 6, 30),
    )  # fmt: skip
    if app.program == "adult-ed":
        world.student.grade = 12
        world.student.save()
        CounselingSession.objects.create(
            student=world.student, held_on=dt.date(2026, 8, 1), staff_name="Rosa",
            parent_name="Lucia", written_record="Discussed the class.",
        )  # fmt: skip
    else:
        Recommendation.objects.create(
            student=world.student, program="ccap", ccap_agreement=world.agreement,
            decision="recommended", at=timezone.now(),
        )  # fmt: skip


@pytest.mark.parametrize(
    "status", ["requested", "recommended", "consented", "approved", "registered", "denied"]
)
def test_a_counselor_recommends_only_an_application_waiting_for_it(
    world: JourneyWorld, status: str
) -> None:
    app = app_in(status, student=world.student, section=world.ccap_section)
    with pytest.raises(services.TransitionNotAllowed):
        services.application_recommend(actor=world.user(Role.COUNSELOR), application_id=app.pk)
    app.refresh_from_db()
    assert app.status == status


def test_staff_outside_the_scope_may_not_act(world: JourneyWorld) -> None:
    app = app_in("eligibility_checked", student=world.student, section=world.ccap_section)
    with pytest.raises(services.TransitionNotAllowed):
        services.application_recommend(actor=world.user("other_counselor"), application_id=app.pk)
    approved = app_in("consented", student=world.student, section=world.ccap_section_2)
    with pytest.raises(services.TransitionNotAllowed):
        services.application_approve(actor=world.user("other_college"), application_id=approved.pk)
    with pytest.raises(services.TransitionNotAllowed):
        services.application_withdraw(actor=world.user("other_student"), application_id=app.pk)


def test_deny_and_drop_need_a_reason(world: JourneyWorld) -> None:
    app = app_in("consented", student=world.student, section=world.ccap_section)
    with pytest.raises(services.ApplicationError):
        services.application_deny(actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk,
                                  reason="  ")  # fmt: skip
    services.application_deny(actor=world.user(Role.COLLEGE_STAFF), application_id=app.pk,
                              reason="Section full; waitlist full.")  # fmt: skip
    app.refresh_from_db()
    assert (app.status, app.decision_reason) == ("denied", "Section full; waitlist full.")


def test_a_declined_recommendation_denies_with_the_reason(world: JourneyWorld) -> None:
    app = app_in("eligibility_checked", student=world.student, section=world.ccap_section)
    services.application_step(
        actor=world.user(Role.COUNSELOR), application_id=app.pk, verb="declined",
        reason="Not ready for college English yet.",
    )  # fmt: skip
    app.refresh_from_db()
    assert app.status == "denied"
    assert "Not ready" in app.decision_reason
    assert world.student.recommendations.get().decision == "declined"
