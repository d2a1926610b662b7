# ruff: noqa: E501 - translatable sentences stay whole on one line for the message catalog
"""Selectors of the analytics dashboards: who may see them and what each one shows.

`dashboard_get(actor=..., name=..., params=..., language=...)` returns a `Dashboard` (tables,
charts, filters). Every table is computed from the analytics definitions on DuckDB over the
snapshot and is published with small-cell suppression as its last step. Only district
administrators (and superusers) may ask for the internal view (`view=internal`), which shows
unsuppressed figures of their own district on screen; exports are always suppressed.

The view data is cached in memory by snapshot fingerprint, dashboard, filters, view and language.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from openpathways.accounts.models import Role
from openpathways.analytics.metrics import labels
from openpathways.analytics.metrics.common import ALL
from openpathways.analytics.snapshot_schema import GROUP_COLUMNS, OPPORTUNITY_TYPES
from openpathways.dashboards import charts
from openpathways.dashboards.shown import (
    COUNT,
    FLAG,
    MARK,
    POINTS,
    RATE,
    TEXT,
    Column,
    Dashboard,
    Filter,
    ShownTable,
    chart_value,
)
from openpathways.dashboards.snapshot import SnapshotInfo, snapshot_ensure
from openpathways.dashboards.tables import DiOptions, di_rows, school_names, table_rows

DASHBOARDS = ("goals", "equity", "compacts", "vendors")
#: Roles that see the dashboards (suppressed aggregates); city partners see the compacts one.
DASHBOARD_ROLES = frozenset({Role.ANALYST, Role.DISTRICT_ADMIN})
PARTNER_DASHBOARDS: Mapping[str, frozenset[str]] = {Role.CITY_PARTNER: frozenset({"compacts"})}

DI_METHODS = ("ppg", "pi", "80")
DI_REFERENCES = ("all-but-current", "overall", "highest")
DI_MOES = ("2017", "proportion")


def dashboards_for(actor: Any) -> tuple[str, ...]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ()
    if actor.is_superuser or actor.role in DASHBOARD_ROLES:
        return DASHBOARDS
    allowed = PARTNER_DASHBOARDS.get(actor.role, frozenset())
    return tuple(d for d in DASHBOARDS if d in allowed)


def can_view_internal(actor: Any) -> bool:
    """Staff who may read the student records behind the figures: unsuppressed on screen."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.role == Role.DISTRICT_ADMIN)


# --------------------------------------------------------------------------- cache

_view_lock = threading.Lock()
_views: OrderedDict[tuple[Any, ...], Dashboard] = OrderedDict()
VIEW_CACHE_SIZE = 256


def view_cache_clear() -> None:
    with _view_lock:
        _views.clear()


