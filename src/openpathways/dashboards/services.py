"""Writes of the dashboards: recording each export in the audit trail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from openpathways.audit.services import audit_record

EXPORT_ACTION = "dashboards.exported"


def dashboard_export_record(
    *,
    actor: Any,
    dashboard: str,
    fmt: str,
    table: str | None,
    filters: Mapping[str, str],
    snapshot: str,
    channel: str = "web",
) -> None:
    """Record that `actor` exported a (suppressed) dashboard table."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=EXPORT_ACTION,
            purpose="analytics",
            channel=channel,
            details={
                "dashboard": dashboard,
                "format": fmt,
                "table": table or "",
                "filters": dict(filters),
                "snapshot": snapshot,
                "suppressed": True,
            },
        )
