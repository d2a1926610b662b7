"""The Django admin: every model registered and usable; student records for superusers only,
with every record shown logged in the student's disclosure log; admin writes audited."""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from openpathways.accounts.models import Role, User
from openpathways.audit.models import AuditEvent
from openpathways.students.models import Student
from tests.factories import UserFactory
from tests.web.world import World

#: Every app of the project that owns tables.
APPS = tuple(
    config.label
    for config in django_apps.get_app_configs()
    if config.name.startswith("openpathways.") and list(config.get_models())
)

STUDENT_RECORD_MODELS = (
    "students.student",
    "students.guardian",
    "students.studentguardian",
    "enrollments.courseenrollment",
    "enrollments.credentialearned",
    "applications.application",
    "applications.applicationevent",
    "consents.consent",
    "wbl.placement",
    "wbl.hourslog",
    "audit.auditevent",
    "interop.importrun",
    "interop.externalid",
)


@pytest.fixture
def superuser(db: None) -> User:
    user: User = UserFactory.create(
        username="root", is_staff=True, is_superuser=True, role="", first_name="Root"
    )
    return user


@pytest.fixture
def staff_with_every_permission(db: None) -> User:
    user: User = UserFactory.create(username="staff", is_staff=True, role=Role.DISTRICT_ADMIN)
    user.user_permissions.set(Permission.objects.all())
    return user


def _changelist(label: str) -> str:
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_changelist")


def test_every_model_of_every_app_is_registered() -> None:
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert {"students", "catalog", "audit"} <= set(APPS)
    for app_label in APPS:
        for model in django_apps.get_app_config(app_label).get_models():
            assert model._meta.label_lower in registered, model._meta.label_lower


def test_every_changelist_and_add_form_opens_for_a_superuser(
    client: Client, world: World, superuser: User
) -> None:
    client.force_login(superuser)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label.split(".")[0] not in APPS:
            continue
        assert client.get(_changelist(label)).status_code == 200, label
        if model_admin.has_add_permission(_request(superuser)):
            add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            assert client.get(add).status_code == 200, label


def _request(user: User) -> HttpRequest:
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("label", STUDENT_RECORD_MODELS)
def test_staff_without_superuser_cannot_open_student_records(
    client: Client, world: World, staff_with_every_permission: User, label: str
) -> None:
    client.force_login(staff_with_every_permission)
    assert client.get(_changelist(label)).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert _changelist(label) not in index


def test_staff_can_manage_the_catalog(
    client: Client, world: World, staff_with_every_permission: User
) -> None:
    client.force_login(staff_with_every_permission)
    assert client.get(_changelist("catalog.section")).status_code == 200
    assert client.get(_changelist("organizations.organization")).status_code == 200


def test_the_student_changelist_logs_each_student_shown(
    client: Client, world: World, superuser: User
) -> None:
    client.force_login(superuser)
    response = client.get(_changelist("students.student"), {"grade": "10"})
    assert response.status_code == 200
    shown = set(Student.objects.filter(grade=10).values_list("pk", flat=True))
    assert len(shown) == 4
    logged = AuditEvent.objects.filter(actor=superuser, action="students.listed", channel="admin")
    assert set(logged.values_list("student_id", flat=True)) == shown
    assert logged.count() == 4


def test_opening_a_student_logs_the_read(client: Client, world: World, superuser: User) -> None:
    client.force_login(superuser)
    student = Student.objects.filter(grade=11).first()
    assert student is not None
    url = reverse("admin:students_student_change", args=[student.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert student.last_name in response.content.decode()
    events = AuditEvent.objects.filter(actor=superuser, action="students.viewed")
    assert list(events.values_list("student_id", flat=True)) == [student.pk]
    assert events.get().purpose == "administration"


def test_linked_rows_log_the_students_they_show(
    client: Client, world: World, superuser: User
) -> None:
    client.force_login(superuser)
    client.get(_changelist("enrollments.courseenrollment"))
    enrolled = set(
        Student.objects.filter(course_enrollments__isnull=False).values_list("pk", flat=True)
    )
    logged = AuditEvent.objects.filter(
        action="students.listed", details__model="enrollments.courseenrollment"
    )
    assert set(logged.values_list("student_id", flat=True)) == enrolled
    client.get(_changelist("students.guardian"))
    child = world.users[Role.STUDENT].student_id
    logged = AuditEvent.objects.filter(action="students.listed", details__model="students.guardian")
    assert list(logged.values_list("student_id", flat=True)) == [child]


def test_admin_changes_leave_an_audit_event(client: Client, world: World, superuser: User) -> None:
    client.force_login(superuser)
    student = Student.objects.filter(grade=11).first()
    assert student is not None
    url = reverse("admin:students_student_change", args=[student.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "first_name": "Renamed",
            "birth_date": student.birth_date.isoformat(),
            "school": student.school_id,
            "counselor": student.counselor_id or "",
            "residence_city_org": "",
            "studentguardian_set-TOTAL_FORMS": "0",
            "studentguardian_set-INITIAL_FORMS": "0",
        }
    )
    for flag in ("english_learner", "socioeconomically_disadvantaged", "disability", "foster",
                 "homeless"):  # fmt: skip
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    student.refresh_from_db()
    assert student.first_name == "Renamed"
    change = AuditEvent.objects.get(action="admin.changed", actor=superuser)
    assert change.student_id == student.pk
    assert change.channel == "admin"


def test_the_audit_trail_is_read_only(client: Client, world: World, superuser: User) -> None:
    client.force_login(superuser)
    client.get("/")  # nothing; make sure an event exists
    AuditEvent.objects.create(at="2026-09-01T10:00:00Z", action="students.viewed")
    event = AuditEvent.objects.first()
    assert event is not None
    response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert response.status_code == 200
    assert b'name="action"' not in response.content
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


def test_opening_a_students_account_logs_a_read_of_the_record(
    client: Client, world: World, superuser: User
) -> None:
    client.force_login(superuser)
    account = world.users[Role.STUDENT]
    response = client.get(reverse("admin:accounts_user_change", args=[account.pk]))
    assert response.status_code == 200
    assert b'name="student"' in response.content
    events = AuditEvent.objects.filter(actor=superuser, action="students.viewed")
    assert list(events.values_list("student_id", flat=True)) == [account.student_id]


def test_staff_managing_accounts_see_neither_student_accounts_nor_links(
    client: Client, world: World, staff_with_every_permission: User
) -> None:
    client.force_login(staff_with_every_permission)
    listing = client.get(_changelist("accounts.user")).content.decode()
    assert "counselor" in listing
    student_account = world.users[Role.STUDENT]
    assert f"/admin/accounts/user/{student_account.pk}/change/" not in listing
    assert f"/admin/accounts/user/{world.users[Role.GUARDIAN].pk}/change/" not in listing
    hidden = client.get(reverse("admin:accounts_user_change", args=[student_account.pk]))
    assert hidden.status_code == 302  # the admin's "no such object" redirect
    counselor = world.users[Role.COUNSELOR]
    page = client.get(reverse("admin:accounts_user_change", args=[counselor.pk]))
    assert page.status_code == 200
    assert b'name="student"' not in page.content
    assert not AuditEvent.objects.filter(action="students.viewed").exists()


def test_the_admin_is_branded_in_both_languages(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    assert "OpenPathways administration" in client.get(reverse("admin:index")).content.decode()
    client.post("/i18n/setlang/", {"language": "es", "next": "/admin/"})
    assert "Administración de OpenPathways" in client.get(reverse("admin:index")).content.decode()
