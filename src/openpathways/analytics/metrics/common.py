"""Building blocks shared by the metric definitions: parameters, predicates, group breakdowns.

Every function takes and returns Ibis expressions; nothing executes here. Counts are cast to
int64 and rates are unrounded float64 (null when the denominator is zero) so that every engine
returns the same types.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from openpathways.analytics.snapshot_schema import (
    COLLEGE_CREDIT_TYPES,
    GROUP_COLUMNS,
    SUCCESS_GRADES,
    WITHDRAWAL_GRADE,
)

Tables = Mapping[str, ir.Table]


class SnapshotTables(dict[str, ir.Table]):
    """The snapshot's tables as an engine provides them, and how that engine materializes an
    intermediate result that several steps reuse (`Table.cache()` on DuckDB, PostgreSQL and
    PySpark). A plain mapping materializes nothing: the definitions then compile to a single
    SQL statement each (as in the golden SQL files)."""

    def __init__(
        self,
        tables: Mapping[str, ir.Table],
        materialize: Callable[[ir.Table], ir.Table] | None = None,
    ) -> None:
        super().__init__(tables)
        self.materialize = materialize
        self.staged: dict[str, ir.Table] = {}
        self.materialized: list[ir.Table] = []

    def release(self) -> None:
        """Drop every materialized intermediate result (before the connection closes)."""
        for table in self.materialized:
            release = getattr(table, "release", None)
            if release is not None:
                release()
        self.materialized.clear()
        self.staged.clear()


def stage(tables: Tables, expr: ir.Table, name: str | None = None) -> ir.Table:
    """`expr`, materialized when the engine supports it. With a `name`, the result is shared by
    every definition computed on the same tables (for example the dual-enrollment rows)."""
    materialize = getattr(tables, "materialize", None)
    if materialize is None:
        return expr
    staged: dict[str, ir.Table] = tables.staged  # type: ignore[attr-defined]
    if name is not None and name in staged:
        return staged[name]
    result = materialize(expr)
    tables.materialized.append(result)  # type: ignore[attr-defined]
    if name is not None:
        staged[name] = result
    return result


#: The group type of the row that covers everyone.
ALL = "all"
#: Group label of a missing value (empty gender, unreported race).
NOT_REPORTED = "not_reported"
#: Keys of the rows that give a district total across its schools (school_id is null) and of the
#: rows that give the total over every district in the snapshot (district_id null too).
GROUP_KEYS = ("group_type", "group")


@dataclass(frozen=True)
class Params:
    """Parameters shared by the metrics (from the snapshot manifest unless given)."""

    #: School year of the snapshot (2025 = 2025-26): "now" for on-track projections.
    as_of_year: int = 2025
    #: "fall" or "spring": the part of the school year the snapshot was taken in.
    as_of_term: str = "fall"
    #: Units per remaining term a student is assumed able to add (on-track projection).
    pace_units_per_term: float = 3.0
    #: Target units (Vision 2030).
    target_units: float = 12.0
    #: Restrict time-keyed tables to these school years (empty: every year in the snapshot).
    years: tuple[int, ...] = field(default_factory=tuple)
    #: Vendor WBL compliance: "all" commitments met (default) or "any" of them.
    vendor_rule: str = "all"

    @classmethod
    def from_manifest(cls, manifest: Mapping[str, object], **overrides: object) -> Params:
        values: dict[str, object] = {}
        if isinstance(manifest.get("as_of_year"), int):
            values["as_of_year"] = manifest["as_of_year"]
        if manifest.get("as_of_term") in ("fall", "spring"):
            values["as_of_term"] = manifest["as_of_term"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def count(predicate: ir.BooleanValue) -> ir.IntegerScalar:
    """Number of rows where `predicate` holds (an int64 whatever the engine)."""
    return as_int(predicate).sum().fill_null(0).cast("int64")


def as_int(predicate: ir.BooleanValue) -> ir.IntegerValue:
    """1 where `predicate` holds, else 0 (PostgreSQL cannot cast a boolean to bigint)."""
    return ibis.ifelse(predicate, 1, 0).cast("int64")


def total(value: ir.NumericValue) -> ir.IntegerScalar:
    return value.sum().fill_null(0).cast("int64")


def rate(numerator: ir.NumericValue, denominator: ir.NumericValue) -> ir.FloatingValue:
    """numerator / denominator as an unrounded float64; null when the denominator is 0."""
    return ibis.ifelse(
        denominator == 0, ibis.null().cast("float64"), numerator.cast("float64") / denominator
    )


def is_success(grade: ir.StringValue) -> ir.BooleanValue:
    return grade.isin(list(SUCCESS_GRADES))


def is_withdrawal(grade: ir.StringValue, status: ir.StringValue) -> ir.BooleanValue:
    return (grade == WITHDRAWAL_GRADE) | (status == "withdrawn")


def dual_enrollment(tables: Tables) -> ir.Table:
    """College courses that carry college credit (dual enrollment), not dropped before census.
    Shared by several definitions, so staged once per engine."""
    e = tables["enrollments"]
    rows = e.filter(
        (e.provider == "college")
        & e.credit_type.isin(list(COLLEGE_CREDIT_TYPES))
        & (e.status != "dropped")
    ).select(*DUAL_ENROLLMENT_COLUMNS)
    return stage(tables, rows, "dual_enrollments")


#: The columns of the dual-enrollment rows the definitions use (fewer columns to materialize).
DUAL_ENROLLMENT_COLUMNS = (
    "student_key",
    "academic_year",
    "term_code",
    "term_kind",
    "subject",
    "units_attempted",
    "grade",
    "status",
)


def group_labels(students: ir.Table) -> ir.Table:
    """A table with the reporting-group columns of `students`, plus one text label per column
    (`g_<column>`). Applied after the finest aggregation, so engines group by the raw (mostly
    boolean) columns and label the few aggregated rows."""
    s = students
    labels: dict[str, ir.Value] = {}
    for column in GROUP_COLUMNS:
        value = s[column]
        if value.type().is_boolean():
            labels[f"g_{column}"] = ibis.ifelse(value, "yes", "no")
        else:
            labels[f"g_{column}"] = ibis.ifelse(value.isnull() | (value == ""), NOT_REPORTED, value)
    return s.mutate(**labels)


GROUP_LABEL_COLUMNS = tuple(f"g_{c}" for c in GROUP_COLUMNS)


def by_group(
    fine: ir.Table,
    keys: Sequence[str],
    sums: Sequence[str],
) -> ir.Table:
    """Long format by reporting group.

    `fine` is already aggregated by `keys` + every group label column, with additive count
    columns `sums`. The result has one row per key and group: group_type `all` (group `all`),
    then one block per reporting-group column (race_ethnicity, gender, english_learner yes/no,
    ...), each block partitioning the students of the key.
    """
    parts = []
    for group_type, label in [(ALL, None), *zip(GROUP_COLUMNS, GROUP_LABEL_COLUMNS, strict=True)]:
        group = ibis.literal(ALL) if label is None else fine[label]
        part = (
            fine.mutate(group_type=ibis.literal(group_type), group=group)
            .group_by([*keys, *GROUP_KEYS])
            .aggregate(**{c: fine[c].sum().cast("int64") for c in sums})
        )
        parts.append(part)
    return ibis.union(*parts)


def with_totals(
    table: ir.Table,
    keys: Sequence[str],
    sums: Sequence[str],
    *,
    levels: Sequence[str] = ("school_id", "district_id"),
) -> ir.Table:
    """Add rollup rows: for each name in `levels` in turn, rows where it (and the ones before it)
    are null, summing `sums` over it. With the default levels: the school rows, a total per
    district (school_id null), and a total over the snapshot (both null)."""
    parts = [table.select(*keys, *sums)]
    nulled: list[str] = []
    for level in levels:
        nulled.append(level)
        rest = [k for k in keys if k not in nulled]
        rolled = table.group_by(rest).aggregate(**{c: table[c].sum().cast("int64") for c in sums})
        rolled = rolled.mutate(**{k: ibis.null().cast(table[k].type()) for k in nulled})
        parts.append(rolled.select(*keys, *sums))
    return ibis.union(*parts)


def school_district(tables: Tables) -> ir.Table:
    s = tables["schools"]
    return s.select(school_id=s.school_id, district_id=s.district_id)


def in_years(table: ir.Table, params: Params, column: str = "academic_year") -> ir.Table:
    if not params.years:
        return table
    return table.filter(table[column].isin(list(params.years)))
