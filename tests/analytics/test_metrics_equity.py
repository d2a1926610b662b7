"""Disproportionate impact on the published group tables, its suppression, and the English and
Spanish labels of every published table."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from openpathways.analytics import di
from openpathways.analytics.engines import connect
from openpathways.analytics.engines.synthetic import (
    SIZES,
    rows_to_tables,
    write_snapshot,
    write_tables,
)
from openpathways.analytics.metrics import labels
from openpathways.analytics.metrics.equity import disproportionate_impact, publish_di
from openpathways.analytics.tables import TABLES


def _school(tmp_path: Path) -> Any:
    """One school: 100 Latino students (12 take a college course), 100 Asian (50), 20 Filipino
    (11), 5 Black (2): 75 participants of 225."""
    students: list[dict[str, object]] = []
    years: list[dict[str, object]] = []
    courses: list[dict[str, object]] = []
    plan = [("hispanic", 100, 12), ("asian", 100, 50), ("filipino", 20, 11), ("black", 5, 2)]
    key = 0
    for race, n, takers in plan:
        for i in range(n):
            key += 1
            students.append({"student_key": key, "school_id": 1, "race_ethnicity": race})
            years.append({"student_key": key, "academic_year": 2025, "school_id": 1, "grade": 11})
            if i < takers:
                courses.append({"student_key": key, "section_id": key, "grade": "A"})
    rows: dict[str, list[dict[str, object]]] = {
        "schools": [{"school_id": 1}],
        "students": students,
        "student_years": years,
        "enrollments": courses,
    }
    engine = connect("duckdb", write_tables(tmp_path / "snap", rows_to_tables(rows)))
    try:
        return engine.compute("participation")
    finally:
        engine.close()


def test_ppg_flags_the_group_below_the_reference_with_students_needed(tmp_path: Path) -> None:
    table = _school(tmp_path)
    rows = disproportionate_impact("participation", table, group_types=["race_ethnicity"])
    school = {r["group"]: r for r in rows if r["school_id"] == 1}
    latino = school["hispanic"]
    # reference (overall PPG) = 75 / 225; MOE (2017) = max(1.96 * sqrt(0.25 / 100), 0.03) = 0.098
    assert latino["reference"] == pytest.approx(75 / 225, abs=1e-12)
    assert latino["moe"] == pytest.approx(0.098, abs=1e-12)
    assert latino["di"] is True
    reference = 75 / 225
    assert latino["needed_to_lose_flag"] == math.ceil((reference - 0.12 - 0.098) * 100)
    assert latino["needed_for_parity"] == math.ceil((reference - 0.12) * 100)
    assert school["asian"]["di"] is False
    # every block is its own cohort: the district row of the same year is computed apart
    district = [r for r in rows if r["school_id"] is None and r["district_id"] == 1]
    assert {r["group"] for r in district} == {"hispanic", "asian", "filipino", "black"}


def test_other_methods_and_references_pass_through(tmp_path: Path) -> None:
    table = _school(tmp_path)
    ppg1 = disproportionate_impact(
        "participation", table, group_types=["race_ethnicity"],
        reference=di.Reference(kind="all-but-current"),
    )  # fmt: skip
    latino = next(r for r in ppg1 if r["group"] == "hispanic" and r["school_id"] == 1)
    assert latino["reference"] == pytest.approx(63 / 125, abs=1e-12)
    pi = disproportionate_impact(
        "participation", table, method="pi", group_types=["race_ethnicity"]
    )
    latino_pi = next(r for r in pi if r["group"] == "hispanic" and r["school_id"] == 1)
    assert latino_pi["index"] == pytest.approx((12 / 75) / (100 / 225), abs=1e-12)


def test_published_di_hides_small_groups_and_their_flags(tmp_path: Path) -> None:
    table = _school(tmp_path)
    rows = [r for r in disproportionate_impact("participation", table,
                                                group_types=["race_ethnicity"])
            if r["school_id"] == 1]  # fmt: skip
    shown = {r["group"]: r for r in publish_di(rows).rows}
    assert shown["black"]["n"] == "*"
    assert shown["black"]["di"] == "*"
    assert shown["black"]["needed_for_parity"] == "*"
    assert shown["hispanic"]["n"] == "100"
    assert shown["hispanic"]["di"] is True
    # the groups add up to the school's participants and students: the next-smallest group is
    # hidden too, so the small one cannot be recovered by subtraction
    assert shown["filipino"]["successes"] == "*"
    assert shown["filipino"]["n"] == "*"
    assert shown["filipino"]["di"] == "*"
    assert shown["asian"]["n"] == "100"


def test_every_published_table_and_group_has_english_and_spanish_labels(tmp_path: Path) -> None:
    engine = connect("duckdb", write_snapshot(tmp_path / "tiny", SIZES["tiny"], seed=2))
    try:
        computed = engine.compute_all()
    finally:
        engine.close()
    for name, table in computed.items():
        assert set(labels.TITLES[name]) == {"en", "es"}
        for column in table.column_names:
            entry = labels.COLUMNS.get(column)
            assert entry is not None, f"{name}.{column} has no label"
            assert (entry["es"] and entry["es"] != entry["en"]) or column in ("filipino",), column
        if "group_type" in table.column_names:
            for group_type, group in zip(
                table.column("group_type").to_pylist(),
                table.column("group").to_pylist(),
                strict=True,
            ):
                assert group_type in labels.GROUP_TYPES
                assert group in labels.GROUPS, group
    assert set(labels.TITLES) == set(TABLES)
    assert labels.label(labels.GROUPS, "hispanic", "es") == "Hispano o latino"
    assert labels.label(labels.GROUPS, "hispanic", "fr") == "Hispanic or Latino"
