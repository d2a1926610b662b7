"""Disproportionate impact on the published group tables: each block of a table (one school,
year or cohort and one group type) is one DI "cohort" for `openpathways.analytics.di`.

The DI figures are computed from the unrounded counts of the computed table (never from a
published, suppressed one); `publish_di` then hides every figure of a group whose counts are
small, and the complementary cells, as any published table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa

from openpathways.analytics import di, suppression
from openpathways.analytics.metrics.common import ALL

#: table -> (count of the group, count of successes): the rate DI looks at.
DI_SOURCES: Mapping[str, tuple[str, str]] = {
    "participation": ("students", "participants"),
    "success": ("enrollments", "successes"),
    "unit_progress": ("graduates", "graduates_12"),
    "cci_college_credit": ("cohort_students", "prepared"),
}
#: Block keys of those tables (as in tables.TABLES[...].blocks, without the group type).
DI_BLOCKS: Mapping[str, tuple[str, ...]] = {
    "participation": ("academic_year", "district_id", "school_id"),
    "success": ("academic_year", "term_code", "district_id", "school_id"),
    "unit_progress": ("cohort", "district_id", "school_id"),
    "cci_college_credit": ("cohort", "district_id", "school_id"),
}
#: Figures of a DI row derived from its counts (hidden with them).
DI_DERIVED = (
    "rate",
    "reference",
    "gap",
    "moe",
    "share_of_successes",
    "share_of_group",
    "index",
    "di",
    "needed_to_lose_flag",
    "needed_for_parity",
)


def disproportionate_impact(
    name: str,
    table: pa.Table,
    *,
    method: di.Method | str = di.Method.PPG,
    reference: di.Reference | None = None,
    moe: di.MoeOptions | None = None,
    cutoff: float = di.DEFAULT_CUTOFF,
    group_types: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """One row per block and group (groups with no students left out): the block's keys,
    `group_type`, `group`, then the DI method's columns (unrounded)."""
    if name not in DI_SOURCES:
        raise KeyError(f"no disproportionate-impact view of {name!r}")
    n_col, s_col = DI_SOURCES[name]
    block_cols = (*DI_BLOCKS[name], "group_type")
    wanted = set(group_types) if group_types is not None else None
    counts: list[di.GroupCount] = []
    blocks: dict[str, dict[str, Any]] = {}
    for row in table.to_pylist():
        if row["group_type"] == ALL or not row[n_col]:
            continue
        if wanted is not None and row["group_type"] not in wanted:
            continue
        block = {k: row[k] for k in block_cols}
        cohort = json.dumps(list(block.values()), default=str)
        blocks[cohort] = block
        counts.append(
            di.GroupCount(group=row["group"], n=row[n_col], successes=row[s_col], cohort=cohort)
        )
    results = di.di_compute(counts, method, reference=reference, moe=moe, cutoff=cutoff)
    out: list[dict[str, Any]] = []
    for result in results:
        values = {c: getattr(result, c) for c in type(result).COLUMNS if c != "cohort"}
        out.append({**blocks[result.cohort], **values})
    return out


def publish_di(
    rows: list[dict[str, Any]], *, threshold: int = suppression.DEFAULT_THRESHOLD
) -> suppression.TableSuppression:
    """Suppress a DI table: n and successes are counts; every DI figure is derived from them;
    complementary suppression within each block."""
    present = [c for c in DI_DERIVED if rows and c in rows[0]]

    def block_of(row: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(v for k, v in row.items() if k not in ("group", "n", "successes", *present))

    return suppression.suppress_rows(
        rows,
        count_cols=["n", "successes"],
        derived={c: ["n", "successes"] for c in present},
        threshold=threshold,
        row_groups=block_of,
    )
