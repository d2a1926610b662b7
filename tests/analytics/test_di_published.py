"""DI methods reproduce published worked examples to the digits printed.

Sources
- docs/metrics.md section 3 (the 10,000-student PPG-1 example and the n = 5,000 MOE case).
- "DisImpact Tutorial", Vinh Nguyen, vignette of the R package DisImpact, which implements the
  CCCCO "Percentage Point Gap Method" (2017) and the CCCCO "Guidelines for Measuring
  Disproportionate Impact in Equity Plans" (proportionality index and 80% index):
  https://cran.r-project.org/web/packages/DisImpact/vignettes/Tutorial.html
  (also vignettes/Tutorial.html in https://github.com/vinhdizzo/DisImpact). Its toy cohorts
  (2017 and 2018, 10,000 students each) are printed as counts; the tables below copy its output.
"""

from __future__ import annotations

import pytest

from openpathways.analytics.di import (
    GroupCount,
    MoeOptions,
    Reference,
    eighty_percent_index,
    percentage_point_gap,
    proportionality_index,
)

GROUPS = ["Asian", "Black", "Hispanic", "Multi-Ethnicity", "Native American", "White"]
SIZES = [3000, 1000, 2000, 500, 100, 3400]
SUCCESS_2017 = [2062, 310, 410, 262, 43, 2053]
SUCCESS_2018 = [2230, 297, 437, 242, 35, 2147]


def cohort(label: str, successes: list[int], sizes: list[int] = SIZES) -> list[GroupCount]:
    return [
        GroupCount(group=g, n=n, successes=s, cohort=label)
        for g, n, s in zip(GROUPS, sizes, successes, strict=True)
    ]


BOTH = cohort("2017", SUCCESS_2017) + cohort("2018", SUCCESS_2018)
POOLED = [
    GroupCount(group=g, n=2 * n, successes=a + b)
    for g, n, a, b in zip(GROUPS, SIZES, SUCCESS_2017, SUCCESS_2018, strict=True)
]


def printed(value: float | None, text: str) -> bool:
    """True when `value` rounds to the published figure at the precision it was printed."""
    assert value is not None
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(value - float(text)) <= 0.5 * 10**-decimals * (1 + 1e-9)


def test_metrics_md_ppg1_example() -> None:
    # docs/metrics.md: cohort of 10,000 with 5,140 successes; Black students 310 of 1,000.
    rows = percentage_point_gap(
        cohort("2017", SUCCESS_2017), reference=Reference("all-but-current")
    )
    black = next(r for r in rows if r.group == "Black")
    assert printed(black.reference, "0.536667")
    assert printed(black.moe, "0.030990")
    assert black.di is True
    assert black.needed_to_lose_flag == 196
    assert black.needed_for_parity == 227


def test_metrics_md_convention_changes_the_verdict() -> None:
    # n = 5,000 at 0.500, all others at 0.525: DI with the proportion-based MOE and a 2% floor,
    # not DI with the 2017 default MOE of 0.03.
    counts = [GroupCount("Focus", 5000, 2500), GroupCount("Others", 20000, 10500)]
    ref = Reference("all-but-current")
    proportion = percentage_point_gap(counts, reference=ref, moe=MoeOptions(0.02, True))[0]
    default = percentage_point_gap(counts, reference=ref)[0]
    assert proportion.moe == 0.02
    assert proportion.di is True
    assert default.moe == 0.03
    assert default.di is False


# Tutorial: di_ppg(success=Transfer, group=Ethnicity, data=student_equity)  (both cohorts pooled)
PPG_POOLED = [  # group, pct, moe, di_indicator; reference 0.5264
    ("Asian", "0.7153333", "0.03000000", False),
    ("Black", "0.3035000", "0.03000000", True),
    ("Hispanic", "0.2117500", "0.03000000", True),
    ("Multi-Ethnicity", "0.5040000", "0.03099032", False),
    ("Native American", "0.3900000", "0.06929646", True),
    ("White", "0.6176471", "0.03000000", False),
]


def test_disimpact_ppg_overall_pooled() -> None:
    rows = percentage_point_gap(POOLED)
    assert [r.group for r in rows] == GROUPS
    for row, (group, pct, moe, di) in zip(rows, PPG_POOLED, strict=True):
        assert row.group == group
        assert printed(row.reference, "0.5264")
        assert printed(row.rate, pct), group
        assert printed(row.moe, moe), group
        assert row.di is di, group


