"""Course enrollments and credentials are student records: superusers only, reads logged."""

from __future__ import annotations

from django.contrib import admin

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
