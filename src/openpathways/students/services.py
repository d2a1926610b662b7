"""Writing students and guardians in bulk (importers of rosters from student information systems).

Each function runs in one transaction (nested inside the caller's, such as an import's), records
one audit event with its counts and returns per-row outcomes (`created`, `updated`,
`unchanged`) so a repeated import reports all unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from openpathways.audit.services import audit_record
from openpathways.core.bulk import BulkResult, bulk_upsert, natural_keys
from openpathways.core.choices import RaceEthnicity
from openpathways.students.models import Guardian, Student, StudentGuardian, StudentStatus

#: Stored when a source gives no birth date (the column is required; this value means "unknown").
UNKNOWN_BIRTH_DATE = dt.date(1900, 1, 1)
#: Stored when a source gives no grade level ("unknown"; never a real grade).
UNKNOWN_GRADE = -9

_STUDENT_FIELDS = (
    "state_student_id", "local_id", "first_name", "last_name", "school_id", "grade",
    "graduation_cohort", "status",
)  # fmt: skip
_DEMOGRAPHIC_FIELDS = ("birth_date", "gender", "race_ethnicity")


@dataclass(frozen=True)
class StudentUpsert:
    """One student as a source describes it. `pk` is the row when the caller already knows it
    (from its external-id map); otherwise the student is matched by state student ID.
    Demographic values left `None` are not known to the source and keep what is stored."""

    state_student_id: str
    first_name: str
    last_name: str
    school_id: int
    grade: int
    graduation_cohort: int
    local_id: str = ""
    status: str = StudentStatus.ENROLLED
    birth_date: dt.date | None = None
    gender: str | None = None
    race_ethnicity: str | None = None
    pk: int | None = None


@dataclass(frozen=True)
class GuardianUpsert:
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    pk: int | None = None


def student_bulk_upsert(
    *, actor: Any, records: Sequence[StudentUpsert], source: str = ""
) -> BulkResult:
    """Create or update students (by `pk`, else by state student ID) in one transaction."""
    with transaction.atomic():
        by_ssid = natural_keys(
            Student, ["state_student_id"], [(r.state_student_id,) for r in records if r.pk is None]
        )
        columns = (*_STUDENT_FIELDS, *_DEMOGRAPHIC_FIELDS)
        rows = [
            (
                r.pk or by_ssid.get((r.state_student_id,)),
                (
                    r.state_student_id, r.local_id, r.first_name, r.last_name, r.school_id,
                    r.grade, r.graduation_cohort, r.status, r.birth_date or UNKNOWN_BIRTH_DATE,
                    r.gender or "", r.race_ethnicity or RaceEthnicity.NOT_REPORTED,
                ),
            )
            for r in records
        ]  # fmt: skip
        result = bulk_upsert(Student, columns, rows, compare=_STUDENT_FIELDS)
        # Demographics known to the source: compare and update them as well.
        demo_rows = [
            (pk, (r.birth_date, r.gender or "", r.race_ethnicity or RaceEthnicity.NOT_REPORTED))
            for pk, r, outcome in zip(result.pks, records, result.outcomes, strict=True)
            if outcome != "created" and r.birth_date is not None
        ]
        if demo_rows:
            demo = bulk_upsert(Student, _DEMOGRAPHIC_FIELDS, demo_rows)
            changed = {pk for pk, o in zip(demo.pks, demo.outcomes, strict=True) if o == "updated"}
            result.outcomes = [
                "updated" if o == "unchanged" and pk in changed else o
                for pk, o in zip(result.pks, result.outcomes, strict=True)
            ]
        audit_record(
            actor=actor, action="students.bulk_upserted", purpose="roster import",
            channel="import", details={"source": source, **result.counts()},
        )  # fmt: skip
    return result


def student_bulk_set_status(
    *, actor: Any, student_ids: Sequence[int], status: str, source: str = ""
) -> int:
    """Set the status of these students (a source's deletion marks them as having left)."""
    with transaction.atomic():
        n = (
            Student.objects.filter(pk__in=list(student_ids))
            .exclude(status=status)
            .update(status=status)
        )
        audit_record(
            actor=actor, action="students.bulk_status_set", purpose="roster import",
            channel="import", details={"source": source, "status": status, "changed": n},
        )  # fmt: skip
    return n


def guardian_bulk_upsert(
    *, actor: Any, records: Sequence[GuardianUpsert], source: str = ""
) -> BulkResult:
    """Create or update guardians by `pk` (guardians have no natural key of their own)."""
    fields = ("first_name", "last_name", "email", "phone")
    with transaction.atomic():
        rows = [(r.pk, tuple(getattr(r, f) for f in fields)) for r in records]
        result = bulk_upsert(Guardian, fields, rows)
        audit_record(
            actor=actor, action="students.guardians_bulk_upserted", purpose="roster import",
            channel="import", details={"source": source, **result.counts()},
        )  # fmt: skip
    return result


def student_guardian_bulk_link(
    *, actor: Any, links: Sequence[tuple[int, int, str]], source: str = ""
) -> BulkResult:
    """Link (student, guardian, relationship) triples; an existing link keeps its rights flag."""
    with transaction.atomic():
        keys = [(s, g) for s, g, _ in links]
        found = natural_keys(StudentGuardian, ["student_id", "guardian_id"], keys)
        rows = [(found.get((s, g)), (s, g, rel)) for s, g, rel in links]
        result = bulk_upsert(StudentGuardian, ("student_id", "guardian_id", "relationship"), rows)
        audit_record(
            actor=actor, action="students.guardians_bulk_linked", purpose="roster import",
            channel="import", details={"source": source, **result.counts()},
        )  # fmt: skip
    return result


def guardian_bulk_unlink(*, actor: Any, guardian_ids: Sequence[int], source: str = "") -> int:
    """Remove these guardians' links to students (a source deleted them); the rows stay, since
    consents may point at them."""
    with transaction.atomic():
        n, _ = StudentGuardian.objects.filter(guardian_id__in=list(guardian_ids)).delete()
        audit_record(
            actor=actor, action="students.guardians_bulk_unlinked", purpose="roster import",
            channel="import", details={"source": source, "links_removed": n},
        )  # fmt: skip
    return n


@dataclass(frozen=True)
class StudentPatch:
    """One student as a source states it. `values` holds only the fields the source states
    (attribute names such as `school_id`); the others keep what is stored. A new student needs
    every required field. `pk` is the row when the caller knows it, else the student is matched
    by `values["state_student_id"]`."""

    values: dict[str, Any]
    pk: int | None = None


def student_bulk_patch(
    *, actor: Any, records: Sequence[StudentPatch], source: str = ""
) -> BulkResult:
    """Create students or update only the fields each record states, in one transaction.

    One audit event per student created or changed (so the student's disclosure log shows the
    import) and one with the counts."""
    from openpathways.catalog.services import upsert_rows

    with transaction.atomic():
        by_ssid = natural_keys(
            Student,
            ["state_student_id"],
            [(r.values["state_student_id"],) for r in records
             if r.pk is None and "state_student_id" in r.values],
        )  # fmt: skip
        result = BulkResult(outcomes=[""] * len(records), pks=[0] * len(records))
        groups: dict[tuple[str, ...], list[int]] = {}
        for i, r in enumerate(records):
            groups.setdefault(tuple(sorted(r.values)), []).append(i)
        for fields, indexes in groups.items():
            rows: list[tuple[int | None, dict[str, Any]]] = [
                (
                    records[i].pk or by_ssid.get((records[i].values.get("state_student_id"),)),
                    records[i].values,
                )
                for i in indexes
            ]
            part = upsert_rows(Student, fields, rows, compare=fields)
            for i, pk, outcome in zip(indexes, part.pks, part.outcomes, strict=True):
                result.pks[i], result.outcomes[i] = pk, outcome
        for pk, outcome in zip(result.pks, result.outcomes, strict=True):
            if outcome != "unchanged":
                audit_record(
                    actor=actor, action=f"students.{outcome}", student_id=pk,
                    purpose="data import", channel="import", details={"source": source},
                )  # fmt: skip
        audit_record(
            actor=actor, action="students.bulk_patched", purpose="data import",
            channel="import", details={"source": source, **result.counts()},
        )  # fmt: skip
    return result
