"""Placements, hours and forms on file are student records: superusers only, reads logged.
Employer links and Linked Learning pathways hold no student data."""

from __future__ import annotations

from django.contrib import admin

from openpathways.students.admin import NoStudentRowsAdmin, StudentRecordAdmin
from openpathways.wbl.models import (
    EmployerLink,
    HoursLog,
    LinkedLearningPathway,
    Placement,
    PlacementForm,
)


@admin.register(Placement)
class PlacementAdmin(StudentRecordAdmin):
    list_display = ("student", "opportunity", "status", "start_date", "end_date")
    list_filter = ("status", "opportunity__wbl_type")
    search_fields = ("=student__state_student_id", "student__last_name", "opportunity__title")
    list_select_related = ("student", "opportunity")
    raw_id_fields = ("student", "opportunity", "supervisor")


@admin.register(HoursLog)
class HoursLogAdmin(StudentRecordAdmin):
    student_path = "placement__student"
    list_display = ("placement", "worked_on", "hours", "confirmed_at", "confirmed_by")
    list_filter = ("confirmed_at",)
    search_fields = ("=placement__student__state_student_id", "confirmed_by")
    list_select_related = ("placement",)
    raw_id_fields = ("placement", "logged_by")
    date_hierarchy = "worked_on"


@admin.register(PlacementForm)
class PlacementFormAdmin(StudentRecordAdmin):
    student_path = "placement__student"
    list_display = ("placement", "code", "received_on")
    list_filter = ("code",)
    list_select_related = ("placement",)
    raw_id_fields = ("placement", "recorded_by")


@admin.register(EmployerLink)
class EmployerLinkAdmin(NoStudentRowsAdmin):
    """The rows behind employer links (the token itself is never stored)."""

    list_display = ("employer", "contact", "purpose", "issued_at", "expires_at", "revoked_at")
    list_filter = ("purpose",)
    search_fields = ("employer__name", "contact__name")
    raw_id_fields = ("employer", "contact", "issued_by", "revoked_by")
    readonly_fields = ("nonce",)


@admin.register(LinkedLearningPathway)
class LinkedLearningPathwayAdmin(NoStudentRowsAdmin):
    list_display = ("name", "school", "sector", "certified", "active")
    list_filter = ("sector", "certified", "active")
    search_fields = ("name", "school__name")
    raw_id_fields = ("school", "cte_pathway")
