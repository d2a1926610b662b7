"""The metric definitions on small hand-made snapshots, where every figure can be checked by hand
(docs/metrics.md section 1). Run on DuckDB, the default engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from openpathways.analytics.engines import connect
from openpathways.analytics.engines.synthetic import rows_to_tables, write_tables
from openpathways.analytics.metrics.common import Params
from openpathways.analytics.tables import TABLES, publish

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


def compute(tmp_path: Path, rows: Rows, name: str, **params: Any) -> list[dict[str, Any]]:
    snapshot = write_tables(tmp_path / "snap", rows_to_tables(rows))
    engine = connect("duckdb", snapshot)
    try:
        result = engine.compute(name, engine.params(**params) if params else None)
    finally:
        engine.close()
    return result.to_pylist()


def pick(rows: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    found = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, f"{len(found)} rows match {where}"
    return found[0]


# --------------------------------------------------------------------------- school coverage


def test_school_coverage_counts_only_active_schools_serving_9_12(tmp_path: Path) -> None:
    rows: Rows = {
        "schools": [
            {"school_id": 1, "name": "A"},
            {"school_id": 2, "name": "B"},
            {"school_id": 3, "name": "Middle", "serves_9_12": False},
            {"school_id": 4, "name": "Closed", "status": "closed"},
        ],
        "opportunities": [
            {"opportunity_id": 1, "school_id": 1, "type": "college_credit", "academic_year": 2025},
            {"opportunity_id": 2, "school_id": 1, "type": "cte_pathway", "academic_year": 2025},
            {"opportunity_id": 3, "school_id": 1, "type": "cte_pathway", "academic_year": 2025},
            {
                "opportunity_id": 4,
                "school_id": 2,
                "type": "aa_degree",
                "academic_year": 2025,
                "active": False,
            },
            {"opportunity_id": 5, "school_id": 3, "type": "aa_degree", "academic_year": 2025},
            {"opportunity_id": 6, "school_id": 4, "type": "aa_degree", "academic_year": 2025},
        ],
    }
    detail = compute(tmp_path, rows, "school_coverage_detail")
    assert [r["school_id"] for r in detail] == [1, 2]
    a, b = detail
    assert (a["college_credit"], a["cte_pathway"], a["aa_degree"], a["types_offered"]) == (
        1,
        1,
        0,
        2,
    )
    assert (b["types_offered"], b["at_least_one"]) == (0, 0)  # withdrawn offer: a gap

    summary = pick(compute(tmp_path / "2", rows, "school_coverage"), district_id=1)
    assert summary["schools"] == 2
    assert summary["schools_cte_pathway"] == 1  # two pathways at one school count once
    assert summary["rate_any"] == 0.5
    assert summary["rate_aa_degree"] == 0.0


# --------------------------------------------------------------------------- participation


def _students(n: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"student_key": k, "school_id": 1, **extra} for k in range(1, n + 1)]


def test_participation_counts_students_with_any_dual_enrollment_not_dropped(
    tmp_path: Path,
) -> None:
    students = _students(4)
    students[3]["race_ethnicity"] = "black"
    rows: Rows = {
        "schools": [{"school_id": 1}],
        "students": students,
        "student_years": [
            {"student_key": 1, "academic_year": 2025, "school_id": 1, "grade": 11},
            {"student_key": 2, "academic_year": 2025, "school_id": 1, "grade": 11},
            {"student_key": 3, "academic_year": 2025, "school_id": 1, "grade": 12},
            {"student_key": 4, "academic_year": 2025, "school_id": 1, "grade": 10},
            {"student_key": 4, "academic_year": 2024, "school_id": 1, "grade": 8},  # not 9-12
        ],
        "enrollments": [
            # two courses: one participant
            {"student_key": 1, "section_id": 1, "grade": "A"},
            {"student_key": 1, "section_id": 2, "grade": "F"},
            # dropped before census: not a participant
            {"student_key": 2, "section_id": 3, "status": "dropped"},
            # adult education, no college credit: not dual enrollment
            {
                "student_key": 3,
                "section_id": 4,
                "provider": "adult_ed",
                "credit_type": "high_school",
            },
            {"student_key": 4, "section_id": 5, "status": "enrolled"},
        ],
    }
    result = compute(tmp_path, rows, "participation")
    everyone = pick(result, academic_year=2025, school_id=1, group_type="all")
    assert (everyone["students"], everyone["participants"]) == (4, 2)
    assert everyone["rate"] == 0.5
    black = pick(result, academic_year=2025, school_id=1, group="black")
    assert (black["students"], black["participants"], black["rate"]) == (1, 1, 1.0)
    latino = pick(result, academic_year=2025, school_id=1, group="hispanic")
    assert (latino["students"], latino["participants"]) == (3, 1)
    # the groups of each type add up to everyone
    for group_type in ("race_ethnicity", "english_learner", "gender"):
        block = [r for r in result if r["group_type"] == group_type and r["school_id"] == 1]
        assert sum(r["students"] for r in block) == 4
    # district and overall totals
    assert (
        pick(result, academic_year=2025, school_id=None, district_id=1, group="all")["students"]
        == 4
    )
    assert not [r for r in result if r["academic_year"] == 2024]


# --------------------------------------------------------------------------- success


def test_success_counts_withdrawals_as_not_successful_and_reports_them(tmp_path: Path) -> None:
    marks = ["A", "C-", "P", "D", "NP", "W", "", "C"]
    rows: Rows = {
        "schools": [{"school_id": 1}],
        "students": _students(1),
        "student_years": [{"student_key": 1, "academic_year": 2025, "school_id": 1, "grade": 12}],
        "enrollments": [
            {
                "student_key": 1,
                "section_id": i,
                "grade": mark,
                "status": "withdrawn" if mark == "W" else ("enrolled" if not mark else "completed"),
            }
            for i, mark in enumerate(marks[:-1], start=1)
        ]
        + [{"student_key": 1, "section_id": 99, "grade": "C", "status": "dropped"}],
    }
    row = pick(
        compute(tmp_path, rows, "success"), term_code="2025FA", school_id=1, group_type="all"
    )
    # graded: A, C-, P, D, NP, W (no final grade yet and dropped are out)
    assert (row["enrollments"], row["successes"], row["withdrawals"]) == (6, 3, 1)
    assert row["rate"] == pytest.approx(0.5, abs=0)
    assert row["withdrawal_rate"] == 1 / 6


# --------------------------------------------------------------------------- 12-unit progress


def test_unit_progress_counts_c_minus_or_pass_in_dual_enrollment_only(tmp_path: Path) -> None:
    grads = [
        {"student_key": k, "school_id": 1, "cohort": 2025, "status": "graduated", "graduated": True}
        for k in (1, 2, 3)
    ]
    current = [
        # senior in the fall: terms left = 1 (spring) -> needs 12 - 3 = 9 already
        {"student_key": 10, "school_id": 1, "cohort": 2026, "grade": 12},
        {"student_key": 11, "school_id": 1, "cohort": 2026, "grade": 12},
        # ninth grader: 7 terms left at 3 units each: on track with nothing yet
        {"student_key": 12, "school_id": 1, "cohort": 2029, "grade": 9},
    ]

    def course(key: int, section: int, mark: str, units: float = 4.0, **extra: Any) -> dict:
        return {
            "student_key": key,
            "section_id": section,
            "grade": mark,
            "units_attempted": units,
            "academic_year": 2024,
            "term_code": "2024FA",
            **extra,
        }

    rows: Rows = {
        "schools": [{"school_id": 1}],
        "students": [*grads, *current],
        "enrollments": [
            # 1: 12 units with C-, P, A -> counts
            course(1, 1, "C-"),
            course(1, 2, "P"),
            course(1, 3, "A"),
            # 2: a D does not count; 8 units
            course(2, 4, "B"),
            course(2, 5, "D"),
            course(2, 6, "A"),
            # 3: adult-education and high-school-credit courses never count
            course(3, 7, "A", provider="adult_ed"),
            course(3, 8, "A", credit_type="high_school"),
            course(3, 9, "A"),
            course(3, 10, "A"),
            # 10: 6 earned + 3 under way = 9 = 12 - 1 x 3: on track
            course(10, 11, "A", units=6.0),
            course(10, 12, "", units=3.0, status="enrolled", academic_year=2025),
            # 11: 3 earned, nothing under way: off track
            course(11, 13, "B", units=3.0),
        ],
    }
    result = compute(tmp_path, rows, "unit_progress")
    grads_row = pick(result, cohort=2025, school_id=1, group_type="all")
    assert (grads_row["graduates"], grads_row["graduates_12"]) == (3, 1)
    assert grads_row["rate_graduates_12"] == 1 / 3
    seniors = pick(result, cohort=2026, school_id=1, group_type="all")
    assert (seniors["enrolled"], seniors["enrolled_met"], seniors["enrolled_on_track"]) == (
        2,
        0,
        1,
    )
    ninth = pick(result, cohort=2029, school_id=1, group_type="all")
    assert ninth["enrolled_on_track"] == 1
    # with a slower assumed pace the ninth grader is no longer on track
    slow = compute(tmp_path / "slow", rows, "unit_progress", pace_units_per_term=1.0)
    assert pick(slow, cohort=2029, school_id=1, group_type="all")["enrolled_on_track"] == 0


# --------------------------------------------------------------------------- compacts


def test_compact_coverage_keeps_unknown_residence_in_the_denominator_only(
    tmp_path: Path,
) -> None:
    rows: Rows = {
        "schools": [{"school_id": 1, "city_id": 200}],
        "cities": [{"city_id": 100, "name": "Bell"}, {"city_id": 200, "name": "Vernon"}],
        "compacts": [
            {"compact_id": 1, "district_id": 1, "city_id": 100},
            {"compact_id": 2, "district_id": 1, "city_id": 200, "status": "expired"},
            {"compact_id": 3, "district_id": 9, "city_id": 200},  # another district's compact
        ],
        "students": [
            {"student_key": 1, "school_id": 1, "residence_city_id": 100},
            {"student_key": 2, "school_id": 1, "residence_city_id": 100},
            {"student_key": 3, "school_id": 1, "residence_city_id": 200},
            {"student_key": 4, "school_id": 1, "residence_city_id": None},  # unincorporated
            {"student_key": 5, "school_id": 1, "residence_city_id": 100, "status": "left"},
        ],
    }
    result = compute(tmp_path, rows, "compact_coverage")
    residence = pick(result, basis="residence", district_id=1)
    assert (residence["students"], residence["covered"], residence["unknown_residence"]) == (
        4,
        2,
        1,
    )
    assert residence["rate"] == 0.5
    location = pick(result, basis="school_location", district_id=1)
    assert (location["students"], location["covered"]) == (4, 0)  # Vernon's compact expired


# --------------------------------------------------------------------------- vendors


def test_vendor_compliance_needs_every_commitment_met_by_default(tmp_path: Path) -> None:
    contracts: list[dict[str, Any]] = [
        # vendor 1: 2 placements committed, 2 delivered -> complies
        {"contract_id": 1, "vendor_id": 1, "wbl_placements_committed": 2},
        # vendor 2: 1 placement and 100 hours; 1 placement, 40 hours -> only "any"
        {
            "contract_id": 2,
            "vendor_id": 2,
            "wbl_placements_committed": 1,
            "wbl_hours_committed": 100,
        },
        # vendor 3: no obligation -> not counted
        {"contract_id": 3, "vendor_id": 3},
        # vendor 4: obligation but the contract ended the year before -> not counted
        {
            "contract_id": 4,
            "vendor_id": 4,
            "wbl_placements_committed": 5,
            "start_date": dt.date(2024, 7, 1),
            "end_date": dt.date(2025, 6, 30),
        },
    ]
    placements: list[dict[str, Any]] = [
        {"placement_id": 1, "contract_id": 1, "student_key": 1, "academic_year": 2025},
        {"placement_id": 2, "contract_id": 1, "student_key": 2, "academic_year": 2025},
        {"placement_id": 3, "contract_id": 1, "student_key": 3, "status": "withdrawn",
         "academic_year": 2025},
        {"placement_id": 4, "contract_id": 2, "student_key": 4, "academic_year": 2025,
         "hours_confirmed": 40.0},
    ]  # fmt: skip
    rows: Rows = {
        "student_years": [{"student_key": 1, "academic_year": 2025, "school_id": 1, "grade": 11}],
        "vendor_contracts": contracts,
        "wbl_placements": placements,
    }
    summary = pick(compute(tmp_path, rows, "vendor_compliance"), district_id=1)
    assert (summary["vendors"], summary["compliant"]) == (2, 1)
    lenient = compute(tmp_path / "any", rows, "vendor_compliance", vendor_rule="any")
    assert pick(lenient, district_id=1)["compliant"] == 2
    detail = compute(tmp_path / "detail", rows, "vendor_wbl_detail")
    v2 = pick(detail, vendor_id=2)
    assert (v2["placements_delivered"], v2["hours_delivered"], v2["compliant"]) == (1, 40.0, 0)
    # vendor 4's contract ran in 2024-25: a placement that year makes the year appear, although
    # the snapshot has grade levels for 2025 only
    placements.append({"placement_id": 5, "contract_id": 4, "student_key": 5,
                       "academic_year": 2024})  # fmt: skip
    earlier = compute(tmp_path / "earlier", rows, "vendor_compliance")
    v4_year = pick(earlier, academic_year=2024, district_id=1)
    assert (v4_year["vendors"], v4_year["compliant"]) == (1, 0)


# --------------------------------------------------------------------------- publish


def test_publish_hides_small_groups_and_the_rates_computed_from_them(tmp_path: Path) -> None:
    n = 40
    students = _students(n)
    for s in students[:4]:
        s["race_ethnicity"] = "black"
    for s in students[4:10]:
        s["race_ethnicity"] = "asian"
    rows: Rows = {
        "schools": [{"school_id": 1}],
        "students": students,
        "student_years": [
            {"student_key": k, "academic_year": 2025, "school_id": 1, "grade": 11}
            for k in range(1, n + 1)
        ],
        "enrollments": [{"student_key": k, "section_id": k} for k in range(1, n + 1, 2)],
    }
    computed = compute(tmp_path, rows, "participation")
    published = publish("participation", pa.Table.from_pylist(computed))
    rows_out = published.rows
    black = pick(rows_out, school_id=1, group="black")
    assert black["students"] == "*"
    assert black["rate"] == "*"
    everyone = pick(rows_out, school_id=1, group_type="all")
    assert everyone["students"] == "40"
    assert isinstance(everyone["rate"], float)  # unrounded until display
    # the computed table itself keeps every value
    assert pick(computed, school_id=1, group="black")["students"] == 4


def test_every_published_table_has_keys_that_identify_its_rows(tmp_path: Path) -> None:
    from openpathways.analytics.engines.synthetic import SIZES, write_snapshot

    snapshot = write_snapshot(tmp_path / "tiny", SIZES["tiny"], seed=3)
    engine = connect("duckdb", snapshot)
    params: Params = engine.params()
    for name, spec in TABLES.items():
        rows = engine.compute(name, params).to_pylist()
        assert rows, name
        keys = [tuple(r[k] for k in spec.keys) for r in rows]
        assert len(keys) == len(set(keys)), name
        published = publish(name, engine.compute(name, params))
        assert len(published.rows) == len(rows)


def test_publish_protects_school_cells_against_the_district_total(tmp_path: Path) -> None:
    """A small group at one school is not recoverable as district total minus the other schools."""
    students: list[dict[str, Any]] = []
    years: list[dict[str, Any]] = []
    key = 0
    for school, black in ((1, 4), (2, 30), (3, 30)):
        for i in range(black + 40):
            key += 1
            race = "black" if i < black else "hispanic"
            students.append({"student_key": key, "school_id": school, "race_ethnicity": race})
            years.append({"student_key": key, "academic_year": 2025, "school_id": school,
                          "grade": 11})  # fmt: skip
    rows: Rows = {
        "schools": [{"school_id": s} for s in (1, 2, 3)],
        "students": students,
        "student_years": years,
    }
    computed = compute(tmp_path, rows, "participation")
    shown = publish("participation", pa.Table.from_pylist(computed)).rows

    def students_of(school: int | None, group: str) -> Any:
        return pick(shown, school_id=school, district_id=1, group=group)["students"]

    assert students_of(1, "black") == "*"
    column = [students_of(s, "black") for s in (1, 2, 3)] + [students_of(None, "black")]
    assert column.count("*") >= 2  # 4 = 64 - 30 - 30 no longer


def test_no_published_sum_has_exactly_one_hidden_cell(tmp_path: Path) -> None:
    from openpathways.analytics.engines.synthetic import SIZES, write_snapshot
    from openpathways.analytics.tables import _published_sums

    engine = connect("duckdb", write_snapshot(tmp_path / "tiny", SIZES["tiny"], seed=4))
    try:
        computed = engine.compute_all()
    finally:
        engine.close()
    for name, spec in TABLES.items():
        rows = computed[name].to_pylist()
        shown = publish(name, computed[name]).rows
        for parts, total in _published_sums(spec, rows):
            for col in spec.count_cols:
                hidden = [r for r in (*parts, total) if shown[r][col] == "*"]
                assert len(hidden) != 1, (name, col, parts, total)
