"""Consents are student records: superusers only, reads logged."""

from __future__ import annotations

from django.contrib import admin

from openpathways.consents.models import Consent
from openpathways.students.admin import StudentRecordAdmin


@admin.register(Consent)
class ConsentAdmin(StudentRecordAdmin):
    list_display = (
        "student",
        "kind",
        "status",
        "method",
        "guardian",
        "granted_at",
        "valid_through",
    )
    list_filter = ("kind", "status", "method", "language")
    search_fields = ("=student__state_student_id", "student__last_name", "typed_name")
    list_select_related = ("student", "guardian")
    raw_id_fields = ("student", "guardian")
    date_hierarchy = "granted_at"
