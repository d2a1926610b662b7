"""The analytic snapshot: one Parquet file per table, written by `openpathways analytics snapshot`
(openpathways.analytics_export) and read by every engine (openpathways.analytics.engines).

The snapshot is a pseudonymised extract: students are keyed by an opaque `student_key`; it holds
no names, no state student id (SSID), no birth date (only the birth year), no addresses. Schools,
cities, compacts and vendor contracts are public or organisational facts.

This module is the single written schema: the exporter builds its Arrow tables from it, the
engines check a snapshot against it before computing, and the PostgreSQL adapter derives its
`CREATE TABLE` statements from it. Pure Python and pyarrow, no Django.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

__all__ = [
    "MANIFEST",
    "SCHEMA_VERSION",
    "TABLES",
    "SnapshotError",
    "TableSchema",
    "check_table",
    "read_manifest",
    "table_path",
    "validate_snapshot",
    "write_table",
]

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"

#: Opportunity types (catalog.OpportunityType), in the order of the district's goal.
OPPORTUNITY_TYPES = (
    "college_credit",
    "cte_pathway",
    "industry_certification",
    "work_based_learning",
    "aa_degree",
)
#: Grades that count as success: C- or better, or Pass (metrics.md; enrollments.SUCCESS_GRADES).
SUCCESS_GRADES = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P")
#: The withdrawal mark.
WITHDRAWAL_GRADE = "W"
#: Credit types that carry college credit (enrollments.CreditType).
COLLEGE_CREDIT_TYPES = ("college", "dual")
#: Reporting groups of students: snapshot column -> group type name used in the tables.
GROUP_COLUMNS = (
    "race_ethnicity",
    "gender",
    "english_learner",
    "socioeconomically_disadvantaged",
    "disability",
    "foster",
    "homeless",
)


class SnapshotError(ValueError):
    """A snapshot is missing a table or a table does not match the written schema."""


@dataclass(frozen=True)
class TableSchema:
    name: str
    description: str
    schema: pa.Schema
    #: Columns that together identify a row.
    key: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return list(self.schema.names)


def _f(name: str, type_: pa.DataType, doc: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


_I64, _I32, _STR, _BOOL, _F64, _DATE = (
    pa.int64(),
    pa.int32(),
    pa.string(),
    pa.bool_(),
    pa.float64(),
    pa.date32(),
)

TABLES: dict[str, TableSchema] = {
    t.name: t
    for t in (
        TableSchema(
            "schools",
            "Schools (CDE directory facts): one row per school.",
            pa.schema(
                [
                    _f("school_id", _I64, "Organization id of the school."),
                    _f("district_id", _I64, "Organization id of its district.", True),
                    _f("name", _STR, "School name (public)."),
                    _f("cds_code", _STR, "CDS code (public)."),
                    _f("status", _STR, "active, closed, merged or pending."),
                    _f("school_type", _STR, "organizations.SchoolType code."),
                    _f("serves_9_12", _BOOL, "Served grade span overlaps grades 9-12."),
                    _f("city", _STR, "City of the school's address (may be empty)."),
                    _f("city_id", _I64, "Organization id of that city when it is one.", True),
                ]
            ),
            ("school_id",),
        ),
        TableSchema(
            "opportunities",
            "Opportunities of the five types offered to a school's students in a school year.",
            pa.schema(
                [
                    _f("opportunity_id", _I64, "Opportunity id."),
                    _f("school_id", _I64, "School offering it."),
                    _f("type", _STR, "One of OPPORTUNITY_TYPES."),
                    _f("academic_year", _I32, "Start year of the school year (2025 = 2025-26)."),
                    _f("active", _BOOL, "Offered (not withdrawn)."),
                ]
            ),
            ("opportunity_id",),
        ),
        TableSchema(
            "students",
            "Students, pseudonymised: reporting groups and status, no identity.",
            pa.schema(
                [
                    _f(
                        "student_key",
                        _I64,
                        "Opaque key (keyed hash of the record id); not reversible.",
                    ),
                    _f("school_id", _I64, "Current (or last) school."),
                    _f("district_id", _I64, "District of that school.", True),
                    _f("grade", _I32, "Current grade (K=0, adult=13)."),
                    _f("cohort", _I32, "Graduation cohort (expected year of graduation)."),
                    _f("status", _STR, "enrolled, graduated or left."),
                    _f("graduated", _BOOL, "Graduated with the cohort."),
                    _f("birth_year", _I32, "Year of birth only.", True),
                    _f("gender", _STR, "F, M, X or empty."),
                    _f("race_ethnicity", _STR, "core.RaceEthnicity code."),
                    _f("english_learner", _BOOL, "English learner."),
                    _f("socioeconomically_disadvantaged", _BOOL, "Socioeconomically disadv."),
                    _f("disability", _BOOL, "Student with a disability."),
                    _f("foster", _BOOL, "Foster youth."),
                    _f("homeless", _BOOL, "Experiencing homelessness."),
                    _f(
                        "residence_city_id",
                        _I64,
                        "City of residence; empty when unknown or unincorporated.",
                        True,
                    ),
                ]
            ),
            ("student_key",),
        ),
        TableSchema(
            "student_years",
            "Grade-level enrollment per school year (the participation denominator).",
            pa.schema(
                [
                    _f("student_key", _I64, "Student."),
                    _f("academic_year", _I32, "School year."),
                    _f("school_id", _I64, "School that year."),
                    _f("grade", _I32, "Grade that year."),
                ]
            ),
            ("student_key", "academic_year"),
        ),
        TableSchema(
            "enrollments",
            "College and adult-education course enrollments of high-school students.",
            pa.schema(
                [
                    _f("student_key", _I64, "Student."),
                    _f("section_id", _I64, "Section."),
                    _f("academic_year", _I32, "School year of the section's term."),
                    _f("term_code", _STR, "Term code, e.g. 2025FA."),
                    _f("term_kind", _STR, "semester, quarter, trimester, summer, intersession."),
                    _f("provider", _STR, "college or adult_ed."),
                    _f("subject", _STR, "academic, cte or other."),
                    _f("credit_type", _STR, "college, dual, high_school or none."),
                    _f("units_attempted", _F64, "Units attempted."),
                    _f("units_earned", _F64, "Units earned (as reported)."),
                    _f("grade", _STR, "Letter grade, P, NP, W or empty (no final grade)."),
                    _f("status", _STR, "enrolled, completed, dropped or withdrawn."),
                    _f("pathway", _STR, "CTE pathway code of the course, or empty."),
                ]
            ),
            ("student_key", "section_id"),
        ),
        TableSchema(
            "credentials",
            "Credentials earned (industry certifications, CTE pathway completion, ...).",
            pa.schema(
                [
                    _f("student_key", _I64, "Student."),
                    _f("kind", _STR, "enrollments.CredentialKind code."),
                    _f("pathway", _STR, "CTE pathway code, or empty."),
                    _f("capstone_grade", _STR, "Capstone grade for pathway completion."),
                    _f("academic_year", _I32, "School year in which it was earned."),
                ]
            ),
            (),
        ),
        TableSchema(
            "cities",
            "Cities (organizations of kind city).",
            pa.schema([_f("city_id", _I64, "Organization id."), _f("name", _STR, "City name.")]),
            ("city_id",),
        ),
        TableSchema(
            "compacts",
            "Education Compacts between a district and a city.",
            pa.schema(
                [
                    _f("compact_id", _I64, "Compact id."),
                    _f("district_id", _I64, "District."),
                    _f("city_id", _I64, "City."),
                    _f("status", _STR, "draft, active, expired or terminated."),
                    _f("signed_on", _DATE, "Signature date.", True),
                ]
            ),
            ("compact_id",),
        ),
        TableSchema(
            "vendor_contracts",
            "District contracts with vendors and their work-based-learning commitments.",
            pa.schema(
                [
                    _f("contract_id", _I64, "Contract id."),
                    _f("vendor_id", _I64, "Vendor organization id."),
                    _f("vendor_name", _STR, "Vendor name (public)."),
                    _f("district_id", _I64, "District."),
                    _f("status", _STR, "draft, active, expired or terminated."),
                    _f("start_date", _DATE, "Start."),
                    _f("end_date", _DATE, "End."),
                    _f("wbl_placements_committed", _I64, "Placements committed per year."),
                    _f("wbl_hours_committed", _I64, "Hours committed per year."),
                ]
            ),
            ("contract_id",),
        ),
        TableSchema(
            "wbl_placements",
            "Work-based-learning placements under vendor contracts, with confirmed hours.",
            pa.schema(
                [
                    _f("placement_id", _I64, "Placement id."),
                    _f("contract_id", _I64, "Vendor contract.", True),
                    _f("student_key", _I64, "Student."),
                    _f("status", _STR, "applied, placed, active, completed or withdrawn."),
                    _f("academic_year", _I32, "School year in which it started.", True),
                    _f("hours_confirmed", _F64, "Hours confirmed by the employer."),
                ]
            ),
            ("placement_id",),
        ),
    )
}


def table_path(directory: Path, name: str) -> Path:
    return directory / f"{name}.parquet"


def check_table(name: str, table: pa.Table) -> pa.Table:
    """Return `table` cast to the written schema of `name` (column order included), or raise
    SnapshotError naming the table and the column at fault."""
    spec = TABLES.get(name)
    if spec is None:
        raise SnapshotError(f"unknown snapshot table {name!r}")
    missing = [c for c in spec.columns if c not in table.column_names]
    if missing:
        raise SnapshotError(f"table {name}: missing column(s) {', '.join(missing)}")
    arrays = []
    for field in spec.schema:
        column = table.column(field.name)
        if not field.nullable and column.null_count:
            raise SnapshotError(f"table {name}, column {field.name}: {column.null_count} empty")
        try:
            arrays.append(column.cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise SnapshotError(
                f"table {name}, column {field.name}: {column.type} is not {field.type} ({exc})"
            ) from None
    return pa.Table.from_arrays(arrays, schema=spec.schema)


def write_table(directory: Path, name: str, table: pa.Table) -> Path:
    path = table_path(directory, name)
    pq.write_table(check_table(name, table), path, compression="snappy")
    return path


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise SnapshotError(f"{directory}: not a snapshot (no {MANIFEST})")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise SnapshotError(
            f"{path}: schema version {manifest.get('schema_version')!r}, "
            f"this version reads {SCHEMA_VERSION}"
        )
    return manifest


def write_manifest(directory: Path, extra: Mapping[str, Any]) -> Path:
    path = directory / MANIFEST
    body = {"schema_version": SCHEMA_VERSION, "tables": sorted(TABLES), **extra}
    path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def validate_snapshot(directory: Path) -> dict[str, Any]:
    """Check that every table exists with the written columns and types; return the manifest."""
    manifest = read_manifest(directory)
    for name, spec in TABLES.items():
        path = table_path(directory, name)
        if not path.is_file():
            raise SnapshotError(f"{directory}: table {name} is missing ({path.name})")
        schema = pq.read_schema(path)
        for field in spec.schema:
            if field.name not in schema.names:
                raise SnapshotError(f"{path}: column {field.name} is missing")
            found = schema.field(field.name).type
            if found != field.type:
                raise SnapshotError(f"{path}: column {field.name} is {found}, not {field.type}")
    return manifest
