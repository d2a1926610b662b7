"""The work-based-learning pages, driven through the test client: the employer's link pages in
English and Spanish, the coordinator's review, the student's application, vendor compliance."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from openpathways.catalog.models import WblOpportunity
from openpathways.wbl import services
from openpathways.wbl.models import HoursLog
from tests.wbl.conftest import Wbl
from tests.wbl.test_services import active_placement


def _client(user: object) -> Client:
    c = Client()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_employer_posts_from_the_link_page_in_spanish_and_the_coordinator_publishes(
    wbl: Wbl,
) -> None:
    issued = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="post"
    )
    anon = Client()
    page = anon.get(f"/wbl/e/{issued.token}/?lang=es")
    assert page.status_code == 200
    assert "Publicar una oportunidad" in page.content.decode()
    response = anon.post(f"/wbl/e/{issued.token}/", {
        "lang": "es", "title": "Asistente de clínica", "wbl_type": "10", "sector": "health",
        "slots": "2", "hours": "40", "location_city": "Carson", "description": "",
    })  # fmt: skip
    assert response.status_code == 302
    assert "Asistente de clínica" in anon.get(response["Location"]).content.decode()
    opp = WblOpportunity.objects.get(title="Asistente de clínica")

    admin = _client(wbl.admin)
    assert "Asistente de clínica" in admin.get("/wbl/").content.decode()
    admin.post(f"/wbl/opportunities/{opp.pk}/publish/", {"state_course_code": "12"})
    opp.refresh_from_db()
    assert opp.status == "submitted"  # refused: not four digits
    admin.post(f"/wbl/opportunities/{opp.pk}/publish/", {"state_course_code": "7100"})
    opp.refresh_from_db()
    assert opp.status == "published"

    student = _client(wbl.student_user)
    assert "Asistente de clínica" in student.get("/wbl/").content.decode()
    student.post(f"/wbl/opportunities/{opp.pk}/apply/")
    assert "Applications to place" in _client(wbl.counselor).get("/wbl/").content.decode()
    assert wbl.student.wbl_placements.get().status == "applied"


def test_a_bad_link_gets_a_clear_page_not_the_form(wbl: Wbl) -> None:
    issued = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="post"
    )
    services.employer_link_revoke(actor=wbl.admin, link_id=issued.link.pk)
    response = Client().get(f"/wbl/e/{issued.token}/")
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert Client().get("/wbl/e/not-a-token/").status_code == 404
    assert Client().get(f"/wbl/s/{issued.token}/").status_code == 404  # wrong purpose


def test_supervisor_confirms_and_evaluates_and_vendor_page_turns_compliant(wbl: Wbl) -> None:
    placement_id, token = active_placement(wbl)
    day = timezone.localdate() - dt.timedelta(days=1)
    student = _client(wbl.student_user)
    student.post(f"/wbl/placements/{placement_id}/hours/", {"worked_on": day.isoformat(),
                                                            "hours": "6"})  # fmt: skip
    entry = HoursLog.objects.get()
    admin = _client(wbl.admin)
    vendors = admin.get("/wbl/vendors/").content.decode()
    assert re.search(r'id="compliant-share">0%<', vendors)

    sup = Client()
    page = sup.get(f"/wbl/s/{token}/").content.decode()
    assert "Ana L." in page
    assert "Lopez" not in page
    sup.post(f"/wbl/s/{token}/", {"verb": "confirm", "placement": placement_id,
                                  "hours": [entry.pk]})  # fmt: skip
    sup.post(f"/wbl/s/{token}/", {"verb": "evaluate", "placement": placement_id, "code": "4"})
    vendors = admin.get("/wbl/vendors/").content.decode()
    assert re.search(r'id="compliant-share">100%<', vendors)
    detail = student.get(f"/wbl/placements/{placement_id}/").content.decode()
    assert "Above expectations" in detail


def test_staff_pages_refuse_other_roles(wbl: Wbl) -> None:
    assert _client(wbl.student_user).get("/wbl/employers/").status_code == 403
    assert _client(wbl.counselor).get("/wbl/vendors/").status_code == 403
    assert _client(wbl.employer_user).get("/wbl/").status_code == 403
    assert _client(wbl.employer_user).get("/wbl/vendors/").status_code == 200
    assert _client(wbl.analyst).get("/wbl/pathways/").status_code == 200


def test_admin_records_employer_contact_contract_and_link_then_withdraws_it(wbl: Wbl) -> None:
    from openpathways.agreements.models import VendorContract
    from openpathways.organizations.models import Organization
    from openpathways.wbl.models import EmployerLink

    admin = _client(wbl.admin)
    created = admin.post("/wbl/employers/", {"name": "Harbor Freight", "industry_sector":
                                             "transportation", "is_vendor": "on"})  # fmt: skip
    org = Organization.objects.get(name="Harbor Freight")
    assert created["Location"] == f"/wbl/employers/{org.pk}/"
    admin.post(f"/wbl/employers/{org.pk}/contact/", {"name": "Lee Boss", "email": "lee@example.org",
                                                     "preferred_language": "es"})  # fmt: skip
    admin.post(f"/wbl/employers/{org.pk}/contract/", {
        "number": "C-9", "title": "Parts", "start_date": "2026-07-01", "end_date": "2027-06-30",
        "placements": "3", "hours": "120",
    })  # fmt: skip
    contract = VendorContract.objects.get(number="C-9")
    assert (contract.wbl_placements_committed, contract.wbl_hours_committed) == (3, 120)
    contact = org.contacts.get()
    admin.post(f"/wbl/employers/{org.pk}/link/", {"purpose": "supervise",
                                                  "contact": str(contact.pk)})  # fmt: skip
    page = admin.get(f"/wbl/employers/{org.pk}/").content.decode()
    url = re.search(r'id="new-link">([^<]+)<', page)
    assert url
    assert "/wbl/s/" in url.group(1)
    assert 'id="new-link"' not in admin.get(f"/wbl/employers/{org.pk}/").content.decode()
    link = EmployerLink.objects.get(employer=org)
    admin.post(f"/wbl/links/{link.pk}/revoke/")
    token = url.group(1).rsplit("/wbl/s/", 1)[1].strip("/")
    assert Client().get(f"/wbl/s/{token}/").status_code == 410


def test_guardian_signs_on_the_placement_page_and_coordinator_records_not_provided(
    wbl: Wbl,
) -> None:
    from tests.wbl.conftest import grant_wbl_permission
    from tests.wbl.test_services import post_and_publish

    opp_id = post_and_publish(wbl)
    placement = services.placement_apply(actor=wbl.student_user, opportunity_id=opp_id)
    counselor = _client(wbl.counselor)
    page = counselor.get(f"/wbl/placements/{placement.pk}/").content.decode()
    assert "Guardian permission for work-based learning (missing)" in page
    grant_wbl_permission(wbl.student, wbl.guardian)
    for code in ("emergency_card", "work_permit", "safety_training"):
        counselor.post(f"/wbl/placements/{placement.pk}/form/", {"code": code})
    counselor.post(
        f"/wbl/placements/{placement.pk}/place/",
        {"supervisor": str(wbl.supervisor.pk), "start_date": timezone.localdate().isoformat()},
    )
    placement.refresh_from_db()
    assert placement.status == "placed"
    guardian = _client(wbl.guardian_user)
    guardian.cookies["django_language"] = "es"
    assert "Firmar el acuerdo" in guardian.get(f"/wbl/placements/{placement.pk}/").content.decode()
    guardian.post(f"/wbl/placements/{placement.pk}/sign/", {"typed_name": "Maria Lopez",
                                                           "intent": "on"})  # fmt: skip
    placement.refresh_from_db()
    assert placement.guardian_signed_name == "Maria Lopez"
    assert placement.student_signed_at is None
    # The agreement is complete once the student and the supervisor sign: then the placement
    # starts, and the coordinator may record that the evaluation was not provided.
    services.placement_agreement_sign(actor=wbl.student_user, placement_id=placement.pk,
                                      typed_name="Ana Lopez", intent=True)  # fmt: skip
    link = services.employer_link_issue(
        actor=wbl.admin, employer_id=wbl.employer.pk, purpose="supervise",
        contact_id=wbl.supervisor.pk,
    )  # fmt: skip
    services.placement_agreement_sign_by_link(token=link.token, placement_id=placement.pk,
                                              typed_name="Dana S", intent=True)  # fmt: skip
    counselor.post(f"/wbl/placements/{placement.pk}/not-provided/")
    placement.refresh_from_db()
    assert (placement.status, placement.evaluation_code) == ("active", "5")
