"""Small-cell protection for every published table (docs/metrics.md section 4).

Pure Python, no Django; pandas and pyarrow are optional and imported only by their adapters.

Rules
- A count of 1..threshold (default 10, the CDE convention) is shown as `*`; a zero count shows `0`;
  an empty denominator (or a missing value) shows `--`.
- Any value computed from a suppressed count (a rate, gap, DI flag, ...) is suppressed too.
- Complementary suppression: a row or column whose total is published (an explicit total cell,
  or, for columns by default, a total published elsewhere) must never have exactly one hidden
  cell, or the hidden value is the total minus the visible cells. While some row or column has
  exactly one hidden cell, the next-smallest visible cell of that row or column is hidden too
  (non-zero cells first, parts before totals), until the table is stable across rows and columns.
- Then an audit solves the published row and column equations exactly (rational Gaussian
  elimination): any hidden cell whose value they still determine (for example through a chain of
  rows and columns) gets one more complementary cell, and the loop runs again.

The threshold is configurable (LaunchBoard hides 1-9, some states up to 30).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from openpathways.analytics.counts import parse_count

__all__ = [
    "DEFAULT_THRESHOLD",
    "EMPTY",
    "SUPPRESSED",
    "CellGroup",
    "GridSuppression",
    "RateSpec",
    "TableSuppression",
    "determined_cells",
    "is_small",
    "suppress_arrow",
    "suppress_dataframe",
    "suppress_di_rows",
    "suppress_grid",
    "suppress_rows",
]

SUPPRESSED = "*"
EMPTY = "--"
DEFAULT_THRESHOLD = 10

Cell = tuple[int, int]
ColumnTotals = Literal["explicit", "implicit", "none"]


def is_small(value: int | None, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """True for a count that must be hidden on its own: 1..threshold."""
    return value is not None and 1 <= value <= threshold


@dataclass(frozen=True)
class CellGroup:
    """Cells whose sum is published: `total` is the cell holding it, or None when the total is
    published elsewhere (an implicit, always visible total)."""

    cells: tuple[Cell, ...]
    total: Cell | None = None


@dataclass
class GridSuppression:
    """The outcome for a grid: which cells are hidden and why."""

    hidden: set[Cell]
    primary: set[Cell]
    complementary: set[Cell]
    groups: list[CellGroup]
    warnings: list[str] = field(default_factory=list)

    def is_hidden(self, row: int, col: int) -> bool:
        return (row, col) in self.hidden


def _grid_groups(
    shape: tuple[int, int],
    *,
    row_total_col: int | None,
    total_row: int | None,
    column_totals: ColumnTotals,
    row_totals: bool,
) -> list[CellGroup]:
    n_rows, n_cols = shape
    groups: list[CellGroup] = []
    # An implicit total over a single cell would be that cell itself: no equation is assumed.
    if row_total_col is not None or (row_totals and n_cols > 1):
        for r in range(n_rows):
            cells = tuple((r, c) for c in range(n_cols))
            total = (r, row_total_col) if row_total_col is not None else None
            groups.append(CellGroup(cells, total))
    if column_totals != "none" or total_row is not None:
        for c in range(n_cols):
            cells = tuple((r, c) for r in range(n_rows))
            if total_row is not None:
                groups.append(CellGroup(cells, (total_row, c)))
            elif column_totals == "implicit" and n_rows > 1:
                groups.append(CellGroup(cells, None))
    return groups


def suppress_grid(
    values: Sequence[Sequence[int | None]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    row_total_col: int | None = None,
    total_row: int | None = None,
    column_totals: ColumnTotals = "implicit",
    row_totals: bool = False,
    extra_groups: Iterable[CellGroup] = (),
) -> GridSuppression:
    """Decide which cells of a grid of counts to hide.

    - `row_total_col`: index of the column holding each row's total (rows are then protected);
    - `total_row`: index of the row holding each column's total;
    - `column_totals`: without a total row, `implicit` (default, conservative) protects columns as
      if their sums were published elsewhere; `none` when columns are not additive;
    - `row_totals`: protect rows as if their sums were published elsewhere;
    - `None` values are missing cells: shown as `--`, never hidden, treated as known.
    """
    if threshold < 1:
        raise ValueError(f"the threshold must be at least 1, got {threshold}")
    n_rows = len(values)
    n_cols = max((len(r) for r in values), default=0)
    if any(len(r) != n_cols for r in values):
        raise ValueError("every row of the grid must have the same number of cells")
    grid = [list(r) for r in values]
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v is not None and (not isinstance(v, int) or v < 0):
                raise ValueError(f"cell ({r}, {c}) is not a count: {v!r}")
    groups = _grid_groups(
        (n_rows, n_cols),
        row_total_col=row_total_col,
        total_row=total_row,
        column_totals=column_totals,
        row_totals=row_totals,
    )
    groups.extend(extra_groups)
    primary = {
        (r, c) for r in range(n_rows) for c in range(n_cols) if is_small(grid[r][c], threshold)
    }
    result = GridSuppression(set(primary), primary, set(), groups)
    _protect(grid, result)
    return result


def _candidate_key(grid: list[list[int | None]], group: CellGroup, cell: Cell) -> tuple[Any, ...]:
    value = grid[cell[0]][cell[1]]
    assert value is not None
    return (value == 0, cell == group.total, value, cell)


def _complement(grid: list[list[int | None]], group: CellGroup, hidden: set[Cell]) -> Cell | None:
    candidates = [
        cell for cell in group.cells if cell not in hidden and grid[cell[0]][cell[1]] is not None
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda cell: _candidate_key(grid, group, cell))


def _protect(grid: list[list[int | None]], result: GridSuppression) -> None:
    hidden = result.hidden
    unprotectable: set[int] = set()
    while True:
        changed = True
        while changed:
            changed = False
            for index, group in enumerate(result.groups):
                if index in unprotectable:
                    continue
                inside = [cell for cell in group.cells if cell in hidden]
                if len(inside) != 1:
                    continue
                extra = _complement(grid, group, hidden)
                if extra is None:
                    unprotectable.add(index)
                    result.warnings.append(
                        f"cell {inside[0]} is the only cell of its group with a published "
                        "total and cannot be protected by complementary suppression"
                    )
                    continue
                hidden.add(extra)
                result.complementary.add(extra)
                changed = True
        leaks = determined_cells(result.groups, hidden)
        fixed = False
        for cell in sorted(leaks):
            for group in result.groups:
                if cell in group.cells:
                    extra = _complement(grid, group, hidden)
                    if extra is not None:
                        hidden.add(extra)
                        result.complementary.add(extra)
                        fixed = True
                        break
            if fixed:
                break
        if not fixed:
            if leaks:
                result.warnings.append(
                    f"hidden cells {sorted(leaks)} remain determined by the published totals"
                )
            return


def _coefficients(group: CellGroup) -> dict[Cell, int]:
    """The group's equation: +1 for each part, -1 for its total cell (if any)."""
    coeffs = dict.fromkeys(group.cells, 1)
    if group.total is not None:
        coeffs[group.total] = -1
    return coeffs


