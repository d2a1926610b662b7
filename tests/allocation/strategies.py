"""Hypothesis strategies for small allocation problems."""

from __future__ import annotations

from hypothesis import strategies as st

from openpathways.allocation.problem import Problem, problem_from_lists


@st.composite
def problems(
    draw: st.DrawFn, *, max_students: int = 8, max_sections: int = 4, max_capacity: int = 3
) -> Problem:
    n_sections = draw(st.integers(1, max_sections))
    n_students = draw(st.integers(0, max_students))
    capacity = draw(
        st.lists(st.integers(0, max_capacity), min_size=n_sections, max_size=n_sections)
    )
    choices = [
        list(draw(st.permutations(range(n_sections))))[: draw(st.integers(0, n_sections))]
        for _ in range(n_students)
    ]
    tier = draw(st.lists(st.integers(1, 3), min_size=n_students, max_size=n_students))
    lottery = draw(st.permutations(range(1, n_students + 1)))
    priority = [[draw(st.one_of(st.none(), st.integers(0, 3))) for _ in c] for c in choices]
    return problem_from_lists(
        capacity=capacity, choices=choices, tier=tier, lottery=list(lottery), priority=priority
    )
