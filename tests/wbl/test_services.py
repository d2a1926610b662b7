"""Work-based learning services: links, posting, publishing, placements, hours, evaluations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from openpathways.agreements.selectors import vendor_compliance_list
from openpathways.audit.models import AuditEvent
from openpathways.catalog.models import Opportunity, OpportunityStatus
from openpathways.wbl import services
from openpathways.wbl.models import EmployerLink, HoursLog, PlacementStatus
from openpathways.wbl.selectors import coordinator_queue, supervisor_page
from tests.factories import StudentFactory, UserFactory
from tests.wbl.conftest import Wbl, grant_wbl_permission

INTERNSHIP = services.OpportunityInput(
    title="Clinic intern", wbl_type="10", sector="health", slots=2, hours=6,
    location_city="Carson",
)  # fmt: skip


def post_and_publish(w: Wbl) -> int:
    issued = services.employer_link_issue(
        actor=w.admin, employer_id=w.employer.pk, purpose="post", contact_id=w.supervisor.pk
    )
    opp = services.wbl_opportunity_post_by_link(token=issued.token, data=INTERNSHIP)
    services.wbl_opportunity_publish(actor=w.admin, opportunity_id=opp.pk, state_course_code="7100")
    return opp.pk


def active_placement(w: Wbl) -> tuple[int, str]:
    """A published internship the student applied to, placed, signed by all three: active."""
    opp_id = post_and_publish(w)
    placement = services.placement_apply(actor=w.student_user, opportunity_id=opp_id)
    grant_wbl_permission(w.student, w.guardian)
    for code in ("emergency_card", "work_permit", "safety_training"):
        services.placement_form_record(
            actor=w.counselor, placement_id=placement.pk, code=code,
            received_on=timezone.localdate(),
        )  # fmt: skip
    start = timezone.localdate() - dt.timedelta(days=10)
    services.placement_place(
        actor=w.counselor, placement_id=placement.pk, supervisor_id=w.supervisor.pk,
        start_date=start,
    )  # fmt: skip
    sup = services.employer_link_issue(
        actor=w.admin, employer_id=w.employer.pk, purpose="supervise", contact_id=w.supervisor.pk
    )
    services.placement_agreement_sign(
        actor=w.student_user, placement_id=placement.pk, typed_name="Ana Lopez", intent=True
    )
    services.placement_agreement_sign(
        actor=w.guardian_user, placement_id=placement.pk, typed_name="Maria Lopez", intent=True
    )
    p = services.placement_agreement_sign_by_link(
        token=sup.token, placement_id=placement.pk, typed_name="Dana Supervisor", intent=True
    )
    assert p.status == PlacementStatus.ACTIVE
    return placement.pk, sup.token


def test_employer_posts_through_link_and_coordinator_publishes_at_pathway_schools(
    wbl: Wbl,
) -> None:
    issued = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="post"
    )
    opp = services.wbl_opportunity_post_by_link(token=issued.token, data=INTERNSHIP)
    assert opp.status == OpportunityStatus.SUBMITTED
    assert opp.vendor_contract_id == wbl.contract.pk  # the vendor's one obligated contract
    event = AuditEvent.objects.get(action="wbl.opportunity_posted")
    assert event.actor is None
    assert event.details["link_id"] == issued.link.pk

    with pytest.raises(services.WblError) as err:
        services.wbl_opportunity_publish(actor=wbl.admin, opportunity_id=opp.pk)
    assert err.value.code == "state_course_code"
    with pytest.raises(PermissionDenied):
        services.wbl_opportunity_publish(
            actor=wbl.counselor, opportunity_id=opp.pk, state_course_code="7100"
        )
    published = services.wbl_opportunity_publish(
        actor=wbl.admin, opportunity_id=opp.pk, state_course_code="7100"
    )
    assert published.school_ids == [wbl.school.pk]
    row = Opportunity.objects.get(wbl_opportunity=opp)
    assert (row.type, row.school_id, row.sector) == ("work_based_learning", wbl.school.pk, "health")
    assert row.cte_pathway_id is None  # the school's Linked Learning pathway names no CTE code


def test_without_linked_learning_pathways_publishing_follows_cte_pathways(wbl: Wbl) -> None:
    from openpathways.catalog.models import CtePathway
    from openpathways.wbl.models import LinkedLearningPathway

    LinkedLearningPathway.objects.all().delete()
    issued = services.employer_link_issue(actor=wbl.admin, employer_id=wbl.employer.pk,
                                          purpose="post")  # fmt: skip
    opp = services.wbl_opportunity_post_by_link(token=issued.token, data=INTERNSHIP)
    with pytest.raises(services.WblError) as err:
        services.wbl_opportunity_publish(actor=wbl.admin, opportunity_id=opp.pk,
                                         state_course_code="7100", academic_year=2026)  # fmt: skip
    assert err.value.code == "schools"
    cte = CtePathway.objects.create(code="190", title="Patient Care", sector="health")
    Opportunity.objects.create(type="cte_pathway", school=wbl.school, academic_year=2026,
                               title="Patient Care", sector="health", cte_pathway=cte)  # fmt: skip
    services.wbl_opportunity_publish(actor=wbl.admin, opportunity_id=opp.pk,
                                     state_course_code="7100", academic_year=2026)  # fmt: skip
    row = Opportunity.objects.get(wbl_opportunity=opp)
    assert (row.school_id, row.cte_pathway_id, row.academic_year) == (wbl.school.pk, cte.pk, 2026)


def test_revoked_expired_tampered_and_wrong_purpose_links_are_refused(wbl: Wbl) -> None:
    issued = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="post"
    )
    assert services.employer_link_open(token=issued.token, purpose="post").pk == issued.link.pk
    with pytest.raises(services.WblLinkError) as err:
        services.employer_link_open(token=issued.token, purpose="supervise")
    assert err.value.code == "invalid"
    with pytest.raises(services.WblLinkError) as err:
        services.employer_link_open(token=issued.token[:-2] + "xx", purpose="post")
    assert err.value.code == "invalid"

    EmployerLink.objects.filter(pk=issued.link.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(services.WblLinkError) as err:
        services.wbl_opportunity_post_by_link(token=issued.token, data=INTERNSHIP)
    assert err.value.code == "expired"

    fresh = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="post"
    )
    services.employer_link_revoke(actor=wbl.admin, link_id=fresh.link.pk)
    with pytest.raises(services.WblLinkError) as err:
        services.wbl_opportunity_post_by_link(token=fresh.token, data=INTERNSHIP)
    assert err.value.code == "revoked"
    # A signature older than the link's lifetime is refused even if the row says otherwise.
    old = signing.dumps(
        {"l": fresh.link.pk, "n": fresh.link.nonce, "e": wbl.employer.pk, "p": "post"},
        salt=services.SALT,
    )
    assert old  # well-formed; its age is checked by max_age
    with pytest.raises(PermissionDenied):
        services.employer_link_revoke(actor=wbl.counselor, link_id=fresh.link.pk)


def test_eligibility_grade_guardian_permission_and_forms(wbl: Wbl) -> None:
    opp_id = post_and_publish(wbl)
    freshman = StudentFactory.create(school=wbl.school, grade=9)
    freshman_user = UserFactory.create(role="student", student=freshman)
    with pytest.raises(services.WblError) as err:
        services.placement_apply(actor=freshman_user, opportunity_id=opp_id)
    assert err.value.code == "grade"

    placement = services.placement_apply(actor=wbl.student_user, opportunity_id=opp_id)
    with pytest.raises(services.WblError) as err:
        services.placement_place(
            actor=wbl.counselor, placement_id=placement.pk, supervisor_id=wbl.supervisor.pk,
            start_date=timezone.localdate(),
        )  # fmt: skip
    message = str(err.value.messages[0])
    assert "Guardian permission" in message
    assert "Emergency card" in message
    grant_wbl_permission(wbl.student, wbl.guardian)
    for code in ("emergency_card", "work_permit", "safety_training"):
        services.placement_form_record(
            actor=wbl.counselor, placement_id=placement.pk, code=code,
            received_on=timezone.localdate(),
        )  # fmt: skip
    placed = services.placement_place(
        actor=wbl.counselor, placement_id=placement.pk, supervisor_id=wbl.supervisor.pk,
        start_date=timezone.localdate(),
    )  # fmt: skip
    assert placed.status == PlacementStatus.PLACED
    # Placed but not yet signed by everyone: hours cannot be logged.
    with pytest.raises(services.WblError):
        services.hours_log(actor=wbl.student_user, placement_id=placement.pk,
                           worked_on=timezone.localdate(), hours="3")  # fmt: skip


def test_counselor_of_another_school_cannot_place(wbl: Wbl) -> None:
    opp_id = post_and_publish(wbl)
    placement = services.placement_apply(actor=wbl.student_user, opportunity_id=opp_id)
    other = UserFactory.create(role="counselor", organization=StudentFactory.create().school)
    with pytest.raises(PermissionDenied):
        services.placement_place(
            actor=other, placement_id=placement.pk, supervisor_id=wbl.supervisor.pk,
            start_date=timezone.localdate(),
        )  # fmt: skip


def test_hours_confirmed_and_evaluated_by_supervisor_make_the_vendor_compliant(wbl: Wbl) -> None:
    placement_id, token = active_placement(wbl)
    [before] = vendor_compliance_list(actor=wbl.admin)
    assert (before.placements_committed, before.placements_delivered) == (1, 1)
    assert (before.hours_committed, before.hours_delivered) == (6, Decimal(0))
    assert before.placements_offered == 2
    assert before.hours_offered == 12
    assert not before.compliant

    day = timezone.localdate() - dt.timedelta(days=2)
    a = services.hours_log(actor=wbl.student_user, placement_id=placement_id, worked_on=day,
                           hours="4")  # fmt: skip
    b = services.hours_log(actor=wbl.student_user, placement_id=placement_id, worked_on=day,
                           hours="2.5")  # fmt: skip
    queue = coordinator_queue(actor=wbl.counselor)
    assert [r.unconfirmed_hours for r in queue.unconfirmed_hours] == [Decimal("6.50")]
    assert [r.placement_id for r in queue.missing_evaluations] == [placement_id]

    [page] = supervisor_page(link=services.employer_link_open(token=token, purpose="supervise"))
    assert page.student_name == "Ana L."
    assert page.unconfirmed_total == Decimal("6.50")
    assert services.hours_confirm_by_link(token=token, hours_ids=[a.pk]) == 1
    [partial] = vendor_compliance_list(actor=wbl.admin)
    assert partial.hours_delivered == Decimal(4)
    assert not partial.compliant
    assert services.hours_confirm_by_link(token=token, hours_ids=[a.pk, b.pk]) == 1
    [after] = vendor_compliance_list(actor=wbl.admin)
    assert after.hours_delivered == Decimal("6.5")
    assert after.compliant

    with pytest.raises(services.WblError):
        services.placement_evaluate_by_link(token=token, placement_id=placement_id, code="5")
    evaluated = services.placement_evaluate_by_link(
        token=token, placement_id=placement_id, code="3"
    )
    assert evaluated.evaluation_code == "3"
    assert evaluated.evaluated_by == "Dana Supervisor"
    queue = coordinator_queue(actor=wbl.counselor)
    assert queue.unconfirmed_hours == []
    assert queue.missing_evaluations == []
    assert HoursLog.objects.filter(confirmed_by="Dana Supervisor").count() == 2


def test_hours_must_be_sane(wbl: Wbl) -> None:
    placement_id, _token = active_placement(wbl)
    for bad_hours, bad_day in (("0", None), ("13", None), ("x", None), ("3", 1), ("3", -30)):
        day = timezone.localdate() + dt.timedelta(days=bad_day or 0)
        with pytest.raises(services.WblError):
            services.hours_log(actor=wbl.student_user, placement_id=placement_id, worked_on=day,
                               hours=bad_hours)  # fmt: skip
    assert HoursLog.objects.count() == 0


def test_coordinator_records_evaluation_not_provided(wbl: Wbl) -> None:
    placement_id, token = active_placement(wbl)
    with pytest.raises(PermissionDenied):
        services.placement_evaluation_not_provided(actor=wbl.employer_user,
                                                   placement_id=placement_id)  # fmt: skip
    p = services.placement_evaluation_not_provided(actor=wbl.counselor, placement_id=placement_id)
    assert p.evaluation_code == "5"
    assert AuditEvent.objects.filter(action="wbl.evaluation_not_provided").exists()
    # The supervisor may still send the evaluation later, which replaces "not provided".
    assert (
        services.placement_evaluate_by_link(
            token=token, placement_id=placement_id, code="4"
        ).evaluation_code
        == "4"
    )


def test_another_supervisors_link_cannot_touch_the_placement(wbl: Wbl) -> None:
    placement_id, _token = active_placement(wbl)
    other = wbl.employer.contacts.create(name="Someone Else")
    link = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="supervise", contact_id=other.pk
    )
    with pytest.raises(services.WblError):
        services.placement_evaluate_by_link(token=link.token, placement_id=placement_id, code="3")
    assert supervisor_page(link=link.link) == []
