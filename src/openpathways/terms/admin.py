from __future__ import annotations

from django.contrib import admin

from openpathways.core.admin import AuditedModelAdmin
from openpathways.terms.models import Term


@admin.register(Term)
class TermAdmin(AuditedModelAdmin):
    list_display = (
        "name",
        "code",
        "institution",
        "kind",
        "academic_year",
        "start_date",
        "end_date",
    )
    list_filter = ("kind", "academic_year")
    search_fields = ("name", "code", "institution__name")
    list_select_related = ("institution",)
    raw_id_fields = ("institution",)
    date_hierarchy = "start_date"