def determined_cells(groups: Sequence[CellGroup], hidden: set[Cell]) -> set[Cell]:
    """Hidden cells whose value the published equations fix exactly.

    Each group is one equation: the sum of its part cells equals its total (a hidden explicit
    total is an unknown too; an implicit total is known). Visible cells are known. A hidden cell is
    determined exactly when its unit vector lies in the row space of the equations restricted to
    the hidden cells.

    Tables of rows and columns (each cell in at most two groups, signs that can be made
    consistent, groups forming a bipartite graph) are decided in linear time: a hidden cell is an
    edge between its two groups (or to one shared node standing for "no equation"), and it is
    determined exactly when that edge is a bridge. Anything else is decided by reduced row
    echelon form over the rationals.
    """
    if not hidden:
        return set()
    fast = _bridge_determined(groups, hidden)
    if fast is not None:
        return fast
    return _rref_determined(groups, hidden)


def _bridge_determined(groups: Sequence[CellGroup], hidden: set[Cell]) -> set[Cell] | None:
    """The graph criterion, or None when the table does not have the required shape."""
    ends: dict[Cell, list[tuple[int, int]]] = {cell: [] for cell in hidden}
    for index, group in enumerate(groups):
        for cell, coeff in _coefficients(group).items():
            if cell in ends:
                ends[cell].append((index, coeff))
    if any(len(found) > 2 for found in ends.values()):
        return None
    # Negate some equations so that every cell has the same coefficient in both of its groups:
    # sign[g] * coeff_g == sign[h] * coeff_h. Also colour the groups in two sides (bipartite).
    neighbours: dict[int, list[tuple[int, int]]] = {}
    for found in ends.values():
        if len(found) == 2:
            (g, a), (h, b) = found
            if g == h:
                return None
            relation = a * b  # sign[g] * sign[h] must equal a * b
            neighbours.setdefault(g, []).append((h, relation))
            neighbours.setdefault(h, []).append((g, relation))
    sign: dict[int, int] = {}
    side: dict[int, int] = {}
    for start in neighbours:
        if start in sign:
            continue
        sign[start], side[start] = 1, 0
        stack = [start]
        while stack:
            g = stack.pop()
            for h, relation in neighbours[g]:
                want_sign, want_side = sign[g] * relation, 1 - side[g]
                if h not in sign:
                    sign[h], side[h] = want_sign, want_side
                    stack.append(h)
                elif sign[h] != want_sign or side[h] != want_side:
                    return None
    # Edges: group -- group, or group -- FREE (a cell in one group), FREE -- FREE (in none).
    free = -1
    edges: list[tuple[int, int, Cell]] = []
    for cell, found in ends.items():
        nodes = [g for g, _ in found] + [free] * (2 - len(found))
        edges.append((nodes[0], nodes[1], cell))
    return {edges[i][2] for i in _bridges(edges)}


