"""Import bookkeeping in the admin: superusers only and read-only (an import run's errors may
quote values from the files, and external ids point at student rows)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from openpathways.interop.models import ExternalId, ImportRun


class _ReadOnlyForSuperusers(admin.ModelAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in self.model._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(_ReadOnlyForSuperusers):
    list_display = ("started_at", "format", "source", "status", "lenient", "actor", "finished_at")
    list_filter = ("format", "status", "lenient")
    search_fields = ("source", "fingerprint")
    list_select_related = ("actor",)
    date_hierarchy = "started_at"


@admin.register(ExternalId)
class ExternalIdAdmin(_ReadOnlyForSuperusers):
    list_display = ("system", "model", "external_id", "object_pk")
    list_filter = ("system", "model")
    search_fields = ("=external_id",)
    show_full_result_count = False
