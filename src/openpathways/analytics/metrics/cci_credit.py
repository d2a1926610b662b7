"""College/Career Indicator, college-credit route (metrics.md section 2), as Ibis expressions.

The same rules as `openpathways.analytics.cci` (its default `combined` term rule): a college
course counts when it carries college credit, was passed with C- or better or Pass, is in an
academic or CTE subject and was taken in a semester, quarter or trimester; a semester counts as
three sixths of a school year, a quarter or trimester as two. Six sixths make Prepared, three
Approaching Prepared. Only graduates reach a level; the denominator is the whole graduation
cohort, so non-graduates count as Not Prepared. tests/analytics/test_metrics_cci.py checks that
both implementations agree student by student.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from openpathways.analytics.metrics.common import (
    Params,
    Tables,
    by_group,
    count,
    dual_enrollment,
    group_labels,
    is_success,
    rate,
    stage,
    with_totals,
)
from openpathways.analytics.snapshot_schema import GROUP_COLUMNS

PREPARED_SIXTHS = 6
APPROACHING_SIXTHS = 3


def student_cci_college_credit(tables: Tables, params: Params) -> ir.Table:
    """Per student (internal): sixths of a school year of counting college courses and the
    college-credit level: `prepared`, `approaching` or `not_prepared`."""
    de = dual_enrollment(tables)
    counting = de.filter(
        is_success(de.grade)
        & de.subject.isin(["academic", "cte"])
        & de.term_kind.isin(["semester", "quarter", "trimester"])
    )
    sixths = ibis.ifelse(counting.term_kind == "semester", 3, 2)
    per = counting.group_by(c_key=counting.student_key).aggregate(sixths=sixths.sum().cast("int64"))
    s = tables["students"]
    j = s.left_join(per, s.student_key == per.c_key)
    total = j.sixths.fill_null(0).cast("int64")
    level = ibis.cases(
        (~j.graduated, "not_prepared"),
        (total >= PREPARED_SIXTHS, "prepared"),
        (total >= APPROACHING_SIXTHS, "approaching"),
        else_="not_prepared",
    )
    return j.select(*s.columns, sixths=total, cci_college_credit=level)


CCI_KEYS = ("cohort", "district_id", "school_id")
CCI_SUMS = ("cohort_students", "graduates", "prepared", "approaching")


def cci_college_credit(tables: Tables, params: Params) -> ir.Table:
    """Per graduation cohort x district x school x group: the cohort, its graduates, and those
    Prepared or Approaching Prepared through college credit, with rates over the cohort."""
    u = student_cci_college_credit(tables, params)
    u = u.filter(u.cohort <= params.as_of_year)  # cohorts that have graduated
    fine = u.group_by([*CCI_KEYS, *GROUP_COLUMNS]).aggregate(
        cohort_students=u.count().cast("int64"),
        graduates=count(u.graduated),
        prepared=count(u.cci_college_credit == "prepared"),
        approaching=count(u.cci_college_credit == "approaching"),
    )
    long = by_group(stage(tables, group_labels(fine)), CCI_KEYS, CCI_SUMS)
    t = with_totals(long, [*CCI_KEYS, "group_type", "group"], CCI_SUMS)
    return t.mutate(
        rate_prepared=rate(t.prepared, t.cohort_students),
        rate_approaching=rate(t.approaching, t.cohort_students),
    )
