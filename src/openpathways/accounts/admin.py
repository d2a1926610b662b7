"""Admin of user accounts: role and scope. Accounts of students and guardians, and the link to a
student or guardian record, are shown to superusers only; opening a student's account logs a read
of the student's record."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openpathways.accounts.models import User
from openpathways.audit.services import audit_record_student_reads
from openpathways.core.admin import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "organization",
        "preferred_language",
        "is_active",
        "is_staff",
    )
    list_filter = ("role", "is_active", "is_staff", "is_superuser", "preferred_language")
    search_fields = ("username", "first_name", "last_name", "email", "organization__name")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role and scope"), {"fields": ("role", "organization", "preferred_language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": ("role", "organization", "preferred_language")}),
    )
    _record_links: Any = (_("Student record links"), {"fields": ("student", "guardian")})

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets: list[Any] = list(super().get_fieldsets(request, obj))
        if obj is not None and request.user.is_superuser:
            fieldsets.append(self._record_links)
        return fieldsets

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        """Accounts of students and guardians name a student or a family: superusers only."""
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(student__isnull=True, guardian__isnull=True)

    def get_raw_id_fields(self, request: HttpRequest) -> Any:
        return (*self.raw_id_fields, "student", "guardian")

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.student_id and request.user.is_superuser:
            audit_record_student_reads(
                actor=request.user,
                action="students.viewed",
                student_ids=[obj.student_id],
                purpose="administration",
                channel="admin",
                details={"model": "accounts.user"},
            )
        return obj
