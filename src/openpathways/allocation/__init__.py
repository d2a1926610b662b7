"""Seat allocation for oversubscribed sections (pure: no Django).

- `problem`: the integer-encoded problem (students, ranked sections, priorities, lottery, seats).
- `deferred_acceptance`: student-proposing deferred acceptance, one seat per student: the
  student-optimal stable matching.
- `multi_seat`: several sections per student within a unit cap and without schedule conflicts.
- `explanations`, `messages`: why each student got what they got, in English and Spanish.
- `lottery`: lottery numbers drawn from a recorded seed.
- `waitlists`: per-section waitlists in priority order.
- `files`: reading and validating the CSV files of `openpathways seats allocate`.

See docs/allocation.md for the algorithms and the properties they keep.
"""

from openpathways.allocation.deferred_acceptance import Assignment, deferred_acceptance
from openpathways.allocation.explanations import (
    Reason,
    Refusals,
    explain,
    refusals,
    render,
    render_all,
)
from openpathways.allocation.lottery import draw_lottery
from openpathways.allocation.problem import Problem, ProblemError, problem_from_lists
from openpathways.allocation.waitlists import Waitlists, waitlists

__all__ = [
    "Assignment",
    "Problem",
    "ProblemError",
    "Reason",
    "Refusals",
    "Waitlists",
    "deferred_acceptance",
    "draw_lottery",
    "explain",
    "problem_from_lists",
    "refusals",
    "render",
    "render_all",
    "waitlists",
]
