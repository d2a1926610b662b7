"""DI edge cases: undefined values are reported, never a crash; the "<=" boundary; references."""

from __future__ import annotations

import pytest

from openpathways.analytics.di import (
    DIError,
    GroupCount,
    MoeOptions,
    Reference,
    eighty_percent_index,
    margin_of_error,
    percentage_point_gap,
    proportionality_index,
)


def test_equal_to_the_reference_is_still_di_and_needs_one_more_success() -> None:
    # p + MOE lands exactly on a fixed reference: 50/100 + 0.25 == 0.75 (exact in binary).
    counts = [GroupCount("g", 100, 50)]
    row = percentage_point_gap(
        counts, reference=Reference("value", value=0.75), moe=MoeOptions(floor=0.25)
    )[0]
    assert row.moe == 0.25
    assert row.rate + row.moe == 0.75
    assert row.di is True
    # ceil((0.75 - 0.75) * 100) would say 0; one more success is what removes the flag
    assert row.needed_to_lose_flag == 1
    assert row.needed_for_parity == 25


def test_cohort_without_successes() -> None:
    counts = [GroupCount("a", 20, 0), GroupCount("b", 30, 0)]
    pi = proportionality_index(counts)
    assert [r.di for r in pi] == [None, None]
    assert "no successes" in pi[0].note
    eighty = eighty_percent_index(counts)
    assert [r.index for r in eighty] == [None, None]
    ppg = percentage_point_gap(counts)
    assert [r.di for r in ppg] == [False, False]  # 0 + MOE > 0


def test_proportion_moe_substitutes_for_zero_and_one() -> None:
    options = MoeOptions(floor=0.0, use_proportion=True, sub0=0.5, sub1=0.3)
    assert margin_of_error(100, 0.0, options) == pytest.approx(0.098)
    assert margin_of_error(100, 1.0, options) == pytest.approx(1.96 * (0.21 / 100) ** 0.5)
    assert margin_of_error(100, 0.2, options) == pytest.approx(1.96 * (0.16 / 100) ** 0.5)


def test_reference_parsing() -> None:
    assert Reference.parse("all-but-current").kind == "all-but-current"
    assert Reference.parse("0.61") == Reference("value", value=0.61)
    assert Reference.parse("White") == Reference("group", group="White")
    # a group literally named like a number is the group
    assert Reference.parse("2", groups={"1", "2"}) == Reference("group", group="2")
    with pytest.raises(DIError, match="between 0 and 1"):
        Reference.parse("1.5")


def test_every_computation_stays_within_its_cohort() -> None:
    a = [GroupCount("x", 100, 50, "A"), GroupCount("y", 100, 90, "A")]
    b = [GroupCount("x", 100, 10, "B"), GroupCount("y", 100, 20, "B")]
    together = percentage_point_gap(a + b)
    alone = percentage_point_gap(a) + percentage_point_gap(b)
    assert [r.reference for r in together] == [r.reference for r in alone]
    assert [r.reference for r in together] == [0.7, 0.7, pytest.approx(0.15), pytest.approx(0.15)]


def test_bad_counts_are_refused() -> None:
    with pytest.raises(DIError, match="exceed"):
        GroupCount("g", 5, 6)
    with pytest.raises(DIError, match="at least 1"):
        GroupCount("g", 0, 0)
    with pytest.raises(DIError, match="appears twice"):
        percentage_point_gap([GroupCount("g", 5, 1), GroupCount("g", 6, 1)])
    with pytest.raises(DIError, match="does not appear"):
        percentage_point_gap([GroupCount("g", 5, 1)], reference=Reference("group", group="h"))
