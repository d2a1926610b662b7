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
    as `--`) with the record of what was hidden and why.

    Two passes: `analytics.suppression` hides the small counts and protects each block (the
    groups of one school, year and group type); then every published sum is protected as
    metrics.md section 4 asks (no sum with exactly one hidden cell, total included): the groups
    of a block add up to its `all` row, the schools of a district to the district row, the
    districts to the overall row. The passes repeat until both are stable."""
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

    result = suppression.suppress_rows(
        rows,
        count_cols=list(spec.count_cols),
        rates=[suppression.RateSpec(col, num, den) for col, (num, den) in spec.rates.items()],
        derived={col: list(src) for col, src in spec.derived.items()},
        threshold=threshold,
        row_groups=block_of if blocks else None,
    )
    sums = _published_sums(spec, rows)
    if not sums:
        return result
    counts = set(spec.count_cols)
    hidden = {cell for cell in result.hidden if cell[1] in counts}
    extra = _protect_sums(rows, sums, spec.count_cols, hidden)
    if not extra:
        return result
    return _apply_hidden(spec, rows, result, extra)


#: A published sum: the row indices of its parts and of the row holding its total.
Sum = tuple[tuple[int, ...], int]


def _published_sums(spec: PublishedTable, rows: list[dict[str, Any]]) -> list[Sum]:
    """Every sum the table publishes across its rows: the groups of one type add up to the
    `all` row of their block; schools add up to their district's row, districts to the overall
    row (for each group)."""
    keys = list(spec.keys)
    index = {tuple(row.get(k) for k in keys): i for i, row in enumerate(rows)}
    sums: dict[tuple[str, int, Any], list[int]] = {}
    grouped = "group_type" in keys
    rollups = [k for k in ("school_id", "district_id") if k in keys]
    for i, row in enumerate(rows):
        if grouped and row.get("group_type") != "all":
            total_key = tuple("all" if k in ("group_type", "group") else row.get(k) for k in keys)
            total = index.get(total_key)
            if total is not None:
                sums.setdefault(("groups", total, row.get("group_type")), []).append(i)
        # the nearest rollup level of this row: school -> district -> overall
        for level in rollups:
            if row.get(level) is not None:
                cleared = {level, "school_id"} if level == "district_id" else {level}
                up = tuple(None if k in cleared else row.get(k) for k in keys)
                total = index.get(up)
                if total is not None and total != i:
                    sums.setdefault(("rollup", total, None), []).append(i)
                break
    return [(tuple(parts), total) for (_, total, _), parts in sums.items()]


def _protect_sums(
    rows: list[dict[str, Any]],
    sums: list[Sum],
    count_cols: Sequence[str],
    hidden: set[tuple[int, str]],
) -> set[tuple[int, str]]:
    """Complementary cells so that no published sum has exactly one hidden cell (the next
    smallest visible cell of the sum is hidden: non-zero parts first, the total last). A work
    list revisits only the sums a newly hidden cell belongs to."""
    member: dict[int, list[int]] = {}
    for s, (parts, total) in enumerate(sums):
        for r in (*parts, total):
            member.setdefault(r, []).append(s)
    extra: set[tuple[int, str]] = set()
    for col in count_cols:
        pending = list(range(len(sums)))
        queued = set(pending)
        while pending:
            s = pending.pop()
            queued.discard(s)
            parts, total = sums[s]
            cells = (*parts, total)
            if sum(1 for r in cells if (r, col) in hidden) != 1:
                continue
            visible = [r for r in cells if (r, col) not in hidden and rows[r].get(col) is not None]
            if not visible:
                continue
            pick = min(visible, key=lambda r: (rows[r][col] == 0, r == total, rows[r][col], r))
            hidden.add((pick, col))
            extra.add((pick, col))
            for other in member[pick]:
                if other not in queued:
                    queued.add(other)
                    pending.append(other)
    return extra


def _apply_hidden(
    spec: PublishedTable,
    rows: list[dict[str, Any]],
    result: suppression.TableSuppression,
    extra: set[tuple[int, str]],
) -> suppression.TableSuppression:
    sources = {**{c: (n, d) for c, (n, d) in spec.rates.items()}, **spec.derived}
    out_rows = [dict(r) for r in result.rows]
    derived: set[tuple[int, str]] = set()
    for r, col in extra:
        out_rows[r][col] = suppression.SUPPRESSED
        for name, cols in sources.items():
            if col in cols:
                out_rows[r][name] = suppression.SUPPRESSED
                derived.add((r, name))
    return suppression.TableSuppression(
        rows=out_rows,
        hidden=result.hidden | extra | derived,
        primary=result.primary,
        complementary=result.complementary | extra,
        derived=result.derived | derived,
        warnings=result.warnings,
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
