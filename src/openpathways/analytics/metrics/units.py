"""12-unit progress (Vision 2030, metrics.md section 1).

Per student: college units earned with C- or better (or Pass) in dual-enrollment courses while in
high school (the course's units), and the units of dual-enrollment courses under way (enrolled,
no final grade yet). Graduates: share with at least 12 units. Students still enrolled: met (>= 12
already), on track (earned + under way + pace x terms left >= 12), or off track.

Terms left before graduation, counted in semesters after the current one: two per school year
between now and the cohort's senior year, plus the spring term when the snapshot is taken in the
fall. The pace (units a student can add per term) is a parameter, 3 by default (one course).
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


def student_units(tables: Tables, params: Params) -> ir.Table:
    """Per student (internal: student-level, never published): units earned and under way."""
    de = dual_enrollment(tables)
    earned = ibis.ifelse(is_success(de.grade), de.units_attempted, 0.0)
    under_way = ibis.ifelse((de.status == "enrolled") & (de.grade == ""), de.units_attempted, 0.0)
    per = de.group_by(u_key=de.student_key).aggregate(
        units_earned=earned.sum(), units_in_progress=under_way.sum()
    )
    s = tables["students"]
    joined = s.left_join(per, s.student_key == per.u_key)
    earned_units = joined.units_earned.fill_null(0.0)
    progress = joined.units_in_progress.fill_null(0.0)
    semesters_left = ((joined.cohort - 1 - params.as_of_year) * 2).clip(lower=0) + (
        1 if params.as_of_term == "fall" else 0
    )
    return joined.select(
        *s.columns,
        units_earned=earned_units,
        units_in_progress=progress,
        terms_left=semesters_left.cast("int64"),
        met=earned_units >= params.target_units,
        on_track=(earned_units < params.target_units)
        & (
            earned_units + progress + semesters_left * params.pace_units_per_term
            >= params.target_units
        ),
    )


UNIT_SUMS = (
    "students",
    "graduates",
    "graduates_12",
    "enrolled",
    "enrolled_met",
    "enrolled_on_track",
)
UNIT_KEYS = ("cohort", "district_id", "school_id")


def unit_progress(tables: Tables, params: Params) -> ir.Table:
    """Per cohort x district x school x group: graduates with >= 12 units and the on-track
    projection of students still enrolled (off track = enrolled - met - on track, left out so
    that a hidden cell cannot be recovered from the others)."""
    u = student_units(tables, params)
    current = (u.status == "enrolled") & (u.cohort > params.as_of_year)
    fine = u.group_by([*UNIT_KEYS, *GROUP_COLUMNS]).aggregate(
        students=u.count().cast("int64"),
        graduates=count(u.graduated),
        graduates_12=count(u.graduated & u.met),
        enrolled=count(current),
        enrolled_met=count(current & u.met),
        enrolled_on_track=count(current & u.on_track),
    )
    long = by_group(stage(tables, group_labels(fine)), UNIT_KEYS, UNIT_SUMS)
    t = with_totals(long, [*UNIT_KEYS, "group_type", "group"], UNIT_SUMS)
    return t.mutate(
        rate_graduates_12=rate(t.graduates_12, t.graduates),
        rate_met_or_on_track=rate(t.enrolled_met + t.enrolled_on_track, t.enrolled),
    )
