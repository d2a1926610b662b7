"""Writing the analytic snapshot: `snapshot_export`.

The snapshot is written into a fresh folder beside the destination and moved into place only
when every table is written, so a failed export leaves nothing half-written. One audit event,
`analytics.snapshot_exported`, records who exported what (tables, row counts, key fingerprint).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from openpathways.analytics.snapshot_schema import (
    SCHEMA_VERSION,
    write_manifest,
    write_table,
)
from openpathways.analytics_export import selectors
from openpathways.audit.services import audit_record
from openpathways.students.access import StudentAccessDenied, can_read_student_records

AUDIT_ACTION = "analytics.snapshot_exported"


@dataclass(frozen=True)
class SnapshotExport:
    directory: Path
    rows: dict[str, int]
    as_of_year: int
    key_fingerprint: str


def current_academic_year(today: dt.date | None = None) -> int:
    day = today or timezone.localdate()
    return day.year if day.month >= 7 else day.year - 1


def snapshot_export(
    *,
    actor: Any,
    out_dir: Path,
    as_of_year: int | None = None,
    progress: selectors.Progress | None = None,
) -> SnapshotExport:
    """Write the pseudonymised analytic snapshot of the actor's scope into `out_dir` (replaced
    whole). The system (actor None) exports every student; a person needs a role that may read
    student records, and exports only the students in their scope."""
    if actor is not None and not can_read_student_records(actor):
        raise StudentAccessDenied("This role sees aggregates only; it cannot export a snapshot.")
    year = as_of_year if as_of_year is not None else current_academic_year()
    today = timezone.localdate()
    as_of_term = "fall" if today.month >= 7 or today.month == 1 else "spring"
    keys = selectors.StudentKeys()
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        tables = {
            "schools": selectors.snapshot_schools_list(),
            "opportunities": selectors.snapshot_opportunities_list(),
            "students": selectors.snapshot_students_list(actor=actor, keys=keys, progress=progress),
            "student_years": selectors.snapshot_student_years_list(
                actor=actor, keys=keys, as_of_year=year
            ),
            "enrollments": selectors.snapshot_enrollments_list(
                actor=actor, keys=keys, progress=progress
            ),
            "credentials": selectors.snapshot_credentials_list(actor=actor, keys=keys),
            "cities": selectors.snapshot_cities_list(),
            "compacts": selectors.snapshot_compacts_list(),
            "vendor_contracts": selectors.snapshot_vendor_contracts_list(),
            "wbl_placements": selectors.snapshot_wbl_placements_list(actor=actor, keys=keys),
        }
        rows = {name: table.num_rows for name, table in tables.items()}
        for name, table in tables.items():
            write_table(work, name, table)
        write_manifest(
            work,
            {
                "as_of_year": year,
                "as_of_term": as_of_term,
                "exported_at": timezone.now().isoformat(timespec="seconds"),
                "source": "application database",
                "rows": rows,
                "key_fingerprint": keys.fingerprint(),
            },
        )
        with transaction.atomic():
            audit_record(
                actor=actor,
                action=AUDIT_ACTION,
                purpose="analytics",
                channel="export",
                details={
                    "directory": str(out_dir),
                    "schema_version": SCHEMA_VERSION,
                    "as_of_year": year,
                    "rows": rows,
                    "key_fingerprint": keys.fingerprint(),
                },
            )
            if out_dir.exists():
                shutil.rmtree(out_dir)
            work.rename(out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return SnapshotExport(
        directory=out_dir, rows=rows, as_of_year=year, key_fingerprint=keys.fingerprint()
    )
