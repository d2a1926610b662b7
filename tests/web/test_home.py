"""Each role's home page shows its own figures, in English and in Spanish."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from openpathways.accounts.models import Role
from openpathways.audit.models import AuditEvent
from tests.web.world import World


def _main_text(html: str) -> str:
    """The visible text of <main>, tags stripped and whitespace collapsed."""
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.split(">", 1)[1]))


def _row(text: str, *cells: str) -> bool:
    return " ".join(cells) in text


# (role, English figures, Spanish figures): each a sequence of cells that must appear in order.
EXPECTED: dict[str, tuple[list[tuple[str, ...]], list[tuple[str, ...]]]] = {
    Role.COUNSELOR: (
        [
            ("Students in my caseload", "3"),
            ("Students at my school", "17"),
            ("Grade 9", "2", "3"),
            ("Grade 11", "1", "2"),
            ("Grade 12", "0", "12"),
            ("College-credit course", "2", "1"),
        ],
        [
            ("Estudiantes asignados a mí", "3"),
            ("Estudiantes de mi escuela", "17"),
            ("Grado 9", "2", "3"),
            ("Grado 12", "0", "12"),
            ("Curso con crédito universitario", "2", "1"),
        ],
    ),
    Role.DISTRICT_ADMIN: (
        [
            ("Schools serving grades 9-12", "2"),
            ("Students enrolled", "21"),
            ("Education Compacts", "1"),
            ("College-credit course", "2", "1"),
            ("CTE pathway", "1", "1"),
            ("Associate degree (AA)", "0", "0"),
            ("Grade 10", "4"),
            ("1 of 2 schools serving grades 9-12 offer",),
        ],
        [
            ("Escuelas que atienden los grados 9-12", "2"),
            ("Estudiantes inscritos", "21"),
            ("Pactos Educativos", "1"),
            ("Título de asociado (AA)", "0", "0"),
            ("Grado 10", "4"),
            ("1 de 2 escuelas que atienden los grados 9-12 ofrecen",),
        ],
    ),
    Role.SCHOOL_ADMIN: (
        [("Students enrolled", "17"), ("Opportunity types offered", "2 / 5"), ("Grade 9", "3")],
        [
            ("Estudiantes inscritos", "17"),
            ("Tipos de oportunidad ofrecidos", "2 / 5"),
            ("Grado 9", "3"),
        ],
    ),
    Role.COLLEGE_STAFF: (
        [
            ("Sections", "2"),
            ("Seats", "65"),
            ("Seats filled", "3"),
            ("Seats open", "62"),
            (
                "ENGL 101 College Composition",
                "40123",
                "Bayview High",
                "During the school day",
                "35",
                "3",
                "32",
            ),
        ],
        [
            ("Secciones", "2"),
            ("Cupos", "65"),
            ("Cupos ocupados", "3"),
            ("Cupos disponibles", "62"),
            (
                "ENGL 101 Composición universitaria",
                "40123",
                "Bayview High",
                "Durante la jornada escolar",
                "35",
                "3",
                "32",
            ),
        ],
    ),
    Role.ADULT_ED_STAFF: (
        [
            ("Sections", "1"),
            ("Seats", "24"),
            ("CNA 1 Nursing Assistant", "S1", "Bayview High", "Saturday", "24", "0", "24"),
        ],
        [("Secciones", "1"), ("Cupos", "24"), ("Sábado", "24", "0", "24")],
    ),
    Role.EMPLOYER: (
        [
            ("Places offered", "14"),
            ("Students placed", "1"),
            ("Clinic intern", "Internship", "Published", "4", "120", "1"),
            ("Job shadow day", "Job shadow", "Draft", "10", "6", "0"),
        ],
        [
            ("Plazas ofrecidas", "14"),
            ("Estudiantes colocados", "1"),
            ("Practicante de clínica", "Pasantía", "Publicado", "4", "120", "1"),
            ("Job shadow day", "Observación laboral", "Borrador", "10", "6", "0"),
        ],
    ),
    Role.CITY_PARTNER: (
        [
            ("Bell Gardens Education Compact",),
            ("Between Harbor Unified and Bell Gardens.",),
            ("In progress", "2"),
            ("Done", "1"),
            ("Total", "3"),
        ],
        [
            ("Entre Harbor Unified y Bell Gardens.",),
            ("En curso", "2"),
            ("Terminado", "1"),
            ("Total", "3"),
        ],
    ),
    Role.STUDENT: (
        [
            ("Your school", "Bayview High"),
            ("Your grade", "11"),
            ("Class of", "2027"),
            ("Your counselor is Rosa Counselor.",),
            ("Opportunities at your school, 2026-27",),
            ("College-credit course", "ENGL 101 at Bayview"),
            ("CTE pathway", "Health Science"),
        ],
        [
            ("Tu escuela", "Bayview High"),
            ("Tu grado", "11"),
            ("Generación", "2027"),
            ("Tu consejero o consejera es Rosa Counselor.",),
            ("Oportunidades en tu escuela, 2026-27",),
            ("Curso con crédito universitario", "ENGL 101 at Bayview"),
        ],
    ),
    Role.GUARDIAN: (
        [("Your children",), ("Bayview High", "11")],
        [("Sus hijos",), ("Bayview High", "11")],
    ),
    Role.ANALYST: (
        [
            ("Students enrolled", "21"),
            ("Grade 9", "*"),
            ("Grade 10", "*"),
            ("Grade 11", "*"),
            ("Grade 12", "12"),
            ("Hispanic or Latino", "12"),
            ("Asian", "*"),
            ("Not reported", "*"),
            ("Black or African American", "0"),
        ],
        [
            ("Estudiantes inscritos", "21"),
            ("Grado 9", "*"),
            ("Grado 12", "12"),
            ("Hispano o latino", "12"),
            ("Asiático", "*"),
            ("Negro o afroamericano", "0"),
        ],
    ),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_home_shows_the_roles_figures_in_english(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    text = _main_text(html)
    for cells in EXPECTED[role][0]:
        assert _row(text, *cells), f"{role}: {' | '.join(cells)} not in {text!r}"


@pytest.mark.parametrize("role", list(EXPECTED))
def test_home_shows_the_roles_figures_in_spanish_after_the_language_switch(
    client: Client, world: World, role: str
) -> None:
    client.force_login(world.users[role])
    switched = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="es">' in html
    text = _main_text(html)
    for cells in EXPECTED[role][1]:
        assert _row(text, *cells), f"{role}: {' | '.join(cells)} not in {text!r}"
    assert "Cerrar sesión" in html
    assert world.users[role].role_label in html  # the role label, in Spanish


def test_a_user_who_prefers_spanish_sees_spanish_without_switching(
    client: Client, world: World
) -> None:
    guardian = world.users[Role.GUARDIAN]
    guardian.preferred_language = "es"
    guardian.save()
    client.force_login(guardian)
    html = client.get("/").content.decode()
    assert '<html lang="es">' in html
    assert "Sus hijos" in html
    assert "Padre, madre o tutor" in html


def test_switching_back_to_english(client: Client, world: World) -> None:
    client.force_login(world.users[Role.COUNSELOR])
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Your caseload" in html


def test_the_analyst_never_sees_a_student_name(client: Client, world: World) -> None:
    client.force_login(world.users[Role.ANALYST])
    for language in ("en", "es"):
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        html = client.get("/").content.decode()
        leaked = [name for name in world.student_names if re.search(rf"\b{name}\b", html)]
        assert leaked == []
    assert not AuditEvent.objects.filter(actor=world.users[Role.ANALYST]).exists()


def test_small_counts_shown_to_the_analyst_cannot_be_recovered_from_the_total(
    client: Client, world: World
) -> None:
    """Race/ethnicity: Hispanic 12, Asian 4, not reported 5, total 21. If only one group were
    hidden, total minus the others would give it away; here two small groups hide each other."""
    client.force_login(world.users[Role.ANALYST])
    text = _main_text(client.get("/").content.decode())
    assert _row(text, "Asian", "*")
    assert _row(text, "Not reported", "*")
    assert " 4 " not in text.split("Students by race or ethnicity")[1].split("Total")[0]


def test_the_student_sees_their_own_record_and_the_read_is_logged(
    client: Client, world: World
) -> None:
    student_user = world.users[Role.STUDENT]
    client.force_login(student_user)
    client.get("/")
    events = AuditEvent.objects.filter(actor=student_user, action="students.viewed")
    assert list(events.values_list("student_id", flat=True)) == [student_user.student_id]


def test_the_guardian_sees_only_their_children_and_the_reads_are_logged(
    client: Client, world: World
) -> None:
    guardian = world.users[Role.GUARDIAN]
    client.force_login(guardian)
    text = _main_text(client.get("/").content.decode())
    child = world.users[Role.STUDENT].student
    assert child is not None
    assert child.full_name in text
    others = [n for n in world.student_names if re.search(rf"\b{n}\b", text)]
    assert sorted(others) == sorted([child.first_name, child.last_name])
    logged = AuditEvent.objects.filter(actor=guardian, action="students.listed")
    assert list(logged.values_list("student_id", flat=True)) == [child.pk]


def test_signed_out_visitors_are_sent_to_the_sign_in_page(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
