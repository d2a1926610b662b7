"""Small-cell suppression rules on plain rows, pandas and pyarrow tables (docs/metrics.md s. 4)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from openpathways.analytics.suppression import (
    EMPTY,
    SUPPRESSED,
    CellGroup,
    RateSpec,
    determined_cells,
    suppress_arrow,
    suppress_dataframe,
    suppress_grid,
    suppress_rows,
)

GENDER = [{"school": "Roosevelt HS", "Female": 120, "Male": 115, "Non-binary": 4, "Total": 239}]


def test_hiding_four_alone_is_not_enough() -> None:
    # Female 120, Male 115, Non-binary 4, total 239: the 4 would be 239 - 120 - 115.
    result = suppress_rows(GENDER, count_cols=["Female", "Male", "Non-binary"], total_col="Total")
    row = result.rows[0]
    assert row["Non-binary"] == SUPPRESSED
    assert row["Male"] == SUPPRESSED  # the next-smallest cell
    assert (row["Female"], row["Total"]) == ("120", "239")
    assert result.primary == {(0, "Non-binary")}
    assert result.complementary == {(0, "Male")}


def test_zero_shows_zero_and_missing_shows_dashes() -> None:
    rows: list[dict[str, object]] = [
        {"group": "A", "enrolled": 40, "completed": 0, "rate": 0.0},
        {"group": "B", "enrolled": 55, "completed": 30, "rate": 30 / 55},
        {"group": "C", "enrolled": None, "completed": None, "rate": None},
    ]
    result = suppress_rows(
        rows,
        count_cols=["enrolled", "completed"],
        rates=[RateSpec("rate", "completed", "enrolled")],
        column_totals="none",
    )
    assert result.rows[0]["completed"] == "0"
    assert result.rows[0]["rate"] == 0.0
    assert result.rows[2]["enrolled"] == EMPTY
    assert result.rows[2]["rate"] == EMPTY
    assert result.hidden == set()


def test_rates_gaps_and_flags_follow_their_counts() -> None:
    rows = [
        {"group": "A", "n": 400, "successes": 200, "rate": 0.5, "gap": 0.1, "di": False},
        {"group": "B", "n": 8, "successes": 2, "rate": 0.25, "gap": -0.15, "di": True},
        {"group": "C", "n": 300, "successes": 90, "rate": 0.3, "gap": -0.1, "di": True},
    ]
    result = suppress_rows(
        rows,
        count_cols=["n", "successes"],
        rates=[RateSpec("rate", "successes", "n")],
        derived={"gap": ["n", "successes"], "di": ["n", "successes"]},
    )
    b = result.rows[1]
    assert (b["n"], b["successes"], b["rate"], b["gap"], b["di"]) == ("*",) * 5
    # column protection: another group's n and successes are hidden too, with what they feed
    hidden_groups = {r for r, _ in result.complementary}
    assert hidden_groups == {2}
    assert result.rows[2]["rate"] == SUPPRESSED
    assert result.rows[2]["di"] == SUPPRESSED
    assert result.rows[0]["rate"] == 0.5


def test_denominator_zero_shows_dashes() -> None:
    rows: list[dict[str, object]] = [
        {"n": 0, "ok": 0, "rate": None},
        {"n": 50, "ok": 20, "rate": 0.4},
    ]
    result = suppress_rows(
        rows, count_cols=["n", "ok"], rates=[RateSpec("rate", "ok", "n")], column_totals="none"
    )
    assert result.rows[0]["rate"] == EMPTY
    assert result.rows[0]["n"] == "0"


@pytest.mark.parametrize(("threshold", "hidden"), [(9, False), (10, True), (30, True)])
def test_threshold_is_configurable(threshold: int, hidden: bool) -> None:
    outcome = suppress_grid([[10, 40]], threshold=threshold, column_totals="none")
    assert ((0, 0) in outcome.hidden) is hidden


def test_stable_across_rows_and_columns_with_margins() -> None:
    # rows: schools; columns: three groups and the row total; last row: column totals
    grid = [
        [20, 3, 30, 53],
        [15, 40, 12, 67],
        [25, 50, 60, 135],
        [60, 93, 102, 255],
    ]
    outcome = suppress_grid(grid, row_total_col=3, total_row=3)
    for group in outcome.groups:
        assert len([c for c in group.cells if c in outcome.hidden]) != 1
    assert determined_cells(outcome.groups, outcome.hidden) == set()


def test_chained_rows_and_columns_are_caught_by_the_audit() -> None:
    # Hidden cells forming a "dumbbell" (two cycles joined by one cell) satisfy the one-cell
    # rule in every row and column but the joining cell is still determined.
    hidden = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)}
    rows = [CellGroup(tuple((r, c) for c in range(4))) for r in range(4)]
    cols = [CellGroup(tuple((r, c) for r in range(4))) for c in range(4)]
    assert determined_cells(rows + cols, hidden) == {(0, 2)}


def test_dataframe_and_arrow_adapters() -> None:
    frame = pd.DataFrame(GENDER)
    out = suppress_dataframe(frame, count_cols=["Female", "Male", "Non-binary"], total_col="Total")
    assert out.loc[0, "Male"] == SUPPRESSED
    assert out.loc[0, "Female"] == "120"
    assert frame.loc[0, "Male"] == 115  # the input is left alone
    table = pa.Table.from_pylist(GENDER)
    arrow = suppress_arrow(table, count_cols=["Female", "Male", "Non-binary"], total_col="Total")
    assert arrow.column("Non-binary").to_pylist() == [SUPPRESSED]
    assert arrow.column("school").to_pylist() == ["Roosevelt HS"]
    assert arrow.schema.field("Male").type == pa.string()


def test_dataframe_with_missing_counts() -> None:
    frame = pd.DataFrame(
        {
            "group": ["A", "B", "C"],
            "n": [250, None, 40],
            "ok": [120, None, 7],
            "rate": [0.48, None, 0.175],
        }
    )
    out = suppress_dataframe(
        frame, count_cols=["n", "ok"], rates=[RateSpec("rate", "ok", "n")], column_totals="none"
    )
    assert list(out["n"]) == ["250", EMPTY, "40"]
    assert list(out["ok"]) == ["120", EMPTY, SUPPRESSED]
    assert list(out["rate"]) == [0.48, EMPTY, SUPPRESSED]