# Tutorial: di_ppg(..., cohort=Cohort): references 0.5140 (2017) and 0.5388 (2018)
PPG_BY_COHORT = [  # cohort, group, moe, pct_lo, pct_hi, di
    ("2017", "Asian", "0.03000000", "0.6573333", "0.7173333", False),
    ("2017", "Black", "0.03099032", "0.2790097", "0.3409903", True),
    ("2017", "Hispanic", "0.03000000", "0.1750000", "0.2350000", True),
    ("2017", "Multi-Ethnicity", "0.04382693", "0.4801731", "0.5678269", False),
    ("2017", "Native American", "0.09800000", "0.3320000", "0.5280000", False),
    ("2017", "White", "0.03000000", "0.5738235", "0.6338235", False),
    ("2018", "Asian", "0.03000000", "0.7133333", "0.7733333", False),
    ("2018", "Black", "0.03099032", "0.2660097", "0.3279903", True),
    ("2018", "Hispanic", "0.03000000", "0.1885000", "0.2485000", True),
    ("2018", "Multi-Ethnicity", "0.04382693", "0.4401731", "0.5278269", True),
    ("2018", "Native American", "0.09800000", "0.2520000", "0.4480000", True),
    ("2018", "White", "0.03000000", "0.6014706", "0.6614706", False),
]


def test_disimpact_ppg_overall_by_cohort() -> None:
    rows = percentage_point_gap(BOTH)
    assert len(rows) == 12
    for row, (label, group, moe, lo, hi, di) in zip(rows, PPG_BY_COHORT, strict=True):
        assert (row.cohort, row.group) == (label, group)
        assert printed(row.reference, "0.5140" if label == "2017" else "0.5388")
        assert printed(row.moe, moe)
        assert printed(row.rate - row.moe, lo)
        assert printed(row.rate + row.moe, hi)
        assert row.di is di, (label, group)


def test_disimpact_ppg_fixed_reference() -> None:
    # Tutorial: reference=0.54 (a statewide rate): Multi-Ethnicity becomes DI (0.5349903 <= 0.54).
    rows = percentage_point_gap(POOLED, reference=Reference.parse("0.54"))
    assert [r.di for r in rows] == [False, True, True, True, True, False]
    assert all(r.reference == 0.54 for r in rows)
    # Tutorial: reference=c(0.5, 0.55), one per cohort.
    flags_2017 = [
        r.di
        for r in percentage_point_gap(
            cohort("2017", SUCCESS_2017), reference=Reference.parse("0.5")
        )
    ]
    flags_2018 = [
        r.di
        for r in percentage_point_gap(
            cohort("2018", SUCCESS_2018), reference=Reference.parse("0.55")
        )
    ]
    assert flags_2017 == [False, True, True, False, False, False]
    assert flags_2018 == [False, True, True, True, True, False]


def test_disimpact_ppg_moe_floor_and_proportion() -> None:
    # Tutorial: min_moe=0.02, then min_moe=0.02 with use_prop_in_moe=TRUE.
    floor_only = percentage_point_gap(POOLED, moe=MoeOptions(floor=0.02))
    assert [r.moe for r in floor_only][:2] == [0.02, pytest.approx(0.02191347, abs=5e-9)]
    expected_floor = [
        "0.02000000",
        "0.02191347",
        "0.02000000",
        "0.03099032",
        "0.06929646",
        "0.02000000",
    ]
    assert all(printed(r.moe, m) for r, m in zip(floor_only, expected_floor, strict=True))
    assert [r.di for r in floor_only] == [False, True, True, False, True, False]
    prop = percentage_point_gap(POOLED, moe=MoeOptions(floor=0.02, use_proportion=True))
    expected_prop = [
        "0.02000000",
        "0.02015028",
        "0.02000000",
        "0.03098933",
        "0.06759869",
        "0.02000000",
    ]
    assert all(printed(r.moe, m) for r, m in zip(prop, expected_prop, strict=True))
    assert printed(prop[4].rate - prop[4].moe, "0.3224013")
    assert [r.di for r in prop] == [False, True, True, False, True, False]


