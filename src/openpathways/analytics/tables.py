"""The published (dashboard and export) tables: what each one is, how it is keyed, and how it
is protected. `publish()` is the last step of every table that leaves an access-controlled view:
it applies small-cell suppression (openpathways.analytics.suppression) to the unrounded result.

Rates stay unrounded floats in computed tables; only display rounds them (`format_rate`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ibis.expr.types as ir
import pyarrow as pa

from openpathways.analytics import suppression
from openpathways.analytics.metrics import (
    cci_credit,
    compacts,
    coverage,
    participation,
    success,
    units,
    vendors,
)
from openpathways.analytics.metrics.common import Params, Tables

__all__ = ["TABLES", "PublishedTable", "format_rate", "publish", "sort_result"]

Definition = Callable[[Tables, Params], ir.Table]


@dataclass(frozen=True)
class PublishedTable:
    name: str
    title: str
    definition: Definition
    #: Columns that identify a row (the result is sorted by them).
    keys: tuple[str, ...]
    #: Counts of students (or of their enrollments) that small-cell suppression protects.
    count_cols: tuple[str, ...] = ()
    #: rate column -> (numerator count, denominator count).
    rates: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: other derived column -> the counts it is computed from.
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Key columns of the blocks whose column sums are published elsewhere (complementary
    #: suppression runs within each block: e.g. the race groups of one school and year add up to
    #: the school's `all` row).
    blocks: tuple[str, ...] = ()

    def expression(self, tables: Tables, params: Params) -> ir.Table:
        return self.definition(tables, params)


_GROUP_BLOCK = ("group_type",)

TABLES: dict[str, PublishedTable] = {
    t.name: t
    for t in (
        PublishedTable(
            "school_coverage",
            "School coverage of the five opportunity types",
            coverage.school_coverage,
            keys=("academic_year", "district_id"),
        ),
        PublishedTable(
            "school_coverage_detail",
            "Opportunity types offered by each school serving grades 9-12 (gap list)",
            coverage.school_coverage_detail,
            keys=("academic_year", "district_id", "school_id"),
        ),
        PublishedTable(
            "unit_progress",
            "12-unit progress: graduates with 12 units, students on track",
            units.unit_progress,
            keys=(*units.UNIT_KEYS, "group_type", "group"),
            count_cols=units.UNIT_SUMS,
            rates={"rate_graduates_12": ("graduates_12", "graduates")},
            derived={
                "rate_met_or_on_track": ("enrolled_met", "enrolled_on_track", "enrolled"),
            },
            blocks=(*units.UNIT_KEYS, *_GROUP_BLOCK),
        ),
        PublishedTable(
            "participation",
            "Dual-enrollment participation (access) by group",
            participation.participation,
            keys=(*participation.PARTICIPATION_KEYS, "group_type", "group"),
            count_cols=participation.PARTICIPATION_SUMS,
            rates={"rate": ("participants", "students")},
            blocks=(*participation.PARTICIPATION_KEYS, *_GROUP_BLOCK),
        ),
        PublishedTable(
            "success",
            "Dual-enrollment course success by group",
            success.success,
            keys=(*success.SUCCESS_KEYS, "group_type", "group"),
            count_cols=success.SUCCESS_SUMS,
            rates={
                "rate": ("successes", "enrollments"),
                "withdrawal_rate": ("withdrawals", "enrollments"),
            },
            blocks=(*success.SUCCESS_KEYS, *_GROUP_BLOCK),
        ),
        PublishedTable(
            "cci_college_credit",
            "College/Career Indicator: Prepared through college credit",
            cci_credit.cci_college_credit,
            keys=(*cci_credit.CCI_KEYS, "group_type", "group"),
            count_cols=cci_credit.CCI_SUMS,
            rates={
                "rate_prepared": ("prepared", "cohort_students"),
                "rate_approaching": ("approaching", "cohort_students"),
            },
            blocks=(*cci_credit.CCI_KEYS, *_GROUP_BLOCK),
        ),
        PublishedTable(
            "compact_coverage",
            "Education Compact coverage (by residence; by school location, labelled)",
            compacts.compact_coverage,
            keys=("basis", "district_id"),
            count_cols=compacts.COMPACT_SUMS,
            rates={"rate": ("covered", "students")},
            blocks=("basis",),
        ),
        PublishedTable(
            "vendor_compliance",
            "Vendor work-based-learning compliance",
            vendors.vendor_compliance,
            keys=("academic_year", "district_id"),
        ),
        PublishedTable(
            "vendor_wbl_detail",
            "Work-based learning committed and delivered, per vendor",
            vendors.vendor_wbl_detail,
            keys=("academic_year", "district_id", "vendor_id"),
            count_cols=("placements_delivered",),
            derived={"compliant": ("placements_delivered",)},
        ),
    )
}


def sort_result(name: str, table: pa.Table) -> pa.Table:
    """Rows in key order (nulls, i.e. totals, last): the same order on every engine."""
    keys = TABLES[name].keys
    return table.sort_by([(k, "ascending", "at_end") for k in keys])


def publish(
    name: str, table: pa.Table, *, threshold: int = suppression.DEFAULT_THRESHOLD
) -> suppression.TableSuppression:
    """Suppress small cells of a computed table: the last step before any table leaves an
    access-controlled view. Returns the rows to show (hidden values as `*`, empty denominators
    as `--`) with the record of what was hidden and why."""
    spec = TABLES[name]
    rows = table.to_pylist()
    if not spec.count_cols:
        return suppression.TableSuppression(
            rows=rows, hidden=set(), primary=set(), complementary=set(), derived=set(),
            warnings=[],
        )  # fmt: skip
    blocks = spec.blocks

    def block_of(row: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(row.get(k) for k in blocks)

    return suppression.suppress_rows(
        rows,
        count_cols=list(spec.count_cols),
        rates=[suppression.RateSpec(col, num, den) for col, (num, den) in spec.rates.items()],
        derived={col: list(src) for col, src in spec.derived.items()},
        threshold=threshold,
        row_groups=block_of if blocks else None,
    )


def format_rate(value: Any, digits: int = 1) -> str:
    """A rate for display: percent rounded to `digits` (markers such as `*` pass through)."""
    if value is None:
        return suppression.EMPTY
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
    else:
        number = float(value)
    return f"{number * 100:.{digits}f}%"


def rate_columns(name: str) -> Sequence[str]:
    spec = TABLES[name]
    return [*spec.rates, *(c for c in spec.derived if c.startswith("rate"))]
