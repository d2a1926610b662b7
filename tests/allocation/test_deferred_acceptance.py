"""Properties of one-seat deferred acceptance, checked on generated problems."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.allocation import deferred_acceptance, problem_from_lists
from openpathways.allocation.problem import Problem, ProblemError
from tests.allocation.reference import matching_package_hr, textbook_deferred_acceptance
from tests.allocation.strategies import problems


def key_at(problem: Problem, student: int, section: int) -> tuple[int, int]:
    start = int(problem.offsets[student])
    i = [int(c) for c in problem.choices(student)].index(section)
    return int(problem.choice_priority[start + i]), int(problem.lottery[student])


@settings(deadline=None)
@given(problems())
def test_no_section_over_capacity(problem: Problem) -> None:
    result = deferred_acceptance(problem)
    assert np.all(result.occupancy() <= problem.capacity)


@settings(deadline=None)
@given(problems())
def test_every_student_holds_a_section_they_ranked(problem: Problem) -> None:
    result = deferred_acceptance(problem)
    for s in range(problem.n_students):
        if result.section[s] >= 0:
            assert result.section[s] == problem.choices(s)[result.position[s]]


@settings(deadline=None)
@given(problems())
def test_no_justified_envy_and_no_waste(problem: Problem) -> None:
    """A student refused a section they prefer: it is full, and everyone there is ahead of them."""
    result = deferred_acceptance(problem)
    occupancy = result.occupancy()
    for s in range(problem.n_students):
        ranked = [int(c) for c in problem.choices(s)]
        above = ranked if result.section[s] < 0 else ranked[: result.position[s]]
        for section in above:
            assert occupancy[section] == problem.capacity[section]  # non-wasteful
            for other in np.flatnonzero(result.section == section):
                assert key_at(problem, int(other), section) < key_at(problem, s, section)


@settings(deadline=None)
@given(problems())
def test_equals_the_textbook_loop(problem: Problem) -> None:
    assert deferred_acceptance(problem).section.tolist() == textbook_deferred_acceptance(problem)


@settings(max_examples=60, deadline=None)
@given(problems(max_students=7, max_sections=3))
def test_equals_the_matching_package(problem: Problem) -> None:
    assert deferred_acceptance(problem).section.tolist() == matching_package_hr(problem)


@settings(deadline=None)
@given(problems())
def test_deterministic(problem: Problem) -> None:
    first = deferred_acceptance(problem)
    again = deferred_acceptance(problem)
    assert first.section.tolist() == again.section.tolist()
    assert first.cutoff_key.tolist() == again.cutoff_key.tolist()


@st.composite
def manipulation_cases(
    draw: st.DrawFn,
) -> tuple[list[int], list[list[int]], list[list[int]], list[int], int]:
    n_sections = draw(st.integers(1, 3))
    n_students = draw(st.integers(1, 5))
    capacity = draw(st.lists(st.integers(0, 2), min_size=n_sections, max_size=n_sections))
    # priority of every student at every section, independent of what they report
    prio = draw(
        st.lists(
            st.lists(st.integers(0, 2), min_size=n_sections, max_size=n_sections),
            min_size=n_students,
            max_size=n_students,
        )
    )
    lists = [
        list(draw(st.permutations(range(n_sections))))[: draw(st.integers(0, n_sections))]
        for _ in range(n_students)
    ]
    lottery = list(draw(st.permutations(range(1, n_students + 1))))
    who = draw(st.integers(0, n_students - 1))
    return capacity, prio, lists, lottery, who


def _outcome(
    capacity: list[int], prio: list[list[int]], lists: list[list[int]], lottery: list[int]
) -> list[int]:
    problem = problem_from_lists(
        capacity=capacity,
        choices=lists,
        tier=[0] * len(lists),
        lottery=lottery,
        priority=[[prio[s][c] for c in lst] for s, lst in enumerate(lists)],
    )
    return deferred_acceptance(problem).section.tolist()


@settings(max_examples=150, deadline=None)
@given(manipulation_cases())
def test_no_student_gains_by_misreporting(case: tuple) -> None:
    capacity, prio, lists, lottery, who = case
    truth = lists[who]

    def value(section: int) -> int:  # lower is better; unranked or unplaced is worst
        return truth.index(section) if section in truth else len(truth)

    honest = value(_outcome(capacity, prio, lists, lottery)[who])
    n_sections = len(capacity)
    for k in range(n_sections + 1):
        for report in itertools.permutations(range(n_sections), k):
            lied = [*lists[:who], list(report), *lists[who + 1 :]]
            assert value(_outcome(capacity, prio, lied, lottery)[who]) >= honest, report


def test_priority_beats_lottery_and_lottery_breaks_ties() -> None:
    # one seat; student 0 is tier 2 with the best lottery, students 1 and 2 are tier 1
    problem = problem_from_lists(
        capacity=[1, 5], choices=[[0, 1], [0, 1], [0, 1]], tier=[2, 1, 1], lottery=[1, 3, 2]
    )
    result = deferred_acceptance(problem)
    assert result.section.tolist() == [1, 1, 0]
    assert result.cutoff(0) == (1, 2)
    assert result.cutoff(1) is None  # not full


def test_per_application_priority_overrides_the_tier() -> None:
    problem = problem_from_lists(
        capacity=[1], choices=[[0], [0]], tier=[1, 3], lottery=[1, 2], priority=[[None], [0]]
    )
    assert deferred_acceptance(problem).section.tolist() == [-1, 0]


def test_a_displaced_student_moves_down_their_list() -> None:
    # student 0 proposes first to A and is later displaced by student 1 (higher tier)
    problem = problem_from_lists(
        capacity=[1, 1], choices=[[0, 1], [0]], tier=[2, 1], lottery=[1, 2]
    )
    result = deferred_acceptance(problem)
    assert result.section.tolist() == [1, 0]
    assert result.position.tolist() == [1, 0]
    assert result.rank().tolist() == [2, 1]


def test_tied_lottery_numbers_are_refused() -> None:
    with pytest.raises(ProblemError, match="distinct"):
        problem_from_lists(capacity=[1], choices=[[0], [0]], tier=[1, 1], lottery=[4, 4])


def test_ranking_a_section_twice_is_refused() -> None:
    with pytest.raises(ProblemError, match="twice"):
        problem_from_lists(capacity=[1], choices=[[0, 0]], tier=[1], lottery=[1])


@settings(deadline=None)
@given(problems(), st.integers(0, 3), st.integers(0, 8))
def test_finishing_one_proposal_at_a_time_gives_the_same_matching(
    problem: Problem, tail_rounds: int, tail_size: int
) -> None:
    mixed = deferred_acceptance(problem, tail_rounds=tail_rounds, tail_size=tail_size)
    assert mixed.section.tolist() == textbook_deferred_acceptance(problem)
    assert mixed.cutoff_key.tolist() == deferred_acceptance(problem).cutoff_key.tolist()


def test_a_long_chain_of_displacements_stays_cheap() -> None:
    """Student i holds section i until the student before them is displaced and takes it: one
    displacement per round. The tail is finished one proposal at a time."""
    n = 20_000
    choices = [[0]] + [[i, i + 1] for i in range(n)]  # student 0 outranks everyone at section 0
    problem = problem_from_lists(
        capacity=[1] * (n + 1),
        choices=choices,
        tier=[0] + [1] * n,
        lottery=[n + 1, *range(1, n + 1)],
        priority=[[None]] + [[None, 0] for _ in range(n)],  # at i+1, student i comes first
    )
    result = deferred_acceptance(problem)
    assert result.section.tolist() == [0] + [i + 1 for i in range(n)]
    assert result.rounds <= 48
    assert result.sequential_proposals > 0
