"""The counselor's caseload lists, their counts, logged reads, the missing-consent path from the
home page, and the bulk actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpathways.accounts.models import Role
from openpathways.applications.models import Application
from openpathways.audit.models import AuditEvent
from openpathways.rosters.selectors import caseload_counts, caseload_list
from openpathways.students.access import StudentAccessDenied
from tests.caseload.world import FALL_DAY, Caseload, build_caseload
from tests.factories import StudentFactory, StudentGuardianFactory, UserFactory
from tests.web.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def cl(settings: Any) -> Caseload:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_caseload()


def _names(c: Caseload, view: str, **kw: Any) -> set[str]:
    page = caseload_list(
        actor=kw.pop("actor", c.counselor), view=view, purpose="test", channel="test",
        today=FALL_DAY, **kw,
    )  # fmt: skip
    return {row.student.first_name.lower() for row in page.rows}


def test_each_list_finds_its_students(cl: Caseload) -> None:
    assert _names(cl, "missing_consent") == {"waiting", "early", "revoked"}
    assert _names(cl, "pending") == {"waiting", "early", "revoked", "done"}
    assert _names(cl, "pending", step="recommendation") == {"early"}
    assert _names(cl, "pending", step="consent") == {"waiting", "revoked"}
    assert _names(cl, "pending", step="college") == {"done"}
    assert _names(cl, "not_applied") == {"senior", "junior", "ontrack"}
    assert _names(cl, "could_benefit") == {"senior", "junior", "early", "waiting", "revoked",
                                           "done"}  # fmt: skip


def test_could_benefit_says_why(cl: Caseload) -> None:
    page = caseload_list(
        actor=cl.counselor, view="could_benefit", purpose="t", channel="t", today=FALL_DAY
    )
    reasons = {r.student.first_name.lower(): r.reasons for r in page.rows}
    assert reasons["senior"] == ["no_opportunity", "off_track"]
    assert reasons["junior"] == ["off_track"]


def test_whole_school_and_counts(cl: Caseload) -> None:
    school = _names(cl, "missing_consent", caseload_only=False)
    assert school == {"waiting", "early", "revoked", "theirs"}  # never another school's
    counts = caseload_counts(actor=cl.counselor, today=FALL_DAY)
    assert counts["missing_consent"] == 3
    assert counts["pending"] == 4


def test_reads_are_logged_and_other_roles_are_refused(cl: Caseload) -> None:
    caseload_list(actor=cl.counselor, view="missing_consent", purpose="t", channel="web",
                  today=FALL_DAY)  # fmt: skip
    logged = set(
        AuditEvent.objects.filter(action="students.listed", actor=cl.counselor).values_list(
            "student_id", flat=True
        )
    )
    assert logged == {cl.s["waiting"].pk, cl.s["early"].pk, cl.s["revoked"].pk}
    staff = UserFactory.create(role=Role.COLLEGE_STAFF, organization=cl.school)
    with pytest.raises(StudentAccessDenied):
        caseload_list(actor=staff, view="pending", purpose="t", channel="t", today=FALL_DAY)


def _signed_in(c: Caseload) -> Client:
    client = Client()
    assert client.login(username="rosa", password=PASSWORD)
    return client


def test_missing_consent_is_one_click_from_the_counselor_home(cl: Caseload) -> None:
    client = _signed_in(cl)
    home = client.get("/").content.decode()
    link = reverse("web:caseload") + "?view=missing_consent"
    assert f'href="{link}"' in home
    assert "Missing consent" in home
    page = client.get(link).content.decode()
    for key in ("waiting", "early", "revoked"):
        assert cl.s[key].first_name in page
    assert cl.s["done"].first_name not in page
    assert "3 students" in page


def test_bulk_consent_reminder(cl: Caseload, django_capture_on_commit_callbacks: Any) -> None:
    client = _signed_in(cl)
    chosen = [cl.s["waiting"].pk, cl.s["revoked"].pk, cl.s["away"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:caseload_remind"), {"student": chosen, "back": "/caseload/"},
            follow=True,
        )  # fmt: skip
    assert "Consent reminders sent: 2." in response.content.decode()
    assert sorted(m.subject for m in mail.outbox) == [
        "Recordatorio: Revoked necesita su consentimiento",
        "Recordatorio: Waiting necesita su consentimiento",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("web:caseload_remind"), {"student": chosen}, follow=True)
    assert "Already reminded today: 2." in again.content.decode()
    assert len(mail.outbox) == 2


def test_bulk_recommend_uses_the_journey_service(cl: Caseload) -> None:
    client = _signed_in(cl)
    page = client.get(reverse("web:caseload"), {"view": "pending", "step": "recommendation"})
    html = page.content.decode()
    app = Application.objects.get(student=cl.s["early"])
    assert f'name="application" value="{app.pk}"' in html
    response = client.post(reverse("web:caseload_recommend"), {"application": [app.pk]},
                           follow=True)  # fmt: skip
    app.refresh_from_db()
    assert app.status == "recommended"
    assert "Applications recommended: 1." in response.content.decode()


def test_pages_forbidden_to_other_roles(cl: Caseload) -> None:
    UserFactory.create(username="stu", role=Role.STUDENT)
    client = Client()
    assert client.login(username="stu", password=PASSWORD)
    assert client.get(reverse("web:caseload")).status_code == 403
    assert client.post(reverse("web:caseload_remind"), {"student": [1]}).status_code == 403


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:caseload"), {"view": "missing_consent"})
    assert response.status_code == 200
    return len(queries)


def test_caseload_page_query_count_does_not_grow_with_rows(cl: Caseload) -> None:
    client = _signed_in(cl)
    client.get(reverse("web:caseload"))
    few = _queries(client)
    for _ in range(12):
        s = StudentFactory.create(school=cl.school, grade=11, counselor=cl.counselor)
        StudentGuardianFactory.create(student=s)
        Application.objects.create(student=s, section=cl.section, program="ccap",
                                   status="recommended")  # fmt: skip
    many = _queries(client)
    assert few == many
    assert many <= 16
