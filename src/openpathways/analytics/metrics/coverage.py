"""School coverage of the five opportunity types (metrics.md section 1).

A school counts when it is active and serves any of grades 9-12 (from its grade span); it is
covered for a type in a school year when it offers at least one active opportunity of that type.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from openpathways.analytics.metrics.common import Params, Tables, as_int, in_years, rate, total
from openpathways.analytics.snapshot_schema import OPPORTUNITY_TYPES


def school_coverage_detail(tables: Tables, params: Params) -> ir.Table:
    """One row per counted school and school year: a 0/1 column per type, the number of types
    offered and whether at least one is (the goal tracker's gap list)."""
    schools = tables["schools"]
    opps = in_years(tables["opportunities"], params)
    counted = schools.filter((schools.status == "active") & schools.serves_9_12)
    sy = in_years(tables["student_years"], params)
    # every school year with offers or students, so a year without any offer shows 0%
    years = ibis.union(
        opps.select(year=opps.academic_year), sy.select(year=sy.academic_year), distinct=True
    )
    base = counted.cross_join(years).select(
        academic_year=years.year,
        district_id=counted.district_id,
        school_id=counted.school_id,
        school_name=counted.name,
    )
    active = opps.filter(opps.active)
    offered = active.group_by(o_school=active.school_id, o_year=active.academic_year).aggregate(
        **{t: as_int(active.type == t).max() for t in OPPORTUNITY_TYPES}
    )
    joined = base.left_join(
        offered,
        (base.school_id == offered.o_school) & (base.academic_year == offered.o_year),
    )
    flags = {t: joined[t].fill_null(0).cast("int64") for t in OPPORTUNITY_TYPES}
    types_offered = sum(flags.values(), ibis.literal(0).cast("int64"))
    return joined.select(
        "academic_year",
        "district_id",
        "school_id",
        "school_name",
        **flags,
        types_offered=types_offered.cast("int64"),
        at_least_one=as_int(types_offered > 0),
    )


COVERAGE_SUMS = ("schools", *(f"schools_{t}" for t in OPPORTUNITY_TYPES), "schools_any")


def school_coverage(tables: Tables, params: Params) -> ir.Table:
    """Per school year and district (and over all districts): schools counted, schools offering
    each type and at least one of five, and the coverage rates (goal: 1.0)."""
    d = school_coverage_detail(tables, params)
    per_district = d.group_by("academic_year", "district_id").aggregate(
        schools=d.school_id.count().cast("int64"),
        **{f"schools_{t}": total(d[t]) for t in OPPORTUNITY_TYPES},
        schools_any=total(d.at_least_one),
    )
    overall = (
        per_district.group_by("academic_year")
        .aggregate(**{c: per_district[c].sum().cast("int64") for c in COVERAGE_SUMS})
        .mutate(district_id=ibis.null().cast("int64"))
    )
    both = ibis.union(
        per_district.select("academic_year", "district_id", *COVERAGE_SUMS),
        overall.select("academic_year", "district_id", *COVERAGE_SUMS),
    )
    return both.mutate(
        **{f"rate_{t}": rate(both[f"schools_{t}"], both.schools) for t in OPPORTUNITY_TYPES},
        rate_any=rate(both.schools_any, both.schools),
    )
