"""Recording audit events. Reads of student records are recorded one row per student, so each
student's disclosure log can be listed (FERPA record of disclosures)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from openpathways.audit.models import AuditEvent


def _actor_fields(actor: Any) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": "system", "actor_role": ""}
    return {
        "actor": actor,
        "actor_label": actor.get_username(),
        "actor_role": getattr(actor, "role", ""),
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    student_id: int | None = None,
    purpose: str = "",
    channel: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event. Call inside the service's transaction so it commits with the change."""
    return AuditEvent.objects.create(
        at=timezone.now(),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        student_id=student_id,
        purpose=purpose,
        channel=channel,
        details=details or {},
        **_actor_fields(actor),
    )


def audit_record_student_reads(
    *,
    actor: Any,
    action: str,
    student_ids: Iterable[int],
    purpose: str,
    channel: str,
    details: dict[str, Any] | None = None,
) -> int:
    """Record that `actor` read the records of these students (one row each)."""
    now = timezone.now()
    fields = _actor_fields(actor)
    rows = [
        AuditEvent(
            at=now,
            action=action,
            object_type="students.student",
            object_id=str(sid),
            student_id=sid,
            purpose=purpose,
            channel=channel,
            details=details or {},
            **fields,
        )
        for sid in student_ids
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
