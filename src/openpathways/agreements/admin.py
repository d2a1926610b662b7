from __future__ import annotations

from django.contrib import admin

from openpathways.agreements.models import (
    CcapAgreement,
    CompactCommitment,
    CompactMilestone,
    DataSharingAgreement,
    EducationCompact,
    VendorContract,
)
from openpathways.core.admin import AuditedModelAdmin


@admin.register(CcapAgreement)
class CcapAgreementAdmin(AuditedModelAdmin):
    list_display = ("name", "district", "college", "start_date", "end_date", "status", "rule_pack")
    list_filter = ("status", "rule_pack")
    search_fields = ("name", "district__name", "college__name")
    list_select_related = ("district", "college")
    raw_id_fields = ("district", "college")
    filter_horizontal = ("schools", "courses")


@admin.register(DataSharingAgreement)
class DataSharingAgreementAdmin(AuditedModelAdmin):
    list_display = ("name", "legal_basis", "start_date", "end_date", "status")
    list_filter = ("status",)
    search_fields = ("name", "purpose", "legal_basis")
    filter_horizontal = ("parties",)


class CompactCommitmentInline(admin.TabularInline):
    model = CompactCommitment
    extra = 0


@admin.register(EducationCompact)
class EducationCompactAdmin(AuditedModelAdmin):
    list_display = ("name", "district", "city", "signed_on", "renewal_on", "status")
    list_filter = ("status",)
    search_fields = ("name", "city__name", "district__name")
    list_select_related = ("district", "city")
    raw_id_fields = ("district", "city")
    inlines = (CompactCommitmentInline,)


class CompactMilestoneInline(admin.TabularInline):
    model = CompactMilestone
    extra = 0


@admin.register(CompactCommitment)
class CompactCommitmentAdmin(AuditedModelAdmin):
    list_display = ("title", "compact", "category", "status", "district_owner", "city_owner")
    list_filter = ("status", "category")
    search_fields = ("title", "compact__name")
    list_select_related = ("compact",)
    inlines = (CompactMilestoneInline,)


@admin.register(VendorContract)
class VendorContractAdmin(AuditedModelAdmin):
    list_display = (
        "number",
        "title",
        "vendor",
        "district",
        "start_date",
        "end_date",
        "wbl_placements_committed",
        "wbl_hours_committed",
        "status",
    )
    list_filter = ("status",)
    search_fields = ("number", "title", "vendor__name")
    list_select_related = ("vendor", "district")
    raw_id_fields = ("vendor", "district")


@admin.register(CompactMilestone)
class CompactMilestoneAdmin(AuditedModelAdmin):
    list_display = ("title", "commitment", "due_on", "done_on")
    list_filter = ("due_on", "done_on")
    search_fields = ("title", "commitment__title", "commitment__compact__name")
    list_select_related = ("commitment",)
