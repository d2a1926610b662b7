"""Placements and hours are student records: superusers only, reads logged."""

from __future__ import annotations

from django.contrib import admin

from openpathways.students.admin import StudentRecordAdmin
from openpathways.wbl.models import HoursLog, Placement


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
