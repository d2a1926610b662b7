"""Consents are student records: superusers only, reads logged."""

from __future__ import annotations

from django.contrib import admin

from openpathways.consents.models import Consent, ConsentLink
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


@admin.register(ConsentLink)
class ConsentLinkAdmin(StudentRecordAdmin):
    """Links sent to guardians: who, when, used or replaced (the token itself is never stored)."""

    list_display = ("student", "guardian", "kind", "purpose", "issued_at", "expires_at", "used_at",
                    "revoked_at")  # fmt: skip
    list_filter = ("kind", "purpose")
    list_select_related = ("student", "guardian")
    raw_id_fields = ("student", "guardian", "issued_by", "consent")
    readonly_fields = ("nonce",)
