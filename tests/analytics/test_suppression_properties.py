"""Properties of complementary suppression, checked by an attacker that knows the rules.

The attacker sees every visible cell and every published total and repeatedly fills in any row or
column with exactly one unknown (total minus visible cells, or the sum of the parts for a hidden
total), reusing what it recovers. After suppression it must recover nothing. An independent
rank test (numpy) also checks that no hidden cell is fixed by the totals in combination.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.analytics.suppression import (
    _bridge_determined,
    _grid_groups,
    _rref_determined,
    is_small,
    suppress_grid,
)

counts = st.one_of(st.integers(0, 12), st.integers(0, 200))


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 5))
    return [[draw(counts) for _ in range(n_cols)] for _ in range(n_rows)]


def with_margins(body: list[list[int]]) -> list[list[int]]:
    rows = [[*r, sum(r)] for r in body]
    totals = [sum(col) for col in zip(*rows, strict=True)]
    return [*rows, totals]


def subtraction_attack(
    grid: list[list[int]], hidden: set[tuple[int, int]], equations: list[tuple[list, tuple | None]]
) -> set[tuple[int, int]]:
    """Cells the attacker pins down by subtracting visible cells from visible totals.

    `equations`: (part cells, total cell or None when the total is published elsewhere).
    """
    known = {
        (r, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if (r, c) not in hidden
    }
    recovered: set[tuple[int, int]] = set()
    progress = True
    while progress:
        progress = False
        for parts, total_cell in equations:
            unknown = [c for c in [*parts, *([total_cell] if total_cell else [])] if c not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            if total_cell is None:
                total = sum(grid[r][c] for r, c in parts)  # published elsewhere
                value = total - sum(known[p] for p in parts if p != cell)
            elif cell == total_cell:
                value = sum(known[p] for p in parts)
            else:
                value = known[total_cell] - sum(known[p] for p in parts if p != cell)
            assert value == grid[cell[0]][cell[1]]  # the attack is sound
            known[cell] = value
            recovered.add(cell)
            progress = True
    return recovered


def determined_by_rank(equations: list[list[float]], hidden: list[tuple[int, int]]) -> set:
    if not equations or not hidden:
        return set()
    matrix = np.array(equations, dtype=float)
    rank = np.linalg.matrix_rank(matrix)
    fixed = set()
    for i, cell in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            fixed.add(cell)
    return fixed


def margin_equations(n_rows: int, n_cols: int) -> list[tuple[list, tuple | None]]:
    """Rows and columns of a table whose last row and last column are totals."""
    eqs: list[tuple[list, tuple | None]] = [
        ([(r, c) for c in range(n_cols - 1)], (r, n_cols - 1)) for r in range(n_rows)
    ]
    eqs += [([(r, c) for r in range(n_rows - 1)], (n_rows - 1, c)) for c in range(n_cols)]
    return eqs


def rank_rows(eqs: list[tuple[list, tuple | None]], hidden: list) -> list[list[float]]:
    index = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for parts, total in eqs:
        row = [0.0] * len(hidden)
        for p in parts:
            if p in index:
                row[index[p]] = 1.0
        if total is not None and total in index:
            row[index[total]] = -1.0
        if any(row):
            rows.append(row)
    return rows


@settings(max_examples=300, deadline=None)
@given(body=tables(), threshold=st.sampled_from([9, 10, 30]))
def test_nothing_recoverable_with_row_and_column_totals(body: list[list[int]], threshold: int):
    grid = with_margins(body)
    n_rows, n_cols = len(grid), len(grid[0])
    outcome = suppress_grid(
        grid, threshold=threshold, row_total_col=n_cols - 1, total_row=n_rows - 1
    )
    hidden = outcome.hidden
    # every small count is hidden; nothing small stays visible
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            assert ((r, c) in hidden) or not is_small(v, threshold)
    eqs = margin_equations(n_rows, n_cols)
    recoverable = subtraction_attack(grid, hidden, eqs)
    assert outcome.warnings == []
    assert recoverable == set()
    ordered = sorted(hidden)
    assert determined_by_rank(rank_rows(eqs, ordered), ordered) == set()


@settings(max_examples=300, deadline=None)
@given(body=tables())
def test_nothing_recoverable_with_totals_published_elsewhere(body: list[list[int]]) -> None:
    n_rows, n_cols = len(body), len(body[0])
    outcome = suppress_grid(body, row_totals=True, column_totals="implicit")
    eqs: list[tuple[list, tuple | None]] = []
    if n_cols > 1:
        eqs += [([(r, c) for c in range(n_cols)], None) for r in range(n_rows)]
    if n_rows > 1:
        eqs += [([(r, c) for r in range(n_rows)], None) for c in range(n_cols)]
    assert outcome.warnings == []
    assert subtraction_attack(body, outcome.hidden, eqs) == set()
    ordered = sorted(outcome.hidden)
    assert determined_by_rank(rank_rows(eqs, ordered), ordered) == set()


@given(body=tables())
def test_suppression_only_adds(body: list[list[int]]) -> None:
    # complementary cells come on top of the small ones; nothing small is ever shown
    outcome = suppress_grid(with_margins(body), row_total_col=len(body[0]), total_row=len(body))
    assert outcome.primary <= outcome.hidden
    assert outcome.hidden == outcome.primary | outcome.complementary


def test_the_attacker_recovers_what_primary_suppression_alone_leaves() -> None:
    # Female 120, Male 115, Non-binary 4, total 239 (row), hiding only the 4.
    grid = [[120, 115, 4, 239]]
    eqs: list[tuple[list, tuple | None]] = [([(0, 0), (0, 1), (0, 2)], (0, 3))]
    assert subtraction_attack(grid, {(0, 2)}, eqs) == {(0, 2)}
    # the same with the total published elsewhere, and chained through a column
    body = [[20, 3], [15, 40]]
    implicit: list[tuple[list, tuple | None]] = [
        ([(0, 0), (0, 1)], None),
        ([(1, 0), (1, 1)], None),
        ([(0, 0), (1, 0)], None),
        ([(0, 1), (1, 1)], None),
    ]
    assert subtraction_attack(body, {(0, 1), (0, 0)}, implicit) == {(0, 0), (0, 1)}
    assert determined_by_rank(rank_rows(implicit, [(0, 0), (0, 1)]), [(0, 0), (0, 1)]) == {
        (0, 0),
        (0, 1),
    }


@settings(max_examples=300, deadline=None)
@given(
    body=tables(),
    shape=st.sampled_from(["margins", "implicit", "row-total"]),
    data=st.data(),
)
def test_graph_audit_agrees_with_exact_elimination(
    body: list[list[int]], shape: str, data: st.DataObject
) -> None:
    # The linear-time bridge criterion and rational Gaussian elimination decide the same cells,
    # for any set of hidden cells (not only the ones suppression would choose).
    n_rows, n_cols = len(body), len(body[0])
    if shape == "margins":
        groups = _grid_groups(
            (n_rows + 1, n_cols + 1),
            row_total_col=n_cols,
            total_row=n_rows,
            column_totals="implicit",
            row_totals=False,
        )
        cells = [(r, c) for r in range(n_rows + 1) for c in range(n_cols + 1)]
    elif shape == "implicit":
        groups = _grid_groups(
            (n_rows, n_cols),
            row_total_col=None,
            total_row=None,
            column_totals="implicit",
            row_totals=True,
        )
        cells = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    else:
        groups = _grid_groups(
            (n_rows, n_cols + 1),
            row_total_col=n_cols,
            total_row=None,
            column_totals="implicit",
            row_totals=False,
        )
        cells = [(r, c) for r in range(n_rows) for c in range(n_cols + 1)]
    hidden = set(data.draw(st.lists(st.sampled_from(cells), unique=True)))
    fast = _bridge_determined(groups, hidden)
    assert fast is not None
    assert fast == _rref_determined(groups, hidden)
