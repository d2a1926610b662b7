"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from openpathways.audit.models import AuditEvent


def audit_event_list(
    *, student_id: int | None = None, action: str | None = None
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if student_id is not None:
        qs = qs.filter(student_id=student_id)
    if action:
        qs = qs.filter(action=action)
    return qs
