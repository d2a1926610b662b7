"""The notification log: read-only (messages are sent by the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openpathways.core.admin import AuditedModelAdmin
from openpathways.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(AuditedModelAdmin):
    list_display = ("sent_at", "event", "recipient_kind", "email", "language", "status")
    list_filter = ("event", "recipient_kind", "language", "status")
    search_fields = ("email",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