def test_disimpact_ppg_on_the_converse_outcome() -> None:
    # Tutorial: di_ppg(success=!Transfer, ...): reference 0.4736; Asian and White flagged.
    converse = [GroupCount(c.group, c.n, c.n - c.successes) for c in POOLED]
    rows = percentage_point_gap(converse)
    assert [r.successes for r in rows] == [1708, 1393, 3153, 496, 122, 2600]
    assert all(printed(r.reference, "0.4736") for r in rows)
    assert printed(rows[5].rate, "0.3823529")
    assert [r.di for r in rows] == [True, False, False, False, False, True]


PI_POOLED = [  # pct_success, pct_group, di_prop_index
    ("0.407674772", "0.30", "1.3589159"),
    ("0.057655775", "0.10", "0.5765578"),
    ("0.080452128", "0.20", "0.4022606"),
    ("0.047872340", "0.05", "0.9574468"),
    ("0.007408815", "0.01", "0.7408815"),
    ("0.398936170", "0.34", "1.1733417"),
]
PI_2018 = ["1.3796090", "0.5512249", "0.4055308", "0.8982925", "0.6495917", "1.1719944"]
PI_2017 = ["1.3372244", "0.6031128", "0.3988327", "1.0194553", "0.8365759", "1.1747539"]


def test_disimpact_proportionality_index() -> None:
    rows = proportionality_index(POOLED)
    for row, (share_s, share_g, index) in zip(rows, PI_POOLED, strict=True):
        assert printed(row.share_of_successes, share_s)
        assert printed(row.share_of_group, share_g)
        assert printed(row.index, index)
    # cutoff 0.8 (CCCCO guidelines' customary threshold)
    assert [r.di for r in rows] == [False, True, True, False, True, False]
    by_cohort = proportionality_index(BOTH)
    assert all(printed(r.index, t) for r, t in zip(by_cohort, PI_2017 + PI_2018, strict=True))


EIGHTY_2017 = ["1.0000000", "0.4510184", "0.2982541", "0.7623666", "0.6256062", "0.8785017"]
EIGHTY_2018 = ["1.0000000", "0.3995516", "0.2939462", "0.6511211", "0.4708520", "0.8495120"]


def test_disimpact_eighty_percent_index() -> None:
    pooled = eighty_percent_index(POOLED)
    assert all(printed(r.reference, "0.7153333") for r in pooled)
    expected = ["1.0000000", "0.4242777", "0.2960158", "0.7045666", "0.5452004", "0.8634395"]
    assert all(printed(r.index, t) for r, t in zip(pooled, expected, strict=True))
    assert [r.di for r in pooled] == [False, True, True, True, True, False]
    rows = eighty_percent_index(BOTH)
    assert all(printed(r.reference, "0.6873333") for r in rows[:6])
    assert all(printed(r.reference, "0.7433333") for r in rows[6:])
    assert all(printed(r.index, t) for r, t in zip(rows, EIGHTY_2017 + EIGHTY_2018, strict=True))
    assert [r.di for r in rows] == [False, True, True, True, True, False] * 2


def test_needed_counts_follow_metrics_md_formulas() -> None:
    rows = eighty_percent_index(cohort("2017", SUCCESS_2017))
    black = rows[1]
    # ceil((0.8 * 0.687333 - 0.31) * 1000) = ceil(239.87) and ceil((0.687333 - 0.31) * 1000)
    assert (black.needed_to_lose_flag, black.needed_for_parity) == (240, 378)
    pi_black = proportionality_index(cohort("2017", SUCCESS_2017))[1]
    # ceil((5140 * 0.1 * 0.8 - 310) / (1 - 0.08)) = ceil(109.96); parity: ceil(204 / 0.9)
    assert (pi_black.needed_to_lose_flag, pi_black.needed_for_parity) == (111, 227)


def test_santa_ana_college_eighty_percent_example() -> None:
    # Santa Ana College, "What is disproportionate impact?" (Fall 2015 course completion):
    # Pacific Islander 55.17% against the highest group, Asian, at 79.70%: 0.692, below 0.8,
    # so DI. Reproduced at https://info.5y1.org/a-students-vs-b-students_1_71b61e.html
    # The page gives rates only; 16 of 29 (55.17%) and 797 of 1,000 (79.70%) reproduce them.
    counts = [GroupCount("Asian", 1000, 797), GroupCount("Pacific Islander", 29, 16)]
    asian, islander = eighty_percent_index(counts)
    assert printed(islander.rate * 100, "55.17")
    assert printed(asian.rate * 100, "79.70")
    assert islander.reference == asian.rate
    assert printed(islander.index, "0.692")
    assert islander.di is True
    assert asian.di is False
