"""The student record pages and the school list as a user sees them: search, filters, caseload,
pages, what each role is shown, the disclosure log, the CSV export, Spanish, accessible tables,
and query counts that do not grow with the page."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openpathways.audit.models import AuditEvent
from tests import factories
from tests.access.world import World

F: Any = factories


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs() -> None:
    from openpathways.core.i18n import compile_catalogs

    compile_catalogs(quiet=True)


def _signed_in(user: Any, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _rows(html: str) -> list[str]:
    """The row headers of the first table's body (student names, school names)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="row">(.*?)</th>', body, re.S)
    ]


def test_list_shows_the_students_in_scope_with_their_columns(world: World) -> None:
    html = (
        _signed_in(world.users["district_admin"]).get(reverse("web:student_list")).content.decode()
    )
    assert _rows(html) == ["Aguilar, PatAE", "Alvarez, PatA", "Bautista, PatB"]
    assert world.students["a"].state_student_id in html
    assert "<td>Counselor_A</td>" in html
    assert "Estrada" not in html  # District Two


def test_list_search_by_name_ssid_and_local_id(world: World) -> None:
    client = _signed_in(world.users["district_admin"])
    url = reverse("web:student_list")
    b = world.students["b"]
    for query in ("bautis", b.state_student_id, b.local_id):
        assert _rows(client.get(url, {"q": query}).content.decode()) == ["Bautista, PatB"], query


def test_list_filters_by_school_and_grade(world: World) -> None:
    F.StudentFactory(school=world.orgs["school_B"], last_name="Baca", grade=9)
    client = _signed_in(world.users["district_admin"])
    url = reverse("web:student_list")
    by_school = client.get(url, {"school": world.orgs["school_A"].pk}).content.decode()
    assert _rows(by_school) == ["Alvarez, PatA"]
    by_grade = client.get(url, {"grade": 9}).content.decode()
    assert [r.split(",")[0] for r in _rows(by_grade)] == ["Baca"]
    # The school menu offers only schools of the actor's students.
    assert "School E" not in by_school
    assert ">School B<" in by_school


def test_caseload_toggle_for_counselors_only(world: World) -> None:
    F.StudentFactory(school=world.orgs["school_A"], last_name="Zamora")
    client = _signed_in(world.users["counselor"])
    url = reverse("web:student_list")
    page = client.get(url).content.decode()
    assert 'name="caseload"' in page
    assert [r.split(",")[0] for r in _rows(page)] == ["Alvarez", "Zamora"]
    mine = client.get(url, {"caseload": "1"}).content.decode()
    assert [r.split(",")[0] for r in _rows(mine)] == ["Alvarez"]
    admin_page = _signed_in(world.users["district_admin"]).get(url).content.decode()
    assert 'name="caseload"' not in admin_page


def test_list_pages_keep_the_filters(world: World) -> None:
    for i in range(55):
        F.StudentFactory(school=world.orgs["school_B"], last_name=f"Mora{i:02d}", grade=10)
    client = _signed_in(world.users["district_admin"])
    first = client.get(reverse("web:student_list"), {"grade": 10}).content.decode()
    assert len(_rows(first)) == 50
    assert "Page 1 of 2 (55 in all)" in first
    next_url = re.search(r'href="(\?[^"]*)" rel="next"', first)
    assert next_url is not None
    assert "grade=10" in next_url.group(1)
    second = client.get(reverse("web:student_list") + next_url.group(1).replace("&amp;", "&"))
    assert len(_rows(second.content.decode())) == 5
    # Only the students shown were logged as read.
    assert AuditEvent.objects.filter(action="students.listed").count() == 55


