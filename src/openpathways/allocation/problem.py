"""The integer-encoded allocation problem shared by every algorithm of the package.

Students, sections and applications are numbered from 0. Applications are stored student by
student, most preferred first (a CSR layout): student ``s`` ranked the sections
``choice_section[offsets[s]:offsets[s + 1]]`` in that order.

Priority at a section is the pair ``(priority, lottery)``, compared lexicographically, lower first:
``choice_priority`` holds the per-application priority when one was given and the student's tier
otherwise; ``lottery`` is one number per student, drawn once, the same at every section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class ProblemError(ValueError):
    """The arrays do not describe a valid problem (wrong shapes, unknown sections, ties)."""


@dataclass(frozen=True)
class Problem:
    """One allocation problem, integer-encoded.

    capacity:        seats per section, shape (n_sections,), non-negative.
    offsets:         shape (n_students + 1,), non-decreasing, offsets[0] == 0.
    choice_section:  section of each application, shape (n_applications,).
    choice_priority: effective priority of each application (lower = served first).
    lottery:         one number per student, all distinct (lower = served first).
    choice_rank:     the rank the student gave each application (1 = most preferred); by default
                     the position in the student's list plus one. Only used for explanations.
    """

    capacity: IntArray
    offsets: IntArray
    choice_section: IntArray
    choice_priority: IntArray
    lottery: IntArray
    choice_rank: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __post_init__(self) -> None:
        for name in ("capacity", "offsets", "choice_section", "choice_priority", "lottery"):
            object.__setattr__(self, name, np.ascontiguousarray(getattr(self, name), np.int64))
        if self.choice_rank.size == 0 and self.choice_section.size:
            object.__setattr__(self, "choice_rank", _positions(self.offsets) + 1)
        else:
            object.__setattr__(self, "choice_rank", np.asarray(self.choice_rank, np.int64))
        self._check()

    @property
    def n_students(self) -> int:
        return int(self.offsets.size - 1)

    @property
    def n_sections(self) -> int:
        return int(self.capacity.size)

    @property
    def n_applications(self) -> int:
        return int(self.choice_section.size)

    def student_of_choice(self) -> IntArray:
        """The student of each application, shape (n_applications,)."""
        return np.repeat(np.arange(self.n_students, dtype=np.int64), np.diff(self.offsets))

    def choices(self, student: int) -> IntArray:
        """The sections one student ranked, most preferred first."""
        return self.choice_section[self.offsets[student] : self.offsets[student + 1]]

    def _check(self) -> None:
        n_apps = self.choice_section.size
        if self.offsets.ndim != 1 or self.offsets.size < 1 or self.offsets[0] != 0:
            raise ProblemError("offsets must be one-dimensional and start at 0")
        if self.offsets[-1] != n_apps or np.any(np.diff(self.offsets) < 0):
            raise ProblemError("offsets must be non-decreasing and end at the number of choices")
        if self.choice_priority.size != n_apps or self.choice_rank.size != n_apps:
            raise ProblemError("choice arrays must have the same length")
        if self.lottery.size != self.n_students:
            raise ProblemError("lottery must have one number per student")
        if np.any(self.capacity < 0):
            raise ProblemError("capacities must be non-negative")
        if n_apps and (
            self.choice_section.min() < 0 or self.choice_section.max() >= self.n_sections
        ):
            raise ProblemError("choice_section refers to an unknown section")
        if has_duplicates(self.lottery):
            raise ProblemError("lottery numbers must be distinct")
        if n_apps:
            pair = self.student_of_choice() * self.n_sections + self.choice_section
            if has_duplicates(pair):
                raise ProblemError("a student ranked the same section twice")


def has_duplicates(values: IntArray) -> bool:
    """Whether any value repeats (by sorting: NumPy's hash-based unique is slower here)."""
    ordered = np.sort(values)
    return bool(np.any(ordered[1:] == ordered[:-1]))


def _positions(offsets: IntArray) -> IntArray:
    """Position of each application inside its student's list (0 = first choice)."""
    lengths = np.diff(offsets)
    total = int(offsets[-1])
    return np.arange(total, dtype=np.int64) - np.repeat(offsets[:-1], lengths)


def problem_from_lists(
    *,
    capacity: Sequence[int],
    choices: Sequence[Sequence[int]],
    tier: Sequence[int],
    lottery: Sequence[int],
    priority: Sequence[Sequence[int | None]] | None = None,
) -> Problem:
    """Build a problem from plain lists (convenient for tests and small callers).

    ``choices[s]`` lists section numbers, most preferred first; ``priority[s][i]``, when given and
    not None, overrides ``tier[s]`` for the i-th choice.
    """
    lengths = [len(c) for c in choices]
    offsets = np.zeros(len(choices) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = [section for c in choices for section in c]
    prio: list[int] = []
    for s, c in enumerate(choices):
        for i in range(len(c)):
            override = priority[s][i] if priority is not None else None
            prio.append(int(tier[s]) if override is None else int(override))
    return Problem(
        capacity=np.asarray(capacity, dtype=np.int64),
        offsets=offsets,
        choice_section=np.asarray(flat, dtype=np.int64),
        choice_priority=np.asarray(prio, dtype=np.int64),
        lottery=np.asarray(lottery, dtype=np.int64),
    )
