"""Applications are student records: superusers only, reads logged."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openpathways.applications.models import (
    Application,
    ApplicationEvent,
    CounselingSession,
    Recommendation,
)
from openpathways.students.admin import StudentRecordAdmin


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "at", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(StudentRecordAdmin):
    list_display = ("pk", "student", "program", "section", "term", "status", "created_at")
    list_filter = ("status", "program")
    search_fields = ("=student__state_student_id", "student__last_name", "section__course__code")
    list_select_related = ("student", "section", "section__course", "section__term", "term")
    raw_id_fields = ("student", "section", "opportunity", "term", "requested_by")
    inlines = (ApplicationEventInline,)
    date_hierarchy = "created_at"


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(StudentRecordAdmin):
    """The history of an application: read-only (transitions happen in the services)."""

    student_path = "application__student"
    list_display = ("application", "from_status", "to_status", "actor", "at")
    list_filter = ("to_status",)
    list_select_related = ("application", "actor")
    readonly_fields = ("application", "from_status", "to_status", "actor", "at", "note")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(StudentRecordAdmin):
    """Recommendations are made in the journey (services); the admin shows them."""

    list_display = ("student", "program", "decision", "term", "recommender", "at")
    list_filter = ("program", "decision")
    list_select_related = ("student", "term", "recommender")
    raw_id_fields = ("student", "ccap_agreement", "term", "recommender")
    readonly_fields = ("at",)


@admin.register(CounselingSession)
class CounselingSessionAdmin(StudentRecordAdmin):
    list_display = ("student", "held_on", "staff_name", "parent_name")
    list_select_related = ("student",)
    raw_id_fields = ("student", "staff_member", "recorded_by")
