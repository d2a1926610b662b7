"""Education Compact coverage (metrics.md section 1).

By residence: enrolled students whose residence city has an active compact with their district,
over all enrolled students of the district; students with unknown or unincorporated residence
count in the denominator only (and are reported in `unknown_residence`). By school location
(labelled `school_location`): students whose school's city has an active compact with the
district, over the same students.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from openpathways.analytics.metrics.common import Params, Tables, count, rate

COMPACT_SUMS = ("students", "covered", "unknown_residence")


def _totals(per_district: ir.Table, basis: str) -> ir.Table:
    cols = ("district_id", *COMPACT_SUMS)
    overall = per_district.aggregate(
        **{c: per_district[c].sum().cast("int64") for c in COMPACT_SUMS}
    ).mutate(district_id=ibis.null().cast("int64"))
    return ibis.union(per_district.select(*cols), overall.select(*cols)).mutate(
        basis=ibis.literal(basis)
    )


def compact_coverage(tables: Tables, params: Params) -> ir.Table:
    s = tables["students"]
    s = s.filter(s.status == "enrolled")
    c = tables["compacts"]
    active = (
        c.filter(c.status == "active").select(c_district=c.district_id, c_city=c.city_id).distinct()
    )
    schools = tables["schools"].select(sch_id="school_id", sch_city="city_id")

    res = s.left_join(
        active, (s.district_id == active.c_district) & (s.residence_city_id == active.c_city)
    )
    by_res = res.group_by("district_id").aggregate(
        students=res.count().cast("int64"),
        covered=count(res.c_city.notnull()),
        unknown_residence=count(res.residence_city_id.isnull()),
    )
    loc = s.left_join(schools, s.school_id == schools.sch_id)
    loc = loc.left_join(
        active, (loc.district_id == active.c_district) & (loc.sch_city == active.c_city)
    )
    by_loc = loc.group_by("district_id").aggregate(
        students=loc.count().cast("int64"),
        covered=count(loc.c_city.notnull()),
        unknown_residence=count(loc.residence_city_id.isnull()),
    )
    t = ibis.union(_totals(by_res, "residence"), _totals(by_loc, "school_location"))
    t = t.select("basis", "district_id", *COMPACT_SUMS)
    return t.mutate(rate=rate(t.covered, t.students))
