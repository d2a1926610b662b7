"""The published analytics tables written the straightforward way in pandas: the baseline of
benchmarks/analytics_recompute.py, and a second, independent implementation of the definitions
of docs/metrics.md whose results must equal the Ibis ones (counts exactly, rates to 1e-9)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from openpathways.analytics.snapshot_schema import (
    COLLEGE_CREDIT_TYPES,
    GROUP_COLUMNS,
    OPPORTUNITY_TYPES,
    SUCCESS_GRADES,
    TABLES,
    table_path,
)

LABELS = [f"g_{c}" for c in GROUP_COLUMNS]


def load(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(table_path(folder, name)) for name in TABLES}


def _rate(num: pd.Series, den: pd.Series) -> pd.Series:
    return (num / den.where(den != 0)).astype("float64")


def _labels(students: pd.DataFrame) -> pd.DataFrame:
    out = students.copy()
    for column in GROUP_COLUMNS:
        values = students[column]
        if values.dtype == bool:
            out[f"g_{column}"] = np.where(values, "yes", "no")
        else:
            out[f"g_{column}"] = values.fillna("").replace("", "not_reported")
    return out


def _by_group(fine: pd.DataFrame, keys: list[str], sums: list[str]) -> pd.DataFrame:
    parts = []
    everyone = fine.groupby(keys, dropna=False)[sums].sum().reset_index()
    everyone["group_type"], everyone["group"] = "all", "all"
    parts.append(everyone)
    for column, label in zip(GROUP_COLUMNS, LABELS, strict=True):
        part = fine.groupby([*keys, label], dropna=False)[sums].sum().reset_index()
        part = part.rename(columns={label: "group"})
        part["group_type"] = column
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _with_totals(
    table: pd.DataFrame,
    keys: list[str],
    sums: list[str],
    levels: Sequence[str] = ("school_id", "district_id"),
) -> pd.DataFrame:
    parts = [table[[*keys, *sums]]]
    nulled: list[str] = []
    for level in levels:
        nulled.append(level)
        rest = [k for k in keys if k not in nulled]
        rolled = table.groupby(rest, dropna=False)[sums].sum().reset_index()
        for k in nulled:
            rolled[k] = np.nan
        parts.append(rolled[[*keys, *sums]])
    return pd.concat(parts, ignore_index=True)


def _dual_enrollment(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    e = t["enrollments"]
    keep = (
        (e["provider"] == "college")
        & e["credit_type"].isin(COLLEGE_CREDIT_TYPES)
        & (e["status"] != "dropped")
    )
    return e[keep]


def school_coverage_detail(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    schools = t["schools"]
    counted = schools[(schools["status"] == "active") & schools["serves_9_12"]]
    opps = t["opportunities"]
    years = pd.Series(
        sorted(set(opps["academic_year"]) | set(t["student_years"]["academic_year"])),
        name="academic_year",
    )
    base = counted[["district_id", "school_id", "name"]].merge(years.to_frame(), how="cross")
    base = base.rename(columns={"name": "school_name"})
    active = opps[opps["active"]]
    flags = (
        active.assign(flag=1)
        .pivot_table(
            index=["school_id", "academic_year"], columns="type", values="flag", aggfunc="max"
        )
        .reindex(columns=list(OPPORTUNITY_TYPES))
        .reset_index()
    )
    out = base.merge(flags, on=["school_id", "academic_year"], how="left")
    for kind in OPPORTUNITY_TYPES:
        out[kind] = out[kind].fillna(0).astype("int64")
    out["types_offered"] = out[list(OPPORTUNITY_TYPES)].sum(axis=1)
    out["at_least_one"] = (out["types_offered"] > 0).astype("int64")
    return out


def school_coverage(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    d = school_coverage_detail(t)
    d = d.rename(columns={k: f"schools_{k}" for k in OPPORTUNITY_TYPES})
    d["schools"] = 1
    d["schools_any"] = d["at_least_one"]
    sums = ["schools", *(f"schools_{k}" for k in OPPORTUNITY_TYPES), "schools_any"]
    per = d.groupby(["academic_year", "district_id"])[sums].sum().reset_index()
    overall = per.groupby("academic_year")[sums].sum().reset_index()
    overall["district_id"] = np.nan
    out = pd.concat([per, overall], ignore_index=True)
    for k in OPPORTUNITY_TYPES:
        out[f"rate_{k}"] = _rate(out[f"schools_{k}"], out["schools"])
    out["rate_any"] = _rate(out["schools_any"], out["schools"])
    return out


def unit_progress(t: dict[str, pd.DataFrame], *, as_of_year: int, fall: bool) -> pd.DataFrame:
    de = _dual_enrollment(t)
    earned = de["units_attempted"].where(de["grade"].isin(SUCCESS_GRADES), 0.0)
    under_way = de["units_attempted"].where((de["status"] == "enrolled") & (de["grade"] == ""), 0.0)
    per = (
        pd.DataFrame({"student_key": de["student_key"], "earned": earned, "under_way": under_way})
        .groupby("student_key")
        .sum()
    )
    s = _labels(t["students"]).merge(per, left_on="student_key", right_index=True, how="left")
    s["earned"] = s["earned"].fillna(0.0)
    s["under_way"] = s["under_way"].fillna(0.0)
    terms_left = ((s["cohort"] - 1 - as_of_year) * 2).clip(lower=0) + (1 if fall else 0)
    met = s["earned"] >= 12.0
    on_track = ~met & (s["earned"] + s["under_way"] + terms_left * 3.0 >= 12.0)
    current = (s["status"] == "enrolled") & (s["cohort"] > as_of_year)
    s = s.assign(
        students=1,
        graduates=s["graduated"].astype("int64"),
        graduates_12=(s["graduated"] & met).astype("int64"),
        enrolled=current.astype("int64"),
        enrolled_met=(current & met).astype("int64"),
        enrolled_on_track=(current & on_track).astype("int64"),
    )
    keys = ["cohort", "district_id", "school_id"]
    sums = ["students", "graduates", "graduates_12", "enrolled", "enrolled_met",
            "enrolled_on_track"]  # fmt: skip
    fine = s.groupby([*keys, *LABELS], dropna=False)[sums].sum().reset_index()
    out = _with_totals(_by_group(fine, keys, sums), [*keys, "group_type", "group"], sums)
    out["rate_graduates_12"] = _rate(out["graduates_12"], out["graduates"])
    out["rate_met_or_on_track"] = _rate(
        out["enrolled_met"] + out["enrolled_on_track"], out["enrolled"]
    )
    return out


def participation(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    sy = t["student_years"]
    sy = sy[(sy["grade"] >= 9) & (sy["grade"] <= 12)]
    de = _dual_enrollment(t)
    took = de[["student_key", "academic_year"]].drop_duplicates().assign(took=1)
    j = sy.merge(took, on=["student_key", "academic_year"], how="left")
    j = j.merge(_labels(t["students"])[["student_key", *LABELS]], on="student_key")
    j = j.merge(t["schools"][["school_id", "district_id"]], on="school_id", how="left")
    j["students"] = 1
    j["participants"] = j["took"].fillna(0).astype("int64")
    keys = ["academic_year", "district_id", "school_id"]
    sums = ["students", "participants"]
    fine = j.groupby([*keys, *LABELS], dropna=False)[sums].sum().reset_index()
    out = _with_totals(_by_group(fine, keys, sums), [*keys, "group_type", "group"], sums)
    out["rate"] = _rate(out["participants"], out["students"])
    return out


def success(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    de = _dual_enrollment(t)
    withdrawn = (de["grade"] == "W") | (de["status"] == "withdrawn")
    graded = de[(de["grade"] != "") | withdrawn]
    graded = graded.assign(
        successes=graded["grade"].isin(SUCCESS_GRADES).astype("int64"),
        withdrawals=((graded["grade"] == "W") | (graded["status"] == "withdrawn")).astype("int64"),
        enrollments=1,
    )
    students = _labels(t["students"])[["student_key", "school_id", *LABELS]]
    j = graded.merge(students, on="student_key")
    sy = t["student_years"][["student_key", "academic_year", "school_id"]].rename(
        columns={"school_id": "year_school"}
    )
    j = j.merge(sy, on=["student_key", "academic_year"], how="left")
    j["school_id"] = j["year_school"].fillna(j["school_id"]).astype("int64")
    j = j.merge(t["schools"][["school_id", "district_id"]], on="school_id", how="left")
    keys = ["academic_year", "term_code", "district_id", "school_id"]
    sums = ["enrollments", "successes", "withdrawals"]
    fine = j.groupby([*keys, *LABELS], dropna=False)[sums].sum().reset_index()
    out = _with_totals(_by_group(fine, keys, sums), [*keys, "group_type", "group"], sums)
    out["rate"] = _rate(out["successes"], out["enrollments"])
    out["withdrawal_rate"] = _rate(out["withdrawals"], out["enrollments"])
    return out


def cci_college_credit(t: dict[str, pd.DataFrame], *, as_of_year: int) -> pd.DataFrame:
    de = _dual_enrollment(t)
    counting = de[
        de["grade"].isin(SUCCESS_GRADES)
        & de["subject"].isin(["academic", "cte"])
        & de["term_kind"].isin(["semester", "quarter", "trimester"])
    ]
    sixths = (
        pd.Series(np.where(counting["term_kind"] == "semester", 3, 2), index=counting.index)
        .groupby(counting["student_key"])
        .sum()
        .rename("sixths")
    )
    s = _labels(t["students"]).merge(sixths, left_on="student_key", right_index=True, how="left")
    s["sixths"] = s["sixths"].fillna(0)
    s = s[s["cohort"] <= as_of_year]
    prepared = s["graduated"] & (s["sixths"] >= 6)
    approaching = s["graduated"] & (s["sixths"] >= 3) & ~prepared
    s = s.assign(
        cohort_students=1,
        graduates=s["graduated"].astype("int64"),
        prepared=prepared.astype("int64"),
        approaching=approaching.astype("int64"),
    )
    keys = ["cohort", "district_id", "school_id"]
    sums = ["cohort_students", "graduates", "prepared", "approaching"]
    fine = s.groupby([*keys, *LABELS], dropna=False)[sums].sum().reset_index()
    out = _with_totals(_by_group(fine, keys, sums), [*keys, "group_type", "group"], sums)
    out["rate_prepared"] = _rate(out["prepared"], out["cohort_students"])
    out["rate_approaching"] = _rate(out["approaching"], out["cohort_students"])
    return out


def compact_coverage(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    s = t["students"]
    s = s[s["status"] == "enrolled"]
    c = t["compacts"]
    active = c.loc[c["status"] == "active", ["district_id", "city_id"]].drop_duplicates()
    active = active.assign(compact=1)
    res = s.merge(
        active, left_on=["district_id", "residence_city_id"],
        right_on=["district_id", "city_id"], how="left",
    )  # fmt: skip
    schools = t["schools"][["school_id", "city_id"]].rename(columns={"city_id": "school_city"})
    loc = s.merge(schools, on="school_id", how="left").merge(
        active, left_on=["district_id", "school_city"],
        right_on=["district_id", "city_id"], how="left",
    )  # fmt: skip
    parts = []
    for basis, joined in (("residence", res), ("school_location", loc)):
        frame = joined.assign(
            students=1,
            covered=joined["compact"].notna().astype("int64"),
            unknown_residence=joined["residence_city_id"].isna().astype("int64"),
        )
        sums = ["students", "covered", "unknown_residence"]
        per = frame.groupby("district_id")[sums].sum().reset_index()
        overall = per[sums].sum().to_frame().T
        overall["district_id"] = np.nan
        block = pd.concat([per, overall], ignore_index=True)
        block["basis"] = basis
        parts.append(block)
    out = pd.concat(parts, ignore_index=True)
    out["rate"] = _rate(out["covered"], out["students"])
    return out


def _vendor_year(t: dict[str, pd.DataFrame], by_district: bool, rule: str = "all") -> pd.DataFrame:
    c = t["vendor_contracts"]
    placed = t["wbl_placements"]["academic_year"].dropna().astype("int64")
    known = set(t["student_years"]["academic_year"]) | set(placed)
    years = pd.DataFrame({"academic_year": sorted(known)})
    cy = c.merge(years, how="cross")
    start = pd.to_datetime(cy["academic_year"].astype(str) + "-07-01")
    end = pd.to_datetime((cy["academic_year"] + 1).astype(str) + "-06-30")
    keep = (
        (cy["status"] == "active")
        & (pd.to_datetime(cy["start_date"]) <= end)
        & (pd.to_datetime(cy["end_date"]) >= start)
        & ((cy["wbl_placements_committed"] > 0) | (cy["wbl_hours_committed"] > 0))
    )
    cy = cy[keep]
    p = t["wbl_placements"]
    p = p.assign(delivered=p["status"].isin(["placed", "active", "completed"]).astype("int64"))
    delivered = (
        p.groupby(["contract_id", "academic_year"])
        .agg(placements=("delivered", "sum"), hours=("hours_confirmed", "sum"))
        .reset_index()
    )
    j = cy.merge(delivered, on=["contract_id", "academic_year"], how="left")
    j["placements"] = j["placements"].fillna(0)
    j["hours"] = j["hours"].fillna(0.0)
    keys = ["academic_year", "vendor_id", "vendor_name"] + (["district_id"] if by_district else [])
    agg = (
        j.groupby(keys)
        .agg(
            contracts=("contract_id", "count"),
            placements_committed=("wbl_placements_committed", "sum"),
            placements_delivered=("placements", "sum"),
            hours_committed=("wbl_hours_committed", "sum"),
            hours_delivered=("hours", "sum"),
        )
        .reset_index()
    )
    ok_p = agg["placements_delivered"] >= agg["placements_committed"]
    ok_h = agg["hours_delivered"] >= agg["hours_committed"]
    agg["compliant"] = (ok_p & ok_h).astype("int64")
    if not by_district:
        agg["district_id"] = np.nan
    return agg


def vendor_wbl_detail(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _vendor_year(t, by_district=True)


def vendor_compliance(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    parts = []
    for by_district in (True, False):
        v = _vendor_year(t, by_district)
        parts.append(
            v.groupby(["academic_year", "district_id"], dropna=False)
            .agg(vendors=("vendor_id", "count"), compliant=("compliant", "sum"))
            .reset_index()
        )
    out = pd.concat(parts, ignore_index=True)
    out["rate"] = _rate(out["compliant"], out["vendors"])
    return out


def compute_all(t: dict[str, pd.DataFrame], *, as_of_year: int) -> dict[str, pd.DataFrame]:
    return {
        "school_coverage": school_coverage(t),
        "school_coverage_detail": school_coverage_detail(t),
        "unit_progress": unit_progress(t, as_of_year=as_of_year, fall=True),
        "participation": participation(t),
        "success": success(t),
        "cci_college_credit": cci_college_credit(t, as_of_year=as_of_year),
        "compact_coverage": compact_coverage(t),
        "vendor_compliance": vendor_compliance(t),
        "vendor_wbl_detail": vendor_wbl_detail(t),
    }
