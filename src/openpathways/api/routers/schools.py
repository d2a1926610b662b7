"""Schools (CDE public directory facts; no student data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from openpathways.api.schemas import ErrorOut, SchoolPageOut
from openpathways.organizations.models import SchoolStatus
from openpathways.organizations.selectors import school_list

router = Router(tags=["schools"])


class SchoolFilters(Schema):
    status: SchoolStatus | None = Field(None, description="School status in the CDE directory.")
    serves_9_12: bool | None = Field(None, description="Serves any of grades 9-12.")
    q: str = Field("", max_length=100, description="Name contains, or CDS code starts with.")
    offset: int = Field(0, ge=0)
    limit: int = Field(50, ge=1, le=500)


@router.get("/schools", response={200: SchoolPageOut, 401: ErrorOut}, summary="List schools")
def schools(request: HttpRequest, filters: Query[SchoolFilters]) -> dict[str, Any]:
    page = school_list(
        status=filters.status.value if filters.status else None,
        serves_9_12=filters.serves_9_12,
        search=filters.q.strip(),
        offset=filters.offset,
        limit=filters.limit,
    )
    return {
        "count": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "items": [
            {
                "id": sc.organization_id,
                "name": sc.organization.name,
                "cds_code": sc.cds_code,
                "district": sc.organization.parent.name if sc.organization.parent else None,
                "status": sc.status,
                "school_type": sc.school_type,
                "charter": sc.charter,
                "grades_served": sc.served_span,
                "serves_9_12": sc.serves_9_12,
            }
            for sc in page.schools
        ],
    }
