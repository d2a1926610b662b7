"""Success: dual-enrollment course enrollments completed with C- or better or Pass over those
with a final grade; withdrawals (W) count as not successful and are reported separately
(metrics.md section 1). Enrollments dropped before census and those without a final grade yet
are left out. The school is the student's school in the course's school year."""

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
    in_years,
    is_success,
    is_withdrawal,
    rate,
    school_district,
    stage,
    with_totals,
)
from openpathways.analytics.snapshot_schema import GROUP_COLUMNS

SUCCESS_KEYS = ("academic_year", "term_code", "district_id", "school_id")
SUCCESS_SUMS = ("enrollments", "successes", "withdrawals")


def success(tables: Tables, params: Params) -> ir.Table:
    de = in_years(dual_enrollment(tables), params)
    withdrawn = is_withdrawal(de.grade, de.status)
    graded = de.filter((de.grade != "") | withdrawn)
    graded = graded.mutate(
        ok=is_success(graded.grade), wd=is_withdrawal(graded.grade, graded.status)
    )
    sy = tables["student_years"].select(
        y_key="student_key", y_year="academic_year", y_school="school_id"
    )
    students = tables["students"].select("student_key", "school_id", *GROUP_COLUMNS)
    j = graded.inner_join(students, "student_key").left_join(
        sy, (graded.student_key == sy.y_key) & (graded.academic_year == sy.y_year)
    )
    j = j.mutate(school_id=ibis.coalesce(j.y_school, j.school_id))
    sd = school_district(tables)
    j = j.left_join(sd, "school_id")
    fine = j.group_by(
        [j.academic_year, j.term_code, j.district_id, j.school_id, *GROUP_COLUMNS]
    ).aggregate(enrollments=j.count().cast("int64"), successes=count(j.ok), withdrawals=count(j.wd))
    long = by_group(stage(tables, group_labels(fine)), SUCCESS_KEYS, SUCCESS_SUMS)
    t = with_totals(long, [*SUCCESS_KEYS, "group_type", "group"], SUCCESS_SUMS)
    return t.mutate(
        rate=rate(t.successes, t.enrollments),
        withdrawal_rate=rate(t.withdrawals, t.enrollments),
    )
