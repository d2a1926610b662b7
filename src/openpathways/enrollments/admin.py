"""Course enrollments and credentials are student records: superusers only, reads logged."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openpathways.enrollments import models as enrollment_models
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.students.admin import StudentRecordAdmin


@admin.register(CourseEnrollment)
class CourseEnrollmentAdmin(StudentRecordAdmin):
    list_display = ("student", "section", "status", "grade", "units_earned", "credit_type")
    list_filter = ("status", "credit_type", "section__term__academic_year")
    search_fields = ("=student__state_student_id", "student__last_name", "section__course__code")
    list_select_related = ("student", "section", "section__course", "section__term")
    raw_id_fields = ("student", "section")


@admin.register(CredentialEarned)
class CredentialEarnedAdmin(StudentRecordAdmin):
    list_display = ("student", "kind", "title", "issuer", "earned_on")
    list_filter = ("kind",)
    search_fields = ("=student__state_student_id", "student__last_name", "title")
    list_select_related = ("student", "issuer")
    raw_id_fields = ("student", "issuer", "certification", "cte_pathway")


class GradeChangeAdmin(StudentRecordAdmin):
    """The history of a grade: read-only (grades change through the services and importers)."""

    student_path = "enrollment__student"
    list_display = ("enrollment", "old_grade", "new_grade", "changed_at", "actor_label", "source")
    list_filter = ("new_grade",)
    search_fields = ("=enrollment__student__state_student_id", "actor_label", "source")
    list_select_related = ("enrollment",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Grade history rows (registered when the model is present).
_grade_change = getattr(enrollment_models, "GradeChange", None)
if _grade_change is not None:
    admin.site.register(_grade_change, GradeChangeAdmin)
