"""Several seats per student (seat rounds): what it keeps, and the one thing it cannot keep."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.allocation import deferred_acceptance, problem_from_lists, render
from openpathways.allocation.multi_seat import (
    CONFLICT,
    FILLED_EARLIER,
    HELD,
    MAX_SECTIONS,
    OVER_UNITS,
    REFUSED,
    MultiAssignment,
    SeatLimits,
    explain_multi,
    multi_seat_allocate,
    time_slots,
)
from openpathways.allocation.problem import Problem
from tests.allocation.strategies import problems


@st.composite
def multi_problems(draw: st.DrawFn) -> tuple[Problem, SeatLimits]:
    problem = draw(problems(max_students=7, max_sections=5, max_capacity=2))
    n, m = problem.n_students, problem.n_sections
    limits = SeatLimits.build(
        units=draw(st.lists(st.integers(1, 4), min_size=m, max_size=m)),
        unit_cap=draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)),
        max_sections=draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)),
        meetings=draw(st.lists(st.sets(st.integers(0, 3), max_size=2), min_size=m, max_size=m)),
    )
    return problem, limits


def key_at(problem: Problem, app: int) -> tuple[int, int]:
    student = int(problem.student_of_choice()[app])
    return int(problem.choice_priority[app]), int(problem.lottery[student])


@settings(deadline=None)
@given(multi_problems())
def test_capacities_units_section_counts_and_schedules_hold(case) -> None:
    problem, limits = case
    result = multi_seat_allocate(problem, limits)
    assert np.all(result.occupancy() <= problem.capacity)
    for s in range(problem.n_students):
        seats = result.seats(s)
        assert len(seats) <= limits.max_sections[s]
        assert limits.units[seats].sum() <= limits.unit_cap[s]
        for i, a in enumerate(seats):
            for b in seats[i + 1 :]:
                assert not (limits.meetings[a] & limits.meetings[b]).any()


@settings(deadline=None)
@given(multi_problems())
def test_round_one_is_the_one_seat_matching(case) -> None:
    problem, limits = case
    result = multi_seat_allocate(problem, limits)
    lists = [
        [int(c) for c in problem.choices(s) if limits.units[c] <= limits.unit_cap[s]]
        for s in range(problem.n_students)
    ]
    prio = [
        {
            int(c): int(p)
            for c, p in zip(
                problem.choices(s),
                problem.choice_priority[problem.offsets[s] : problem.offsets[s + 1]],
                strict=True,
            )
        }
        for s in range(problem.n_students)
    ]
    alone = problem_from_lists(
        capacity=problem.capacity.tolist(),
        choices=lists,
        tier=[0] * problem.n_students,
        lottery=problem.lottery.tolist(),
        priority=[[prio[s][c] for c in lst] for s, lst in enumerate(lists)],
    )
    expected = deferred_acceptance(alone).section.tolist()
    first_seats = [
        next(
            (
                int(problem.choice_section[a])
                for a in range(problem.offsets[s], problem.offsets[s + 1])
                if result.status[a] == HELD and result.round_of[a] == 1
            ),
            -1,
        )
        for s in range(problem.n_students)
    ]
    assert first_seats == expected


@settings(deadline=None)
@given(multi_problems())
def test_no_justified_envy_within_a_round_and_seats_follow_the_list(case) -> None:
    problem, limits = case
    result = multi_seat_allocate(problem, limits)
    section = problem.choice_section
    for app in np.flatnonzero(result.status == REFUSED):
        r = result.round_of[app]
        winners = np.flatnonzero(
            (result.status == HELD) & (result.round_of == r) & (section == section[app])
        )
        occupied_before = (
            (result.status == HELD) & (result.round_of < r) & (section == section[app])
        ).sum()
        assert occupied_before + winners.size == problem.capacity[section[app]]
        assert all(key_at(problem, int(w)) < key_at(problem, int(app)) for w in winners)
    for s in range(problem.n_students):
        apps = range(problem.offsets[s], problem.offsets[s + 1])
        rounds = [int(result.round_of[a]) for a in apps if result.status[a] == HELD]
        assert rounds == sorted(rounds)
        assert rounds == list(range(1, len(rounds) + 1))


@settings(deadline=None)
@given(multi_problems())
def test_one_section_each_is_the_one_seat_matching(case) -> None:
    problem, _ = case
    n, m = problem.n_students, problem.n_sections
    limits = SeatLimits.build(units=[1] * m, unit_cap=[1] * n)
    result = multi_seat_allocate(problem, limits)
    expected = deferred_acceptance(problem).section.tolist()
    assert [(seats or [-1])[0] for seats in map(result.seats, range(n))] == expected
    assert all(len(result.seats(s)) <= 1 for s in range(n))


@settings(max_examples=50, deadline=None)
@given(multi_problems())
def test_every_ranked_section_is_explained_in_both_languages(case) -> None:
    problem, limits = case
    result = multi_seat_allocate(problem, limits)
    for s in range(problem.n_students):
        reasons = explain_multi(result, s)
        n_ranked = int(problem.offsets[s + 1] - problem.offsets[s])
        n_seat_reasons = max(len(result.seats(s)), 1)
        if n_ranked:
            assert len(reasons) == n_ranked + (0 if result.seats(s) else 1)
            assert len(reasons) - n_seat_reasons == n_ranked - len(result.seats(s))
        for reason in reasons:
            assert render(reason, lang="en")
            assert render(reason, lang="es")


def scenario() -> tuple[Problem, SeatLimits]:
    # sections: 0 BIO (4 units, Mon 9-11), 1 CHEM (2 units, Mon 10-12), 2 ART (3 units), 3 MUS (1)
    problem = problem_from_lists(
        capacity=[1, 5, 5, 1],
        choices=[[2, 3], [3, 0, 1, 2]],
        tier=[2, 1],
        lottery=[1, 2],
    )
    limits = SeatLimits.build(
        units=[4, 2, 3, 1],
        unit_cap=[11, 7],
        max_sections=[4, 4],
        meetings=[time_slots(0, 540, 660), time_slots(0, 600, 720), (), ()],
    )
    return problem, limits


def test_a_student_collects_seats_in_list_order_with_reasons() -> None:
    problem, limits = scenario()
    result = multi_seat_allocate(problem, limits)
    assert result.seats(1) == [3, 0]  # MUS (round 1), then BIO (round 2)
    codes = {int(problem.choice_section[a]): int(result.status[a]) for a in range(2, 6)}
    assert codes == {3: HELD, 0: HELD, 1: CONFLICT, 2: OVER_UNITS}
    texts = [
        render(r, lang="en")
        for r in explain_multi(result, 1, section_ids=["BIO", "CHEM", "ART", "MUS"])
    ]
    assert texts[0] == "Placed in your 1st choice, MUS."
    assert texts[1] == "Also placed in your 2nd choice, BIO (seat round 2)."
    assert "meets at the same time as BIO" in texts[2]
    assert "its 3 units would take you over your limit of 7" in texts[3]


def test_section_limit_stops_further_seats() -> None:
    problem, limits = scenario()
    limits = SeatLimits.build(units=limits.units.tolist(), unit_cap=[11, 20], max_sections=[4, 1])
    result = multi_seat_allocate(problem, limits)
    assert result.seats(1) == [3]
    assert int(result.status[3]) == MAX_SECTIONS


def test_first_seats_come_first_even_over_higher_priority_second_seats() -> None:
    """The documented limit: stability across rounds. Student 0 (tier 1) wants X as a second seat;
    student 1 (tier 2) takes X as a first seat in round 1 and keeps it."""
    problem = problem_from_lists(
        capacity=[1, 1], choices=[[1, 0], [0]], tier=[1, 2], lottery=[1, 2]
    )
    limits = SeatLimits.build(units=[1, 1], unit_cap=[2, 2])
    result: MultiAssignment = multi_seat_allocate(problem, limits)
    assert result.seats(0) == [1]
    assert result.seats(1) == [0]
    assert int(result.status[1]) == FILLED_EARLIER
    reasons = explain_multi(result, 0, section_ids=["X", "Y"])
    assert render(reasons[-1], lang="es").startswith(
        "Tu 2.ª opción, X, se llenó en la ronda de lugares 1"
    )


def test_time_slots_and_packing() -> None:
    from openpathways.allocation.multi_seat import pack_slots

    monday_9_to_10 = time_slots(0, 9 * 60, 10 * 60)
    assert len(monday_9_to_10) == 12  # five-minute slots
    packed = pack_slots(
        [monday_9_to_10, time_slots(0, 9 * 60 + 55, 11 * 60), time_slots(1, 540, 600), iter(())]
    )
    assert (packed[0] & packed[1]).any()  # 9:55 overlaps
    assert not (packed[0] & packed[2]).any()  # Tuesday
    assert not packed[3].any()
