"""Properties of the DI methods: the "successes needed" counts do exactly what they say.

Each count is checked end to end: the group gets that many more successes (and, for the
proportionality index, the cohort total grows with them), the method is run again, and the flag
is gone (or parity reached), while one success fewer is not enough. The references used keep
the comparison fixed as metrics.md defines it: PPG-1 (other groups), a fixed rate, another named
group; the 2017 MOE depends on n only.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.analytics.di import (
    GroupCount,
    MoeOptions,
    Reference,
    eighty_percent_index,
    percentage_point_gap,
    proportionality_index,
)


@st.composite
def cohorts(draw: st.DrawFn, min_groups: int = 2) -> list[GroupCount]:
    size = draw(st.integers(min_value=min_groups, max_value=5))
    groups = []
    for index in range(size):
        n = draw(st.integers(min_value=1, max_value=3000))
        s = draw(st.integers(min_value=0, max_value=n))
        groups.append(GroupCount(group=f"g{index}", n=n, successes=s))
    return groups


def with_extra(counts: list[GroupCount], position: int, extra: int) -> list[GroupCount]:
    changed = list(counts)
    changed[position] = replace(counts[position], successes=counts[position].successes + extra)
    return changed


references = st.one_of(
    st.just(Reference("all-but-current")),
    st.floats(min_value=0.0, max_value=1.0).map(lambda v: Reference("value", value=v)),
)


@settings(max_examples=300, deadline=None)
@given(counts=cohorts(), reference=references, data=st.data())
def test_ppg_flag_flips_exactly_at_the_needed_count(
    counts: list[GroupCount], reference: Reference, data: st.DataObject
) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(counts) - 1))
    row = percentage_point_gap(counts, reference=reference)[position]
    if not row.di:
        assert row.needed_to_lose_flag == 0
        return
    k = row.needed_to_lose_flag
    assert k is not None
    assert k >= 1
    after = percentage_point_gap(with_extra(counts, position, k), reference=reference)[position]
    assert after.di is False
    before = percentage_point_gap(with_extra(counts, position, k - 1), reference=reference)
    assert before[position].di is True


@settings(max_examples=300, deadline=None)
@given(counts=cohorts(), reference=references, data=st.data())
def test_ppg_parity_count_reaches_the_reference(
    counts: list[GroupCount], reference: Reference, data: st.DataObject
) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(counts) - 1))
    row = percentage_point_gap(counts, reference=reference)[position]
    k = row.needed_for_parity
    assert k is not None
    after = percentage_point_gap(with_extra(counts, position, k), reference=reference)[position]
    assert after.gap is not None
    assert after.gap >= 0
    if k:
        before = percentage_point_gap(with_extra(counts, position, k - 1), reference=reference)
        value = before[position].gap
        assert value is not None
        assert value < 0


@settings(max_examples=300, deadline=None)
@given(
    counts=cohorts(min_groups=1),
    cutoff=st.sampled_from([0.8, 0.85, 0.9, 1.0]),
    data=st.data(),
)
def test_pi_needed_counts_remove_the_flag(
    counts: list[GroupCount], cutoff: float, data: st.DataObject
) -> None:
    position = data.draw(st.integers(min_value=0, max_value=len(counts) - 1))
    row = proportionality_index(counts, cutoff=cutoff)[position]
    if row.index is None:  # no successes anywhere in the cohort
        assert row.di is None
        return
    for needed, threshold in ((row.needed_to_lose_flag, cutoff), (row.needed_for_parity, 1.0)):
        assert needed is not None
        after = proportionality_index(with_extra(counts, position, needed), cutoff=cutoff)
        value = after[position].index
        assert value is not None
        assert value >= threshold
        if needed:
            before = proportionality_index(with_extra(counts, position, needed - 1))
            value = before[position].index
            assert value is not None
            assert value < threshold


@settings(max_examples=300, deadline=None)
@given(counts=cohorts(), data=st.data())
def test_eighty_percent_needed_counts_remove_the_flag(
    counts: list[GroupCount], data: st.DataObject
) -> None:
    # Reference: a named group other than the one measured, so it stays fixed.
    position = data.draw(st.integers(min_value=1, max_value=len(counts) - 1))
    reference = Reference("group", group=counts[0].group)
    row = eighty_percent_index(counts, reference=reference)[position]
    if row.index is None:
        assert row.reference == 0.0
        return
    for needed, threshold in ((row.needed_to_lose_flag, 0.8), (row.needed_for_parity, 1.0)):
        if needed is None:  # cannot be reached within the group's size (reference rate 1)
            continue
        after = eighty_percent_index(with_extra(counts, position, needed), reference=reference)
        value = after[position].index
        assert value is not None
        assert value >= threshold
        if needed:
            before = eighty_percent_index(
                with_extra(counts, position, needed - 1), reference=reference
            )
            value = before[position].index
            assert value is not None
            assert value < threshold


@given(n=st.integers(min_value=1, max_value=10**6), s=st.data())
def test_moe_conventions(n: int, s: st.DataObject) -> None:
    successes = s.draw(st.integers(min_value=0, max_value=n))
    counts = [GroupCount("a", n, successes), GroupCount("b", 10, 5)]
    default = percentage_point_gap(counts)[0]
    assert default.moe >= 0.03
    proportion = percentage_point_gap(counts, moe=MoeOptions(floor=0.02, use_proportion=True))[0]
    assert proportion.moe >= 0.02
    # p (1 - p) never exceeds 0.25, so the proportion-based MOE never exceeds the 2017 one
    # at the same floor.
    same_floor = percentage_point_gap(counts, moe=MoeOptions(floor=0.03, use_proportion=True))[0]
    assert same_floor.moe <= default.moe
