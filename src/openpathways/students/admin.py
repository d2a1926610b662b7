"""Admin of students and their guardians, and the base for every admin of student-linked rows:
only superusers, rows scoped through the access layer, and every student record shown (in a list
or on its own page) logged as a read in the student's disclosure log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from openpathways.audit.services import audit_record_student_reads
from openpathways.core.admin import AuditedModelAdmin
from openpathways.students.access import student_scope
from openpathways.students.models import Guardian, Student, StudentGuardian

ADMIN_PURPOSE = "administration"


def _is_superuser(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_superuser)


class StudentRecordAdmin(AuditedModelAdmin):
    """Base admin for Student and for rows that carry a student's record.

    Subclasses say where the student is (`student_path`, a lookup from the row to the student's
    id: "pk" for Student, "student" for most rows) and may override `student_ids_of`.
    """

    student_path = "student"
    list_per_page = 50

    # --- only superusers -------------------------------------------------------------
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_superuser(request)

    # --- rows through the access layer's scope -------------------------------------------
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        scope = student_scope(request.user)
        if not scope.query.has_filters():  # the whole table (superusers): no subquery needed
            return qs
        lookup = "pk__in" if self.student_path == "pk" else f"{self.student_path}__in"
        return qs.filter(**{lookup: scope.values("pk")})

    # --- reads are logged ----------------------------------------------------------------
    def student_ids_of(self, objs: Iterable[Model]) -> list[int]:
        path = "pk" if self.student_path == "pk" else f"{self.student_path}_id"
        ids: list[int] = []
        for obj in objs:
            value: Any = obj
            for part in path.split("__"):
                value = getattr(value, part, None)
            if isinstance(value, int) and value not in ids:
                ids.append(value)
        return ids

    def _log_reads(self, request: HttpRequest, action: str, objs: Iterable[Model]) -> None:
        ids = self.student_ids_of(objs)
        if ids:
            audit_record_student_reads(
                actor=request.user,
                action=action,
                student_ids=ids,
                purpose=ADMIN_PURPOSE,
                channel="admin",
                details={"model": self.model._meta.label_lower},
            )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if changelist is not None:
            self._log_reads(request, "students.listed", changelist.result_list)
        return response

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self._log_reads(request, "students.viewed", [obj])
        return obj


class StudentGuardianInline(admin.TabularInline):
    model = StudentGuardian
    extra = 0
    raw_id_fields = ("student", "guardian")


@admin.register(Student)
class StudentAdmin(StudentRecordAdmin):
    student_path = "pk"
    list_display = (
        "last_name",
        "first_name",
        "state_student_id",
        "school",
        "grade",
        "graduation_cohort",
        "status",
    )
    list_filter = ("status", "grade", "graduation_cohort", "english_learner", "race_ethnicity")
    search_fields = ("last_name", "first_name", "=state_student_id", "=local_id")
    list_select_related = ("school",)
    raw_id_fields = ("school", "counselor", "residence_city_org")
    inlines = (StudentGuardianInline,)
    ordering = ("last_name", "first_name")


@admin.register(Guardian)
class GuardianAdmin(StudentRecordAdmin):
    student_path = "students"
    list_display = ("last_name", "first_name", "email", "phone", "preferred_language")
    list_filter = ("preferred_language",)
    search_fields = ("last_name", "first_name", "email")
    inlines = (StudentGuardianInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """Guardians of students in scope, and guardians not yet linked to any student."""
        qs = AuditedModelAdmin.get_queryset(self, request)
        scope = student_scope(request.user)
        if not scope.query.has_filters():
            return qs
        return qs.filter(Q(students__in=scope.values("pk")) | Q(students__isnull=True)).distinct()

    def student_ids_of(self, objs: Iterable[Model]) -> list[int]:
        guardian_ids = [obj.pk for obj in objs]
        links = StudentGuardian.objects.filter(guardian_id__in=guardian_ids)
        return sorted(set(links.values_list("student_id", flat=True)))


@admin.register(StudentGuardian)
class StudentGuardianAdmin(StudentRecordAdmin):
    list_display = ("student", "guardian", "relationship", "educational_rights")
    list_filter = ("relationship", "educational_rights")
    search_fields = ("student__last_name", "guardian__last_name", "=student__state_student_id")
    list_select_related = ("student", "guardian")
    raw_id_fields = ("student", "guardian")


class NoStudentRowsAdmin(StudentRecordAdmin):
    """Rows of a student-linked app that name no student (runs, counters, confirmations):
    superusers only, as every admin of such an app, with nothing to scope or log as a read."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return admin.ModelAdmin.get_queryset(self, request)

    def student_ids_of(self, objs: Iterable[Model]) -> list[int]:
        return []
