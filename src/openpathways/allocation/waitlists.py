"""Waitlists: per section, the students who ranked it above their placement (or are unplaced), in
the section's priority order. When a seat frees up, offering it to the head of the list keeps the
matching free of justified envy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from openpathways.allocation.deferred_acceptance import Assignment
from openpathways.allocation.problem import IntArray


@dataclass(frozen=True)
class Waitlists:
    """Flat arrays, sorted by section then position (position starts at 1)."""

    section: IntArray
    position: IntArray
    student: IntArray
    rank: IntArray  # the rank the student gave the section


def waitlists(assignment: Assignment) -> Waitlists:
    problem = assignment.problem
    student = problem.student_of_choice()
    position_in_list = np.arange(problem.n_applications, dtype=np.int64) - problem.offsets[student]
    placed_at = assignment.position[student]
    waiting = (placed_at < 0) | (position_in_list < placed_at)
    apps = np.flatnonzero(waiting)
    sections = problem.choice_section[apps]
    order = np.lexsort((assignment.keys.key[apps], sections))
    apps, sections = apps[order], sections[order]
    starts = np.flatnonzero(np.r_[True, sections[1:] != sections[:-1]]) if apps.size else apps
    group_start = np.repeat(starts, np.diff(np.r_[starts, apps.size]))
    position = np.arange(apps.size, dtype=np.int64) - group_start + 1
    return Waitlists(
        section=sections,
        position=position,
        student=student[apps],
        rank=problem.choice_rank[apps],
    )
