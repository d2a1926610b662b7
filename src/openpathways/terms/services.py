"""Writing academic terms in bulk (importers of calendars from student information systems)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from openpathways.audit.services import audit_record
from openpathways.core.bulk import BulkResult, bulk_upsert, natural_keys
from openpathways.terms.models import Term

_TERM_FIELDS = ("institution_id", "code", "name", "kind", "academic_year", "start_date", "end_date")


@dataclass(frozen=True)
class TermUpsert:
    """One term; matched by `pk` when known, else by (institution, code)."""

    institution_id: int
    code: str
    name: str
    kind: str
    academic_year: int
    start_date: dt.date
    end_date: dt.date
    pk: int | None = None


def term_bulk_upsert(*, actor: Any, records: Sequence[TermUpsert], source: str = "") -> BulkResult:
    """Create or update terms in one transaction; one audit event with the counts."""
    with transaction.atomic():
        found = natural_keys(
            Term,
            ["institution_id", "code"],
            [(r.institution_id, r.code) for r in records if r.pk is None],
        )
        rows = [
            (
                r.pk or found.get((r.institution_id, r.code)),
                tuple(getattr(r, f) for f in _TERM_FIELDS),
            )
            for r in records
        ]
        result = bulk_upsert(Term, _TERM_FIELDS, rows)
        audit_record(
            actor=actor, action="terms.bulk_upserted", purpose="calendar import",
            channel="import", details={"source": source, **result.counts()},
        )  # fmt: skip
    return result


def term_bulk_delete(*, actor: Any, term_ids: Sequence[int], source: str = "") -> list[int]:
    """Delete these terms unless sections are scheduled in them; returns the ids kept."""
    with transaction.atomic():
        used = set(
            Term.objects.filter(pk__in=list(term_ids), sections__isnull=False).values_list(
                "pk", flat=True
            )
        )
        deleted, _ = Term.objects.filter(pk__in=[t for t in term_ids if t not in used]).delete()
        audit_record(
            actor=actor, action="terms.bulk_deleted", purpose="calendar import",
            channel="import", details={"source": source, "deleted": deleted, "kept": len(used)},
        )  # fmt: skip
    return sorted(used)
