"""Building blocks for every app's admin: writes made in the admin leave an audit event, like
writes made through services, so the audit trail does not depend on which door was used."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from openpathways.audit.services import audit_record

admin.site.site_header = _("OpenPathways administration")
admin.site.site_title = _("OpenPathways administration")
admin.site.index_title = _("Partnership data")


def _student_id_of(obj: Model) -> int | None:
    if obj._meta.label_lower == "students.student":
        return int(obj.pk)
    value = getattr(obj, "student_id", None)
    return int(value) if isinstance(value, int) else None


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions are recorded as audit events
    (`admin.added`, `admin.changed`, `admin.deleted`, channel `admin`)."""

    def _audit(self, request: HttpRequest, action: str, obj: Model, message: Any = "") -> None:
        audit_record(
            actor=request.user,
            action=action,
            obj=obj,
            student_id=_student_id_of(obj),
            purpose="administration",
            channel="admin",
            details={"message": message} if message else None,
        )

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, "admin.added", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, "admin.changed", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            self._audit(request, "admin.deleted", obj)
        return super().log_deletions(request, queryset)
