"""The shell's accessibility basics, sign-in and sign-out, error pages, and local assets."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.views.defaults import permission_denied
from lxml import html as lxml_html

from openpathways.accounts.models import Role
from tests.factories import UserFactory
from tests.web.world import PASSWORD, World


def _doc(response_content: bytes) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(response_content)


def _assert_accessible_shell(doc: lxml_html.HtmlElement, language: str) -> None:
    assert doc.get("lang") == language
    skip = doc.xpath("//body//a")[0]
    assert skip.get("class") == "skip-link"
    assert skip.get("href") == "#main"
    assert len(doc.xpath("//header")) == 1
    assert len(doc.xpath("//main[@id='main']")) == 1
    assert len(doc.xpath("//footer")) == 1
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//title")[0].text_content().strip()
    for img in doc.xpath("//img"):
        assert img.get("alt") is not None, "every image has an alt attribute"
    labelled_ids = {label.get("for") for label in doc.xpath("//label[@for]")}
    for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert control.get("id") in labelled_ids or control.get("aria-label"), (
            f"unlabelled control {control.get('name')}"
        )
    for button in doc.xpath("//button"):
        assert button.text_content().strip() or button.get("aria-label")
    # the language switch: a POST form to Django's set_language that comes back to this page
    switch = doc.xpath("//form[@action='/i18n/setlang/']")[0]
    assert switch.get("method") == "post"
    assert switch.xpath(".//input[@name='next']")[0].get("value")
    values = {b.get("value"): b.text_content().strip() for b in switch.xpath(".//button")}
    assert values == {"en": "English", "es": "Español"}
    assert switch.xpath(".//legend")


@pytest.mark.parametrize("role", [Role.COUNSELOR, Role.STUDENT, Role.ANALYST, Role.EMPLOYER])
def test_home_has_landmarks_skip_link_labels_and_one_h1(
    client: Client, world: World, role: str
) -> None:
    client.force_login(world.users[role])
    doc = _doc(client.get("/").content)
    _assert_accessible_shell(doc, "en")
    nav = doc.xpath("//nav")
    assert len(nav) == 1
    assert nav[0].get("aria-label") == "Main"
    assert nav[0].xpath(".//a[@aria-current='page']")[0].text_content().strip() == "Home"
    # the signed-in user's name, role and a sign-out button that posts
    user = world.users[role]
    header = doc.xpath("//header")[0].text_content()
    assert user.get_full_name() in header
    assert user.role_label in header
    sign_out = doc.xpath("//form[@action='/accounts/logout/']")[0]
    assert sign_out.get("method") == "post"
    assert sign_out.xpath(".//button")[0].text_content().strip() == "Sign out"


#: The menu each role sees, in order: a page the role cannot open is never offered.
MENU_BY_ROLE: dict[str, list[str]] = {
    Role.DISTRICT_ADMIN: [
        "Home", "Dashboards", "Students", "Schools", "Rosters", "Seat allocation",
        "FAFSA/CADAA queue", "Goals", "Work-based learning", "Employers", "Education Compacts",
        "Find opportunities", "API",
    ],
    Role.SCHOOL_ADMIN: [
        "Home", "Students", "Caseload", "Applications", "Rosters", "FAFSA/CADAA queue", "Goals",
        "Work-based learning", "Find opportunities", "API",
    ],
    Role.COUNSELOR: [
        "Home", "Caseload", "Applications", "FAFSA/CADAA queue", "Goals", "Students", "Rosters",
        "Work-based learning", "Find opportunities", "API",
    ],
    Role.COLLEGE_STAFF: ["Home", "Students", "Applications", "Rosters", "Seat allocation", "API"],
    Role.ADULT_ED_STAFF: ["Home", "Students", "Applications", "Rosters", "Seat allocation", "API"],
    Role.EMPLOYER: ["Home", "Vendor compliance"],
    Role.CITY_PARTNER: ["Home", "Education Compacts"],
    Role.STUDENT: [
        "Home", "Passport", "Applications", "Seats and waitlists", "Find opportunities",
        "Work-based learning",
    ],
    Role.GUARDIAN: [
        "Home", "Passport", "Seats and waitlists", "Find opportunities", "Work-based learning",
    ],
    Role.ANALYST: [
        "Home", "Dashboards", "Schools", "Goals", "Vendor compliance", "Education Compacts", "API",
    ],
}  # fmt: skip


@pytest.mark.parametrize("role", list(MENU_BY_ROLE), ids=str)
def test_the_navigation_follows_the_role(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])
    links = _doc(client.get("/").content).xpath("//nav[@aria-label='Main']//a")
    assert [a.text_content().strip() for a in links] == MENU_BY_ROLE[role]
    hrefs = [a.get("href") for a in links]
    assert len(set(hrefs)) == len(hrefs), "each page appears once"
    for href in hrefs:  # every page offered opens for this role (a passport may redirect)
        assert client.get(href).status_code in (200, 302), href


def test_a_parent_finds_the_childrens_seats_and_passport_in_spanish(
    client: Client, world: World
) -> None:
    client.force_login(world.users[Role.GUARDIAN])
    client.cookies["django_language"] = "es"  # the language switch's choice
    doc = _doc(client.get("/").content)
    links = {a.text_content().strip(): a.get("href") for a in doc.xpath("//nav//a")}
    assert links["Lugares y listas de espera"] == "/seats/"
    assert links["Pasaporte"] == "/passport/"
    assert links["Buscar oportunidades"] == "/finder/"


def test_the_sign_in_page_is_accessible_and_bilingual(client: Client, db: None) -> None:
    english = _doc(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content)
    _assert_accessible_shell(english, "en")
    assert english.xpath("//h1")[0].text_content().strip() == "Sign in"
    assert english.xpath("//label[@for='id_username']")[0].text_content() == "Username"
    spanish = _doc(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es").content)
    _assert_accessible_shell(spanish, "es")
    assert spanish.xpath("//h1")[0].text_content().strip() == "Iniciar sesión"
    assert spanish.xpath("//label[@for='id_username']")[0].text_content() == "Nombre de usuario"
    assert spanish.xpath("//label[@for='id_password']")[0].text_content() == "Contraseña"
    assert "Saltar al contenido principal" in spanish.text_content()


def test_sign_in_with_the_form_then_sign_out(client: Client, world: World) -> None:
    response = client.post(
        "/accounts/login/", {"username": "counselor", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert "Your caseload" in response.content.decode()
    assert client.get("/accounts/logout/").status_code == 405  # sign-out is a POST
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_explained_in_the_visitors_language(
    client: Client, world: World
) -> None:
    bad = {"username": "counselor", "password": "wrong"}
    english = client.post("/accounts/login/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200
    doc = _doc(english.content)
    alert = doc.xpath("//*[@role='alert']")[0].text_content()
    assert "Please enter a correct username and password" in alert
    assert doc.xpath("//input[@id='id_username']")[0].get("aria-invalid") == "true"
    spanish = client.post("/accounts/login/", bad, HTTP_ACCEPT_LANGUAGE="es")
    assert "Por favor, introduzca un nombre de usuario" in spanish.content.decode()


def test_the_language_switch_returns_to_the_same_page(client: Client, db: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    doc = _doc(client.get("/accounts/login/").content)
    assert doc.get("lang") == "es"
    assert doc.xpath("//form[@action='/i18n/setlang/']//input[@name='next']")[0].get("value") == (
        "/accounts/login/"
    )


def test_not_found_page_is_in_the_shell_and_bilingual(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COUNSELOR])
    with override_settings(DEBUG=False):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    doc = _doc(response.content)
    _assert_accessible_shell(doc, "en")
    assert doc.xpath("//h1")[0].text_content() == "Page not found"
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    doc = _doc(client.get("/no-such-page/").content)
    assert doc.xpath("//h1")[0].text_content() == "Página no encontrada"


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Access denied"), ("es", "Acceso denegado")]
)
def test_forbidden_page_is_in_the_shell_and_bilingual(
    rf: RequestFactory, world: World, language: str, heading: str
) -> None:
    request = rf.get("/students/1/")
    request.user = world.users[Role.ANALYST]
    with translation.override(language):
        response = permission_denied(request, PermissionDenied("aggregates only"))
    assert response.status_code == 403
    doc = _doc(response.content)
    _assert_accessible_shell(doc, language)
    assert doc.xpath("//h1")[0].text_content() == heading


def test_server_error_page_renders_without_a_request(db: None) -> None:
    from django.template.loader import render_to_string

    with translation.override("es"):
        page = render_to_string("500.html")
    doc = _doc(page.encode())
    assert doc.get("lang") == "es"
    assert doc.xpath("//h1")[0].text_content() == "Algo salió mal"


_URL_ATTRS = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']([^"']+)["']""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.I)


def _external(urls: list[str]) -> list[str]:
    return [u for u in urls if urlparse(u).scheme in {"http", "https"} or u.startswith("//")]


@pytest.mark.parametrize("role", list(Role))
def test_rendered_pages_load_nothing_from_other_hosts(
    client: Client, world: World, role: str
) -> None:
    client.force_login(world.users[role])
    page = client.get("/").content.decode()
    assert _external(_URL_ATTRS.findall(page)) == []
    assert "@import" not in page


def test_static_assets_are_local_files(client: Client, db: None) -> None:
    from django.contrib.staticfiles import finders

    page = client.get("/accounts/login/").content.decode()
    assets = [u for u in _URL_ATTRS.findall(page) if u.startswith("/static/")]
    assert {"/static/web/css/site.css", "/static/web/img/logo.svg"} <= set(assets)
    for asset in assets:
        path = finders.find(asset.removeprefix("/static/"))
        assert path, f"{asset} is not a static file of the project"
    css_path = finders.find("web/css/site.css")
    assert isinstance(css_path, str)
    with open(css_path, encoding="utf-8") as css:
        text = css.read()
    assert _external(_CSS_URL.findall(text)) == []
    assert "@import" not in text
    assert "@font-face" not in text


def test_a_user_without_role_gets_a_clear_home(client: Client, db: None) -> None:
    client.force_login(UserFactory.create(role="", first_name="No", last_name="Role"))
    doc = _doc(client.get("/").content)
    assert "Your account has no role yet" in doc.text_content()
    assert len(doc.xpath("//h1")) == 1