def dashboard_get(
    *,
    actor: Any,
    name: str,
    params: Mapping[str, str],
    language: str = "en",
    export: bool = False,
) -> Dashboard:
    """The dashboard `name` as `actor` may see it, for the filters in `params`."""
    if name not in dashboards_for(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Your role does not see this dashboard."))
    info = snapshot_ensure()
    internal = not export and params.get("view") == "internal" and can_view_internal(actor)
    district = _own_district(actor) if internal else None
    clean = {k: str(v) for k, v in sorted(params.items()) if k in _FILTER_NAMES}
    key = (info.fingerprint, name, tuple(clean.items()), internal, district, language)
    with _view_lock:
        if key in _views:
            _views.move_to_end(key)
            return _views[key]
    with translation.override(language):
        board = BUILDERS[name](info, clean, language, internal, district)
        when = info.exported_at
        board.snapshot_at = when.strftime("%Y-%m-%d %H:%M UTC") if when else ""
        if can_view_internal(actor) and not export:
            view_options = [("", _("Published (suppressed)")),
                            ("internal", _("Internal (not suppressed)"))]  # fmt: skip
            board.filters.append(
                Filter("view", _("View"), view_options, "internal" if internal else "")
            )
    with _view_lock:
        _views[key] = board
        while len(_views) > VIEW_CACHE_SIZE:
            _views.popitem(last=False)
    return board


def _own_district(actor: Any) -> int | None:
    if actor.is_superuser:
        return None
    return int(actor.organization_id) if actor.organization_id else -1


_FILTER_NAMES = {
    "year",
    "term",
    "school",
    "group_type",
    "cohort",
    "method",
    "reference",
    "moe",
    "view",
}


# --------------------------------------------------------------------------- helpers


def _col(key: str, kind: str, language: str) -> Column:
    return Column(key, labels.label(labels.COLUMNS, key, language), kind)


def _group_label(row: Mapping[str, Any], language: str) -> str:
    if row.get("group_type") == ALL:
        return labels.label(labels.GROUP_TYPES, ALL, language)
    return labels.label(labels.GROUPS, str(row.get("group")), language)


def _choice(value: str | None, options: list[tuple[str, str]], default: str) -> str:
    allowed = {v for v, _label in options}
    return value if value in allowed else default


def _school_options(
    info: SnapshotInfo, district: int | None, present: set[int]
) -> list[tuple[str, str]]:
    names = school_names(info)
    everyone = _("All schools") if district is None else _("All schools of your district")
    options = [("", everyone)]
    chosen = [
        (str(sid), names[sid][0])
        for sid in present
        if sid in names and (district is None or names[sid][1] == district)
    ]
    return options + sorted(chosen, key=lambda o: o[1])


def _in_scope(row: Mapping[str, Any], school: int | None, district: int | None) -> bool:
    """The rows of one school, or of 'all schools': the overall total (published view) or the
    district total (internal view of a district administrator)."""
    if school is not None:
        return row.get("school_id") == school and (
            district is None or row.get("district_id") == district
        )
    if district is None:
        return row.get("school_id") is None and row.get("district_id") is None
    return row.get("school_id") is None and row.get("district_id") == district


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _group_type_filter(value: str | None, language: str) -> Filter:
    options = [(g, labels.label(labels.GROUP_TYPES, g, language)) for g in GROUP_COLUMNS]
    return Filter("group_type", _("Student groups"), options,
                  _choice(value, options, "race_ethnicity"))  # fmt: skip


def _suppression_notes(suppressed: bool) -> list[str]:
    if suppressed:
        return [
            _(
                "Counts of 1 to 10 students are shown as *, with the rates and flags computed "
                "from them; a second cell is hidden where needed so the first cannot be worked "
                "out from a total. -- marks an empty denominator."
            )
        ]
    return [
        _(
            "Internal view: figures are not suppressed. Do not share this screen; exports are "
            "always suppressed."
        )
    ]


# --------------------------------------------------------------------------- goal tracker


def _goals(
    info: SnapshotInfo, p: Mapping[str, str], lang: str, internal: bool, district: int | None
) -> Dashboard:
    suppressed = not internal
    coverage = table_rows(info, "school_coverage", suppressed=suppressed).rows
    detail = table_rows(info, "school_coverage_detail", suppressed=suppressed).rows
    units = table_rows(info, "unit_progress", suppressed=suppressed).rows
    names = school_names(info)

    years = sorted({r["academic_year"] for r in coverage}, reverse=True)
    year_opts = [(str(y), f"{y}-{(y + 1) % 100:02d}") for y in years]
    year = _choice(p.get("year"), year_opts, year_opts[0][0] if year_opts else "")
    cohorts = sorted({r["cohort"] for r in units}, reverse=True)
    cohort_opts = [(str(c), str(c)) for c in cohorts]
    with_grads = [
        str(r["cohort"]) for r in units
        if r["school_id"] is None and r["group_type"] == ALL and isinstance(r["graduates"], int)
        and r["graduates"] > 0
    ]  # fmt: skip
    cohort = _choice(p.get("cohort"), cohort_opts, max(with_grads) if with_grads else
                     (cohort_opts[0][0] if cohort_opts else ""))  # fmt: skip
    present = {r["school_id"] for r in units if r["school_id"] is not None}
    school_opts = _school_options(info, district, present)
    school_value = _choice(p.get("school"), school_opts, "")
    school = _int(school_value)
    gt = _group_type_filter(p.get("group_type"), lang)
    filters = [
        Filter("year", _("School year (coverage)"), year_opts, year),
        Filter("cohort", _("Graduation cohort (12 units)"), cohort_opts, cohort),
        Filter("school", _("School"), school_opts, school_value),
        gt,
    ]
    tables: list[ShownTable] = []

    # 1. coverage of the five types
    cov = next(
        (r for r in coverage if str(r["academic_year"]) == year
         and r["district_id"] == (district if district is not None else None)),
        None,
    )  # fmt: skip
    cov_rows = []
    if cov is not None:
        for t in (*OPPORTUNITY_TYPES, "any"):
            label = (labels.label(labels.COLUMNS, t, lang) if t != "any"
                     else _("At least one of the five"))  # fmt: skip
            cov_rows.append({"type": label, "schools_with": cov[f"schools_{t}"],
                             "schools": cov["schools"], "rate": cov[f"rate_{t}"]})  # fmt: skip
    title = _("Schools serving grades 9-12 that offer each opportunity type")
    tables.append(
        ShownTable(
            "coverage", title,
            [Column("type", _("Opportunity type")), Column("schools_with", _("Schools offering it"), COUNT),
             Column("schools", _("Schools serving grades 9-12"), COUNT), Column("rate", _("Coverage"), RATE)],
            cov_rows, lang,
            description=_("Goal: 100% of schools serving grades 9-12 offer at least one of the five types."),
            chart=charts.bar_rates(
                title, _("Coverage of each opportunity type; the dashed line is the goal of 100%."),
                [{"category": r["type"], "value": chart_value(r["rate"])} for r in cov_rows],
                category_title=_("Opportunity type"), value_title=_("Coverage"),
                reference=1.0, reference_title=_("Goal"),
            ),
        )
    )  # fmt: skip

    # 2. each school by the five types, and the gap list
    school_rows = []
    for r in detail:
        if str(r["academic_year"]) != year or (
            district is not None and r["district_id"] != district
        ):
            continue
        school_rows.append({"school": r["school_name"], **{t: r[t] for t in OPPORTUNITY_TYPES},
                            "types_offered": r["types_offered"], "at_least_one": r["at_least_one"]})  # fmt: skip
    school_rows.sort(key=lambda r: (r["types_offered"], r["school"]))
    gaps = [r for r in school_rows if not r["at_least_one"]]
    tables.append(
        ShownTable(
            "gaps", _("Gap list: schools that offer none of the five types"),
            [Column("school", _("School"))],
            [{"school": r["school"]} for r in gaps], lang,
            description=_("Schools serving grades 9-12 with no opportunity of any of the five types this year."),
        )
    )  # fmt: skip
    tables.append(
        ShownTable(
            "schools", _("Each school serving grades 9-12 by the five types"),
            [Column("school", _("School")),
             *[Column(t, labels.label(labels.COLUMNS, t, lang), MARK) for t in OPPORTUNITY_TYPES],
             Column("types_offered", _("Types offered"), COUNT)],
            school_rows, lang,
            description=_("Schools with the fewest types first."),
        )
    )  # fmt: skip

    # 3. 12-unit progress by school (all students) and by group (the chosen school)
    unit_cols = [
        _col("graduates", COUNT, lang), _col("graduates_12", COUNT, lang),
        _col("rate_graduates_12", RATE, lang), _col("enrolled", COUNT, lang),
        _col("enrolled_met", COUNT, lang), _col("enrolled_on_track", COUNT, lang),
        _col("rate_met_or_on_track", RATE, lang),
    ]  # fmt: skip
    by_school = []
    for r in units:
        if str(r["cohort"]) != cohort or r["group_type"] != ALL or r["school_id"] is None:
            continue
        if district is not None and r["district_id"] != district:
            continue
        by_school.append({"school": names.get(r["school_id"], (str(r["school_id"]),))[0], **r})
    by_school.sort(key=lambda r: r["school"])
    tables.append(
        ShownTable(
            "units_schools", _("12-unit progress by school (cohort %(cohort)s)") % {"cohort": cohort},
            [Column("school", _("School")), *unit_cols], by_school, lang,
            description=_("Graduates with 12 or more college units (C- or better, or Pass) and students already at 12 units or on track."),
        )
    )  # fmt: skip
    by_group = [
        {"group_label": _group_label(r, lang), **r}
        for r in units
        if str(r["cohort"]) == cohort and r["group_type"] in (ALL, gt.value)
        and _in_scope(r, school, district)
    ]  # fmt: skip
    scope_name = dict(school_opts).get(school_value, "")
    title = _("12-unit progress by student group: %(scope)s") % {"scope": scope_name}
    metric = (
        "rate_graduates_12"
        if any(isinstance(r["graduates"], int) and r["graduates"] for r in by_group)
        else "rate_met_or_on_track"
    )
    tables.append(
        ShownTable(
            "units_groups", title, [Column("group_label", _("Student group")), *unit_cols],
            by_group, lang,
            chart=charts.bar_rates(
                title, labels.label(labels.COLUMNS, metric, lang),
                [{"category": r["group_label"], "value": chart_value(r[metric])} for r in by_group],
                category_title=_("Student group"), value_title=labels.label(labels.COLUMNS, metric, lang),
            ),
        )
    )  # fmt: skip
    return Dashboard(
        "goals", _("Goal tracker"),
        _("The district's goal: every school serving grades 9-12 offers at least one of five opportunity types. The state's goal: every student graduates with at least 12 college units."),
        filters, tables, suppressed, notes=_suppression_notes(suppressed),
    )  # fmt: skip


# --------------------------------------------------------------------------- equity


def _di_columns(method: str, lang: str) -> list[Column]:
    """The flag and the students needed first (they matter most), then the figures behind them."""
    if method == "pi":
        middle = [Column("share_of_successes", _("Share of successes"), RATE),
                  Column("share_of_group", _("Share of students"), RATE),
                  Column("index", _("Proportionality index"), TEXT)]  # fmt: skip
    elif method == "80":
        middle = [Column("rate", _("Rate"), RATE), Column("reference", _("Reference rate"), RATE),
                  Column("index", _("80% index"), TEXT)]  # fmt: skip
    else:
        middle = [Column("rate", _("Rate"), RATE), Column("reference", _("Reference rate"), RATE),
                  Column("gap", _("Gap (percentage points)"), POINTS),
                  Column("moe", _("Margin of error (points)"), POINTS)]  # fmt: skip
    return [
        Column("group_label", _("Student group")),
        Column("n", _("Students (n)"), COUNT),
        Column("successes", _("Successes"), COUNT),
        Column("di", _("Disproportionate impact"), FLAG),
        Column("needed_to_lose_flag", _("Students needed to lose the flag"), COUNT),
        Column("needed_for_parity", _("Students needed for parity"), COUNT),
        *middle,
    ]


def _round_index(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        if isinstance(r.get("index"), float):
            r["index"] = f"{r['index']:.3f}"


def _equity_section(
    info: SnapshotInfo, *, name: str, block: Callable[[Mapping[str, Any]], bool],
    group_type: str, school: int | None, district: int | None, options: DiOptions,
    suppressed: bool, lang: str, scope: str, period: str,
) -> list[ShownTable]:  # fmt: skip
    rows = table_rows(info, name, suppressed=suppressed).rows
    shown = [
        {"group_label": _group_label(r, lang), **r}
        for r in rows
        if block(r) and r["group_type"] in (ALL, group_type) and _in_scope(r, school, district)
    ]
    if name == "participation":
        cols = [Column("group_label", _("Student group")), _col("students", COUNT, lang),
                _col("participants", COUNT, lang), Column("rate", _("Participation rate"), RATE)]  # fmt: skip
        title = _("Access: dual-enrollment participation by group, %(scope)s, %(period)s")
        di_title = _("Access gap: disproportionate impact in participation, %(scope)s, %(period)s")
    else:
        cols = [Column("group_label", _("Student group")), _col("enrollments", COUNT, lang),
                _col("successes", COUNT, lang), Column("rate", _("Success rate"), RATE),
                _col("withdrawals", COUNT, lang), _col("withdrawal_rate", RATE, lang)]  # fmt: skip
        title = _("Success: dual-enrollment course success by group, %(scope)s, %(period)s")
        di_title = _(
            "Success gap: disproportionate impact in course success, %(scope)s, %(period)s"
        )
    values = {"scope": scope, "period": period}
    dis = [
        {"group_label": labels.label(labels.GROUPS, str(r["group"]), lang), **r}
        for r in di_rows(info, name, options, suppressed=suppressed).rows
        if block(r) and r["group_type"] == group_type and _in_scope(r, school, district)
    ]
    _round_index(dis)
    overall = next((r for r in shown if r["group_type"] == ALL), None)
    reference = chart_value(overall["rate"]) if overall else None
    flag = {True: _("Disproportionate impact"), False: _("No disproportionate impact")}
    chart_rows = []
    for r in dis:
        value = chart_value(r.get("rate", r.get("share_of_successes")))
        status = (
            flag.get(r["di"], _("Hidden (small group)"))
            if isinstance(r["di"], bool)
            else _("Hidden (small group)")
        )
        chart_rows.append({"category": r["group_label"], "value": value, "status": status})
    hidden = [r["group_label"] for r in dis if not isinstance(r["di"], bool)]
    desc = _(
        "Rate of each group; red bars are groups with disproportionate impact; the dashed line is the rate of all students."
    )
    if hidden:
        desc += " " + _("Not drawn (small groups): %(groups)s.") % {"groups": ", ".join(hidden)}
    key = "access" if name == "participation" else "success"
    return [
        ShownTable(key, title % values, cols, shown, lang),
        ShownTable(
            f"{key}_di", di_title % values, _di_columns(options.method, lang), dis, lang,
            description=_("Method: %(method)s; reference: %(reference)s; margin of error: %(moe)s.") % {
                "method": dict(_method_options()).get(options.method, options.method),
                "reference": dict(_reference_options()).get(options.reference, options.reference),
                "moe": dict(_moe_options()).get(options.moe, options.moe)},
            chart=charts.bar_rates(
                di_title % values, desc, chart_rows,
                category_title=_("Student group"),
                value_title=_("Share of successes") if options.method == "pi" else _("Rate"),
                reference=None if options.method == "pi" else reference,
                reference_title=_("All students"),
                color_field="status", color_title=_("Disproportionate impact"),
            ),
        ),
    ]  # fmt: skip


def _method_options() -> list[tuple[str, str]]:
    return [("ppg", _("Percentage point gap (PPG)")), ("pi", _("Proportionality index")),
            ("80", _("80% index"))]  # fmt: skip


def _reference_options() -> list[tuple[str, str]]:
    return [("all-but-current", _("All other students (PPG-1)")),
            ("overall", _("All students (2017 PPG)")), ("highest", _("Highest group"))]  # fmt: skip


def _moe_options() -> list[tuple[str, str]]:
    return [("2017", _("2017 default (at least 3 points)")),
            ("proportion", _("Proportion-based (at least 2 points)"))]  # fmt: skip


def _trend(
    info: SnapshotInfo, *, name: str, period_key: str, group_type: str, school: int | None,
    district: int | None, suppressed: bool, lang: str, scope: str,
) -> ShownTable:  # fmt: skip
    rows = table_rows(info, name, suppressed=suppressed).rows
    picked = [
        {"period": str(r[period_key]), "group_label": _group_label(r, lang), **r}
        for r in rows
        if r["group_type"] in (ALL, group_type) and _in_scope(r, school, district)
    ]
    picked.sort(key=lambda r: (r["period"], r["group_type"] != ALL, r["group_label"]))
    if name == "participation":
        title = _("Trend: participation rate by school year and group, %(scope)s")
        cols = [Column("period", _("School year")), Column("group_label", _("Student group")),
                _col("students", COUNT, lang), _col("participants", COUNT, lang),
                Column("rate", _("Participation rate"), RATE)]  # fmt: skip
        key, period_title = "access_trend", _("School year")
    else:
        title = _("Trend: course success rate by term and group, %(scope)s")
        cols = [Column("period", _("Term")), Column("group_label", _("Student group")),
                _col("enrollments", COUNT, lang), _col("successes", COUNT, lang),
                Column("rate", _("Success rate"), RATE)]  # fmt: skip
        key, period_title = "success_trend", _("Term")
    title = title % {"scope": scope}
    return ShownTable(
        key, title, cols, picked, lang, row_header=False,
        chart=charts.line_rates(
            title, _("Rate of each group over time; hidden (small-group) values are not drawn."),
            [{"period": r["period"], "series": r["group_label"], "value": chart_value(r["rate"])}
             for r in picked],
            period_title=period_title, value_title=_("Rate"), series_title=_("Student group"),
        ),
    )  # fmt: skip


#: Order of the terms within a school year (by the season suffix of the term code).
_SEASONS = {"FA": 0, "WI": 1, "SP": 2, "SU": 3}


def _terms_latest_first(rows: list[dict[str, Any]]) -> list[str]:
    years = {r["term_code"]: r["academic_year"] for r in rows}
    return sorted(years, key=lambda t: (years[t], _SEASONS.get(t[-2:], 9), t), reverse=True)


def _equity(
    info: SnapshotInfo, p: Mapping[str, str], lang: str, internal: bool, district: int | None
) -> Dashboard:
    suppressed = not internal
    part = table_rows(info, "participation", suppressed=suppressed).rows
    succ = table_rows(info, "success", suppressed=suppressed).rows
    years = sorted({r["academic_year"] for r in part}, reverse=True)
    year_opts = [(str(y), f"{y}-{(y + 1) % 100:02d}") for y in years]
    year = _choice(p.get("year"), year_opts, year_opts[0][0] if year_opts else "")
    term_opts = [(t, t) for t in _terms_latest_first(succ)]
    graded = [
        r["term_code"] for r in succ
        if r["school_id"] is None and r["district_id"] is None and r["group_type"] == ALL
        and isinstance(r["enrollments"], int | str) and str(r["enrollments"]).isdigit()
        and int(r["enrollments"]) > 0
    ]  # fmt: skip
    latest = next(
        (t for t, _label in term_opts if t in graded), term_opts[0][0] if term_opts else ""
    )
    term = _choice(p.get("term"), term_opts, latest)
    present = {r["school_id"] for r in part if r["school_id"] is not None}
    school_opts = _school_options(info, district, present)
    school_value = _choice(p.get("school"), school_opts, "")
    school = _int(school_value)
    gt = _group_type_filter(p.get("group_type"), lang)
    method = _choice(p.get("method"), _method_options(), "ppg")
    reference = _choice(p.get("reference"), _reference_options(), "all-but-current")
    if method == "80" and p.get("reference") is None:
        reference = "highest"
    moe = _choice(p.get("moe"), _moe_options(), "2017")
    options = DiOptions(method, reference, moe)
    filters = [
        Filter("school", _("School"), school_opts, school_value),
        Filter("year", _("School year (access)"), year_opts, year),
        Filter("term", _("Term (success)"), term_opts, term),
        gt,
        Filter("method", _("Disproportionate impact method"), _method_options(), method),
        Filter("reference", _("Compared with"), _reference_options(), reference),
        Filter("moe", _("Margin of error"), _moe_options(), moe),
    ]
    scope = dict(school_opts).get(school_value, "")
    year_label = dict(year_opts).get(year, year)
    common = {"group_type": gt.value, "school": school, "district": district, "options": options,
              "suppressed": suppressed, "lang": lang, "scope": scope}  # fmt: skip
    tables = [
        *_equity_section(info, name="participation", period=year_label,
                         block=lambda r: str(r["academic_year"]) == year, **common),  # type: ignore[arg-type]
        *_equity_section(info, name="success", period=term,
                         block=lambda r: r["term_code"] == term, **common),  # type: ignore[arg-type]
        _trend(info, name="participation", period_key="academic_year", group_type=gt.value,
               school=school, district=district, suppressed=suppressed, lang=lang, scope=scope),
        _trend(info, name="success", period_key="term_code", group_type=gt.value,
               school=school, district=district, suppressed=suppressed, lang=lang, scope=scope),
    ]  # fmt: skip
    notes = _suppression_notes(suppressed)
    notes.append(
        _(
            'A group has disproportionate impact when its rate plus the margin of error is at or below the reference rate (percentage point gap), or when its index is below 0.8. "Students needed" counts the additional successes that would lose the flag or reach parity.'
        )
    )
    return Dashboard(
        "equity", _("Equity dashboard"),
        _("Access (participation in dual enrollment) and success (courses completed with C- or better, or Pass) by student group, school and term, with the California Community Colleges' disproportionate impact methods."),
        filters, tables, suppressed, notes=notes,
    )  # fmt: skip


# --------------------------------------------------------------------------- compacts


def _compacts(
    info: SnapshotInfo, p: Mapping[str, str], lang: str, internal: bool, district: int | None
) -> Dashboard:
    suppressed = not internal
    rows = table_rows(info, "compact_coverage", suppressed=suppressed).rows
    shown = [
        {"basis_label": _("Where students live") if r["basis"] == "residence"
         else _("Where their school is (school location)"), **r}
        for r in rows if r["district_id"] == district
    ]  # fmt: skip
    title = _("Students covered by an Education Compact")
    table = ShownTable(
        "coverage", title,
        [Column("basis_label", _("Counted by")), _col("students", COUNT, lang),
         _col("covered", COUNT, lang), _col("unknown_residence", COUNT, lang),
         Column("rate", _("Coverage"), RATE)],
        shown, lang,
        description=_("By residence: students whose city of residence has an active compact; students with unknown or unincorporated residence count in the denominator only. By school location, labelled as such."),
        chart=charts.bar_rates(
            title, _("Share of students covered, by residence and by school location."),
            [{"category": r["basis_label"], "value": chart_value(r["rate"])} for r in shown],
            category_title=_("Counted by"), value_title=_("Coverage"),
        ),
    )  # fmt: skip
    return Dashboard(
        "compacts", _("Education Compacts coverage"),
        _("Cities with an active Education Compact, and the share of students they cover."),
        [], [table], suppressed, notes=_suppression_notes(suppressed),
    )  # fmt: skip


# --------------------------------------------------------------------------- vendors


def _vendors(
    info: SnapshotInfo, p: Mapping[str, str], lang: str, internal: bool, district: int | None
) -> Dashboard:
    suppressed = not internal
    summary = [r for r in table_rows(info, "vendor_compliance", suppressed=suppressed).rows
               if r["district_id"] == district]  # fmt: skip
    detail = table_rows(info, "vendor_wbl_detail", suppressed=suppressed).rows
    years = sorted({r["academic_year"] for r in summary}, reverse=True)
    year_opts = [(str(y), f"{y}-{(y + 1) % 100:02d}") for y in years]
    year = _choice(p.get("year"), year_opts, year_opts[0][0] if year_opts else "")
    title = _("Vendors meeting their work-based learning commitments, by school year")
    trend = [{"year_label": dict(year_opts).get(str(r["academic_year"]), ""), **r}
             for r in sorted(summary, key=lambda r: r["academic_year"])]  # fmt: skip
    vendors = [r for r in detail if str(r["academic_year"]) == year
               and (district is None or r["district_id"] == district)]  # fmt: skip
    vendors.sort(key=lambda r: (r["compliant"] == 1, str(r["vendor_name"])))
    tables = [
        ShownTable(
            "compliance", title,
            [Column("year_label", _("School year")), _col("vendors", COUNT, lang),
             _col("compliant", COUNT, lang), Column("rate", _("Compliance"), RATE)],
            trend, lang,
            description=_("Vendors with an active contract that carries a work-based learning obligation and delivered at least the committed placements and hours."),
            chart=charts.bar_rates(
                title, _("Share of vendors that met their commitments, by school year."),
                [{"category": r["year_label"], "value": chart_value(r["rate"])} for r in trend],
                category_title=_("School year"), value_title=_("Compliance"),
            ),
        ),
        ShownTable(
            "vendors", _("Work-based learning committed and delivered, by vendor (%(year)s)") % {"year": dict(year_opts).get(year, year)},
            [_col("vendor_name", TEXT, lang), _col("contracts", COUNT, lang),
             _col("placements_committed", COUNT, lang), _col("placements_delivered", COUNT, lang),
             _col("hours_committed", COUNT, lang), _col("hours_delivered", COUNT, lang),
             Column("compliant", _("Met the commitment"), FLAG)],
            vendors, lang,
            description=_("Vendors that have not met their commitment first."),
        ),
    ]  # fmt: skip
    return Dashboard(
        "vendors", _("Vendor compliance"),
        _("District contracts with vendors carry an obligation to offer quality work-based learning through Linked Learning pathways (board resolution, 2013)."),
        [Filter("year", _("School year"), year_opts, year)], tables, suppressed,
        notes=_suppression_notes(suppressed),
    )  # fmt: skip


BUILDERS: dict[
    str, Callable[[SnapshotInfo, Mapping[str, str], str, bool, int | None], Dashboard]
] = {
    "goals": _goals,
    "equity": _equity,
    "compacts": _compacts,
    "vendors": _vendors,
}


def dashboard_title(name: str) -> str:
    return {
        "goals": _("Goal tracker"),
        "equity": _("Equity dashboard"),
        "compacts": _("Education Compacts coverage"),
        "vendors": _("Vendor compliance"),
    }[name]