def _bridges(edges: Sequence[tuple[int, int, Cell]]) -> set[int]:
    """Indices of the bridges of a multigraph (iterative Tarjan; parallel edges are cycles)."""
    adjacency: dict[int, list[tuple[int, int]]] = {}
    for i, (u, v, _) in enumerate(edges):
        adjacency.setdefault(u, []).append((v, i))
        adjacency.setdefault(v, []).append((u, i))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges: set[int] = set()
    counter = 0
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, int, int]] = [(root, -1, 0)]  # node, edge used to enter, next
        while stack:
            node, via, nxt = stack[-1]
            links = adjacency[node]
            if nxt < len(links):
                stack[-1] = (node, via, nxt + 1)
                other, edge = links[nxt]
                if edge == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = counter
                    counter += 1
                    stack.append((other, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        bridges.add(via)
    return bridges


def _rref_determined(groups: Sequence[CellGroup], hidden: set[Cell]) -> set[Cell]:
    unknowns = sorted(hidden)
    position = {cell: i for i, cell in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for group in groups:
        coeffs = [Fraction(0)] * len(unknowns)
        touched = False
        for cell, coeff in _coefficients(group).items():
            if cell in position:
                coeffs[position[cell]] = Fraction(coeff)
                touched = True
        if touched:
            rows.append(coeffs)
    pivots = _rref(rows, len(unknowns))
    determined: set[Cell] = set()
    for row_index, col in pivots:
        row = rows[row_index]
        if all(v == 0 for j, v in enumerate(row) if j != col):
            determined.add(unknowns[col])
    return determined


def _rref(rows: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Reduce `rows` in place; return (row, pivot column) pairs."""
    pivots: list[tuple[int, int]] = []
    top = 0
    for col in range(width):
        pivot = next((r for r in range(top, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[top], rows[pivot] = rows[pivot], rows[top]
        lead = rows[top][col]
        rows[top] = [v / lead for v in rows[top]]
        for r in range(len(rows)):
            if r != top and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[top], strict=True)]
        pivots.append((top, col))
        top += 1
        if top == len(rows):
            break
    return pivots


# --------------------------------------------------------------------------- tables of rows


@dataclass(frozen=True)
class RateSpec:
    """A column computed from counts: hidden when any of them is hidden.

    `base` is the numerator count column; `denominator` (optional) the count column it is divided
    by; an empty or zero denominator shows `--`.
    """

    column: str
    base: str
    denominator: str | None = None


@dataclass
class TableSuppression:
    """Rows ready to publish (hidden counts and derived values replaced by `*`)."""

    rows: list[dict[str, Any]]
    hidden: set[tuple[int, str]]
    primary: set[tuple[int, str]]
    complementary: set[tuple[int, str]]
    derived: set[tuple[int, str]]
    warnings: list[str]


def _as_count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a count: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return int(value)
        raise ValueError(f"not a whole number: {value!r}")
    text = str(value).strip()
    if text == "":
        return None
    count = parse_count(text)
    if count is None:
        raise ValueError(f"not a whole number: {value!r}")
    return count


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def suppress_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    count_cols: Sequence[str],
    total_col: str | None = None,
    total_row: int | None = None,
    column_totals: ColumnTotals = "implicit",
    rates: Sequence[RateSpec] = (),
    derived: Mapping[str, Sequence[str]] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    row_groups: Callable[[Mapping[str, Any]], Any] | None = None,
) -> TableSuppression:
    """Suppress a table given as rows (mappings). Returns new rows; the input is not changed.

    - `count_cols`: columns of counts; `total_col`: the column holding each row's total (the
      rows' count columns add up to it); `total_row`: index of the row of column totals.
    - `rates`: rate columns and the counts they come from (see `RateSpec`).
    - `derived`: any other column -> the count columns it is computed from.
    - `row_groups`: when given, columns are protected separately within each block of rows with
      the same key (e.g. one DI table per cohort).
    Count cells read as int, integral float or text; empty/NaN/None is missing (`--`).
    """
    columns = list(count_cols)
    if total_col is not None and total_col not in columns:
        columns.append(total_col)
    grid: list[list[int | None]] = []
    for index, row in enumerate(rows):
        line: list[int | None] = []
        for col in columns:
            try:
                line.append(_as_count(row.get(col)))
            except ValueError:
                raise ValueError(
                    f"row {index}, column {col!r}: not a whole number: {row.get(col)!r}"
                ) from None
            if line[-1] is not None and line[-1] < 0:
                raise ValueError(f"row {index}, column {col!r}: negative count {line[-1]}")
        grid.append(line)
    col_index = {col: i for i, col in enumerate(columns)}
    for spec in rates:
        for needed in (spec.base, spec.denominator):
            if needed is not None and needed not in col_index:
                raise ValueError(
                    f"rate {spec.column!r}: {needed!r} is not one of the count columns"
                )
    for name, cols in (derived or {}).items():
        for needed in cols:
            if needed not in col_index:
                raise ValueError(f"{name!r}: {needed!r} is not one of the count columns")
    extra: list[CellGroup] = []
    column_mode: ColumnTotals = column_totals
    if row_groups is not None and total_row is None and column_totals == "implicit":
        column_mode = "none"
        blocks: dict[Any, list[int]] = {}
        for index, row in enumerate(rows):
            blocks.setdefault(row_groups(row), []).append(index)
        for members in blocks.values():
            if len(members) > 1:
                for c in range(len(columns)):
                    extra.append(CellGroup(tuple((r, c) for r in members), None))
    outcome = suppress_grid(
        grid,
        threshold=threshold,
        row_total_col=col_index[total_col] if total_col is not None else None,
        total_row=total_row,
        column_totals=column_mode,
        extra_groups=extra,
    )

    def named(cells: set[Cell]) -> set[tuple[int, str]]:
        return {(r, columns[c]) for r, c in cells}

    hidden = named(outcome.hidden)
    result_rows: list[dict[str, Any]] = []
    derived_hidden: set[tuple[int, str]] = set()
    sources: dict[str, tuple[list[str], str | None]] = {}
    for spec in rates:
        sources[spec.column] = (
            [spec.base] + ([spec.denominator] if spec.denominator else []),
            spec.denominator,
        )
    for name, cols in (derived or {}).items():
        sources[name] = (list(cols), None)
    for index, row in enumerate(rows):
        out = dict(row)
        for col in columns:
            value = grid[index][col_index[col]]
            if (index, col) in hidden:
                out[col] = SUPPRESSED
            elif value is None:
                out[col] = EMPTY
            else:
                out[col] = str(value)
        for name, (cols, denominator) in sources.items():
            if any((index, c) in hidden for c in cols):
                out[name] = SUPPRESSED
                derived_hidden.add((index, name))
            elif _empty(row.get(name)) or (
                denominator is not None and not grid[index][col_index[denominator]]
            ):
                out[name] = EMPTY
        result_rows.append(out)
    return TableSuppression(
        rows=result_rows,
        hidden=hidden | derived_hidden,
        primary=named(outcome.primary),
        complementary=named(outcome.complementary),
        derived=derived_hidden,
        warnings=outcome.warnings,
    )


def suppress_dataframe(frame: Any, **options: Any) -> Any:
    """pandas adapter: same options as `suppress_rows`; returns a new DataFrame whose
    suppressed columns hold text."""
    import pandas as pd

    rows = frame.to_dict(orient="records")
    result = suppress_rows(rows, **options)
    return pd.DataFrame(result.rows, columns=list(frame.columns), index=frame.index)


def suppress_arrow(table: Any, **options: Any) -> Any:
    """pyarrow adapter: same options as `suppress_rows`; returns a new Table whose suppressed
    columns hold text."""
    import pyarrow as pa

    result = suppress_rows(table.to_pylist(), **options)
    touched = set(options.get("count_cols", ()))
    if options.get("total_col"):
        touched.add(options["total_col"])
    touched.update(spec.column for spec in options.get("rates", ()))
    touched.update((options.get("derived") or {}).keys())
    arrays = []
    for name in table.column_names:
        values = [row[name] for row in result.rows]
        if name in touched:
            values = [None if v is None else str(v) for v in values]
            arrays.append(pa.array(values, type=pa.string()))
        else:
            arrays.append(pa.array(values, type=table.schema.field(name).type))
    return pa.Table.from_arrays(arrays, names=table.column_names)


def suppress_di_rows(
    rows: Sequence[Mapping[str, Any]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    n_col: str = "n",
    successes_col: str = "successes",
    cohort_col: str = "cohort",
) -> TableSuppression:
    """Suppress a DI result table (one row per cohort and group, as `openpathways.analytics.di`
    produces): n and successes are the counts; every other column except the cohort and group
    names is computed from them and is hidden with them. Columns are protected within each
    cohort, whose totals the overall rate reveals."""
    if not rows:
        return TableSuppression([], set(), set(), set(), set(), [])
    labels = {cohort_col, "group", n_col, successes_col}
    computed = [col for col in rows[0] if col not in labels]
    return suppress_rows(
        rows,
        count_cols=[n_col, successes_col],
        derived={col: [n_col, successes_col] for col in computed},
        threshold=threshold,
        row_groups=lambda row: row.get(cohort_col, ""),
    )