def test_list_query_count_does_not_grow_with_the_page(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for _ in range(40):
        F.StudentFactory(school=world.orgs["school_B"], counselor=world.users["counselor"])
    client = _signed_in(world.users["district_admin"])
    client.get(reverse("web:student_list"))  # settle the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("web:student_list"), {"school": world.orgs["school_A"].pk})
    with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as large:
        response = client.get(reverse("web:student_list"))
    assert len(_rows(response.content.decode())) == 43
    assert len(large) == len(small)  # 1 student or 43: the same queries


def test_school_list_query_count_and_filters(
    world: World, django_assert_max_num_queries: Any
) -> None:
    F.SchoolFactory(
        organization__name="Closed Elementary", status="closed",
        grade_offered_low=0, grade_offered_high=5, grade_served_low=0, grade_served_high=5,
    )  # fmt: skip
    for _ in range(20):
        F.SchoolFactory()
    client = _signed_in(world.users["analyst"])
    with django_assert_max_num_queries(5):
        html = client.get(reverse("web:school_list")).content.decode()
    assert len(_rows(html)) == 25
    closed = client.get(reverse("web:school_list"), {"status": "closed"}).content.decode()
    assert _rows(closed) == ["Closed Elementary"]
    assert "K-5" in closed
    high = client.get(reverse("web:school_list"), {"serves_9_12": "1"}).content.decode()
    assert "Closed Elementary" not in _rows(high)
    assert len(_rows(high)) == 24
    # No student data on the school list.
    assert world.students["a"].last_name not in html


@pytest.mark.parametrize("role", ["analyst", "city_partner"])
def test_aggregate_only_roles_get_403_on_record_pages(world: World, role: str) -> None:
    client = _signed_in(world.users[role])
    a = world.students["a"]
    for url in (
        reverse("web:student_list"),
        reverse("web:student_detail", args=[a.pk]),
        reverse("web:student_disclosures", args=[a.pk]),
        reverse("web:student_export"),
    ):
        assert client.get(url).status_code == 403, url
    assert AuditEvent.objects.count() == 0


def test_detail_page_shows_the_whole_record_to_the_counselor(world: World) -> None:
    a = world.students["a"]
    html = _signed_in(world.users["counselor"]).get(reverse("web:student_detail", args=[a.pk]))
    text = html.content.decode()
    for expected in (
        "School A",
        "2027",  # cohort
        "Reporting groups",
        "Maria Alvarez",  # the guardian
        "Spanish",  # guardian's language
        "College Composition",
        "Registered",
        "Dual enrollment (whole of high school)",
        "Clinic internship",
        reverse("web:student_disclosures", args=[a.pk]),
    ):
        assert expected in text, expected


@pytest.mark.parametrize("role", ["college_staff", "student", "guardian", "employer"])
def test_detail_page_hides_reporting_groups_and_the_log_link(world: World, role: str) -> None:
    a = world.students["a"]
    html = _signed_in(world.users[role]).get(reverse("web:student_detail", args=[a.pk]))
    text = html.content.decode()
    assert html.status_code == 200
    assert "Reporting groups" not in text
    assert "English learner" not in text
    assert reverse("web:student_disclosures", args=[a.pk]) not in text


#: Links onward from student A's record, by role: (passport, the student's journey page,
#: applications that open in the journey). A guardian sees no college application without the
#: student's release; college staff open only the applications to their own sections.
RECORD_LINKS = {
    "counselor": (True, True, {"college", "adult"}),
    "school_admin": (True, True, {"college", "adult"}),
    "district_admin": (True, True, {"college", "adult"}),
    "college_staff": (False, False, {"college"}),
    "student": (True, False, {"college", "adult"}),
    "guardian": (True, False, {"adult"}),
    "employer": (False, False, set()),
}


@pytest.mark.parametrize("role", list(RECORD_LINKS))
def test_the_record_links_to_the_passport_and_journey_for_roles_that_may_open_them(
    world: World, role: str
) -> None:
    from openpathways.applications.models import Application

    a = world.students["a"]
    apps = {"college": Application.objects.get(student=a)}
    adult_section = F.SectionFactory(course__provider_org=world.orgs["adult_ed"],
                                     course__provider="adult_ed")  # fmt: skip
    apps["adult"] = Application.objects.create(
        student=a, section=adult_section, program="adult-ed", status="requested"
    )
    client = _signed_in(world.users[role])
    text = client.get(reverse("web:student_detail", args=[a.pk])).content.decode()
    passport, journey, linked = RECORD_LINKS[role]
    passport_url = reverse("web:passport", kwargs={"student_id": a.pk})
    journey_url = reverse("web:journey_student", args=[a.pk])
    assert (f'href="{passport_url}"' in text) == passport
    assert (f'href="{journey_url}"' in text) == journey
    shown = {k for k, app in apps.items()
             if f'href="{reverse("web:journey_detail", args=[app.pk])}"' in text}  # fmt: skip
    assert shown == linked
    offered = [url for url, on in ((passport_url, passport), (journey_url, journey)) if on]
    offered += [reverse("web:journey_detail", args=[apps[k].pk]) for k in linked]
    for url in offered:  # every link opens for this role
        assert client.get(url).status_code == 200, url


def test_the_record_links_read_in_spanish(world: World) -> None:
    a = world.students["a"]
    client = _signed_in(world.users["counselor"], language="es")
    text = client.get(reverse("web:student_detail", args=[a.pk])).content.decode()
    assert "Pasaporte de oportunidades" in text
    assert "Solicitudes, consentimiento y sesión de orientación" in text


def test_employer_page_shows_its_placement_and_nothing_else(world: World) -> None:
    a = world.students["a"]
    text = _signed_in(world.users["employer"]).get(reverse("web:student_detail", args=[a.pk]))
    body = text.content.decode()
    assert "Clinic internship" in body
    assert "College Composition" not in body
    assert "Parents and guardians" not in body


def test_guardian_page_withholds_college_courses_without_release(world: World) -> None:
    a = world.students["a"]
    body = _signed_in(world.users["guardian"]).get(reverse("web:student_detail", args=[a.pk]))
    text = body.content.decode()
    assert "College Composition" not in text
    assert "written release" in text


def test_disclosure_log_page_lists_who_read_the_record(world: World) -> None:
    a = world.students["a"]
    _signed_in(world.users["college_staff"]).get(f"/api/students/{a.pk}")
    _signed_in(world.users["employer"]).get(reverse("web:student_detail", args=[a.pk]))
    html = _signed_in(world.users["school_admin"]).get(
        reverse("web:student_disclosures", args=[a.pk])
    )
    assert html.status_code == 200
    rows = _rows(html.content.decode())
    assert len(rows) == 3  # the employer, the college, and this very review
    text = html.content.decode()
    for expected in (
        "College dual-enrollment staff",
        "Employer partner",
        "school_admin_a",
        "disclosure log review",
        "Viewed the record",
        "api",
    ):
        assert expected in text


@pytest.mark.parametrize("role", ["college_staff", "employer", "student", "guardian"])
def test_disclosure_log_page_is_403_for_others(world: World, role: str) -> None:
    a = world.students["a"]
    response = _signed_in(world.users[role]).get(reverse("web:student_disclosures", args=[a.pk]))
    assert response.status_code == 403
    assert AuditEvent.objects.count() == 0


def test_export_is_a_streamed_csv_with_formulas_neutralised(world: World) -> None:
    F.StudentFactory(school=world.orgs["school_A"], last_name="=HYPERLINK(1)", first_name="Eve")
    response: Any = _signed_in(world.users["school_admin"]).get(reverse("web:student_export"))
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="students-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["last_name"] for r in rows] == ["Alvarez", "'=HYPERLINK(1)"]
    assert rows[0]["school_cds_code"] == world.orgs["school_A"].school.cds_code
    assert rows[0]["counselor"] == "Counselor_A"


def test_pages_speak_spanish(world: World) -> None:
    from openpathways.catalog.models import Course

    Course.objects.filter(title="College Composition").update(title_es="Composición universitaria")
    client = _signed_in(world.users["counselor"], language="es")
    a = world.students["a"]
    listing = client.get(reverse("web:student_list")).content.decode()
    assert "Estudiantes" in listing
    assert "Solo mis estudiantes asignados" in listing
    assert "1 estudiante encontrado" in listing
    detail = client.get(reverse("web:student_detail", args=[a.pk])).content.decode()
    assert "Padres y tutores" in detail
    assert "Registrada" in detail
    assert "Composición universitaria" in detail
    assert "College Composition" not in detail
    schools = client.get(reverse("web:school_list")).content.decode()
    assert "Código CDS" in schools


def test_spanish_catalog_covers_every_string_of_the_pages() -> None:
    """Every translatable string of these templates and views has a Spanish translation."""
    import polib  # type: ignore[import-untyped]

    from openpathways.settings import PACKAGE_DIR

    catalog = polib.pofile(str(PACKAGE_DIR / "students/locale/es/LC_MESSAGES/django.po"))
    translated = {e.msgid for e in catalog if e.translated()}
    sources = [
        *sorted((PACKAGE_DIR / "web/templates/web/students").glob("*.html")),
        *sorted((PACKAGE_DIR / "web/templates/web/schools").glob("*.html")),
    ]
    found: set[str] = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'{% translate "([^"]+)"', text))
        found |= set(re.findall(r"{% translate '([^']+)'", text))
        found |= set(re.findall(r'_\("([^"]+)"\)', text))
    views = (PACKAGE_DIR / "web/views/students.py").read_text(encoding="utf-8")
    found |= set(re.findall(r'_\("([^"]+)"\)', views))
    assert found, "no strings found"
    assert sorted(found - translated) == []


def test_tables_have_captions_and_scoped_headers(world: World) -> None:
    client = _signed_in(world.users["counselor"])
    a = world.students["a"]
    for url in (
        reverse("web:student_list"),
        reverse("web:student_detail", args=[a.pk]),
        reverse("web:student_disclosures", args=[a.pk]),
        reverse("web:school_list"),
    ):
        html = client.get(url).content.decode()
        tables = re.findall(r"<table.*?</table>", html, re.S)
        assert tables, url
        for table in tables:
            assert "<caption>" in table, url
            assert "<th>" not in table, url  # every header cell says its scope
            assert 'scope="col"' in table, url


def test_anonymous_is_sent_to_sign_in(db: None) -> None:
    response = Client().get(reverse("web:student_list"))
    assert response.status_code == 302
    assert "next=" in response["Location"]
