"""Participation (access): students in grades 9-12 in a school year with any dual-enrollment
enrollment (not dropped) in that year, over the students of the group in grades 9-12 that year
(metrics.md section 1). The school is the student's school that year."""

from __future__ import annotations

import ibis.expr.types as ir

from openpathways.analytics.metrics.common import (
    Params,
    Tables,
    by_group,
    count,
    dual_enrollment,
    group_labels,
    in_years,
    rate,
    school_district,
    stage,
    with_totals,
)
from openpathways.analytics.snapshot_schema import GROUP_COLUMNS

PARTICIPATION_KEYS = ("academic_year", "district_id", "school_id")
PARTICIPATION_SUMS = ("students", "participants")


def participation(tables: Tables, params: Params) -> ir.Table:
    sy = in_years(tables["student_years"], params)
    sy = sy.filter((sy.grade >= 9) & (sy.grade <= 12))
    de = dual_enrollment(tables)
    took = de.select(p_key=de.student_key, p_year=de.academic_year).distinct()
    students = tables["students"]
    sd = school_district(tables)
    j = (
        sy.left_join(took, (sy.student_key == took.p_key) & (sy.academic_year == took.p_year))
        .inner_join(students.select("student_key", *GROUP_COLUMNS), "student_key")
        .left_join(sd, "school_id")
    )
    fine = j.group_by([j.academic_year, j.district_id, j.school_id, *GROUP_COLUMNS]).aggregate(
        students=j.count().cast("int64"), participants=count(j.p_key.notnull())
    )
    long = by_group(stage(tables, group_labels(fine)), PARTICIPATION_KEYS, PARTICIPATION_SUMS)
    t = with_totals(long, [*PARTICIPATION_KEYS, "group_type", "group"], PARTICIPATION_SUMS)
    return t.mutate(rate=rate(t.participants, t.students))
