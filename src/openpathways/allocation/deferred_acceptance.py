"""Student-proposing deferred acceptance, one seat per student, vectorised by rounds.

Each round, every student who holds no seat and still has sections left on their list proposes to
the next one. Each section that received proposals considers its current holders together with the
new proposers, keeps the best ``capacity`` of them by (priority, lottery) and rejects the others.
Rejected students propose again in the next round. The loop ends when nobody proposes.

Deferred acceptance ends in the same matching whatever the order in which proposals are made
(Dubins and Freedman 1981), so proposing in simultaneous rounds gives exactly the student-optimal
stable matching that the textbook one-proposal-at-a-time loop gives: the tests check this against a
plain reference implementation and against the ``matching`` package.

Keys. Priorities are dense-ranked to 0..P-1 and lottery numbers to 0..n-1, and each application
gets the single integer ``key = priority_rank * n + lottery_rank``; lower keys are served first.
Within a round, candidates are sorted by ``section * K + key`` so each section's candidates are
contiguous and in priority order; a candidate is kept when their position inside the section is
below the capacity.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from openpathways.allocation.problem import BoolArray, IntArray, Problem

UNPLACED = -1


@dataclass(frozen=True)
class Keys:
    """The integer priority key of every application, and how to decode it."""

    key: IntArray  # per application; lower is served first
    priority_levels: IntArray  # sorted distinct priority values
    lottery_sorted: IntArray  # sorted lottery numbers
    n_students: int

    def decode(self, key: int) -> tuple[int, int]:
        """The (priority, lottery) pair that a key stands for."""
        level, lot = divmod(int(key), max(self.n_students, 1))
        return int(self.priority_levels[level]), int(self.lottery_sorted[lot])


def priority_keys(problem: Problem) -> Keys:
    n = problem.n_students
    prio = problem.choice_priority
    low, high = (int(prio.min()), int(prio.max())) if prio.size else (0, 0)
    if high - low < 4096:  # small priority scales (tiers): skip the sort that np.unique does
        levels = np.arange(low, high + 1, dtype=np.int64)
        prio_rank = prio - low
    else:
        levels, prio_rank = np.unique(prio, return_inverse=True)
    order = np.argsort(problem.lottery, kind="stable")
    lottery_rank = np.empty(n, dtype=np.int64)
    lottery_rank[order] = np.arange(n, dtype=np.int64)
    student = problem.student_of_choice()
    key = prio_rank.astype(np.int64) * max(n, 1) + lottery_rank[student]
    return Keys(
        key=key,
        priority_levels=levels.astype(np.int64),
        lottery_sorted=problem.lottery[order],
        n_students=n,
    )


@dataclass(frozen=True)
class Assignment:
    """The outcome of one-seat deferred acceptance.

    choice:   per student, the index of the application that was accepted, or -1.
    section:  per student, the section held, or -1.
    position: per student, the 0-based position of that section in their list, or -1.
    cutoff_key: per section, the key of the last student admitted when the section is full and has
              seats, else -1. Every student refused by a section has a larger key there.
    rounds:   number of vectorised proposal rounds.
    sequential_proposals: proposals made one at a time to finish a long tail (0 usually).
    """

    problem: Problem
    keys: Keys
    choice: IntArray
    section: IntArray
    position: IntArray
    cutoff_key: IntArray
    rounds: int
    sequential_proposals: int = 0

    @property
    def placed(self) -> BoolArray:
        return self.section >= 0

    def occupancy(self) -> IntArray:
        held = self.section[self.section >= 0]
        return np.bincount(held, minlength=self.problem.n_sections).astype(np.int64)

    def rank(self) -> IntArray:
        """Per student, the rank they gave their placement (as in the problem), or -1."""
        out = np.full(self.problem.n_students, UNPLACED, dtype=np.int64)
        placed = self.choice >= 0
        out[placed] = self.problem.choice_rank[self.choice[placed]]
        return out

    def cutoff(self, section: int) -> tuple[int, int] | None:
        """(priority, lottery) of the last student admitted to a full section, else None."""
        key = int(self.cutoff_key[section])
        return None if key < 0 else self.keys.decode(key)


def deferred_acceptance(
    problem: Problem,
    *,
    keys: Keys | None = None,
    tail_rounds: int = 48,
    tail_size: int = 2048,
) -> Assignment:
    """The student-optimal stable matching (one seat per student).

    Rounds are vectorised; after ``tail_rounds`` rounds, once at most ``tail_size`` students are
    left proposing, the remaining proposals run one at a time with a heap per section, so a long
    chain of displacements (one student per round) does not cost a full pass per step.
    """
    keys = keys if keys is not None else priority_keys(problem)
    n, n_sec = problem.n_students, problem.n_sections
    key = keys.key
    sections = problem.choice_section
    capacity = problem.capacity
    key_span = int(key.max()) + 1 if key.size else 1
    use_composite = n_sec * key_span < 2**62

    next_choice = problem.offsets[:-1].copy()
    end = problem.offsets[1:]
    held = np.full(n, UNPLACED, dtype=np.int64)  # application index held by each student
    held_section = np.full(n, n_sec, dtype=np.int64)  # n_sec stands for "none"
    touched = np.zeros(n_sec + 1, dtype=np.bool_)
    proposers = np.flatnonzero(next_choice < end)
    rounds = 0
    sequential = 0
    while proposers.size:
        if rounds >= tail_rounds and proposers.size <= tail_size:
            sequential = _finish_one_at_a_time(
                proposers=proposers,
                next_choice=next_choice,
                end=end,
                held=held,
                held_section=held_section,
                sections=sections,
                key=key,
                capacity=capacity,
            )
            break
        rounds += 1
        apps = next_choice[proposers]
        next_choice[proposers] += 1
        secs = sections[apps]
        touched[secs] = True
        touched[n_sec] = False
        holders = np.flatnonzero(touched[held_section])
        touched[secs] = False

        cand_student = np.concatenate((holders, proposers))
        cand_app = np.concatenate((held[holders], apps))
        cand_sec = sections[cand_app]
        cand_key = key[cand_app]
        if use_composite:
            # composite keys are distinct (a student is a candidate once, lotteries are distinct),
            # so an unstable sort gives the same order and is faster
            order = np.argsort(cand_sec * key_span + cand_key)
        else:
            order = np.lexsort((cand_key, cand_sec))
        cand_student = cand_student[order]
        cand_app = cand_app[order]
        cand_sec = cand_sec[order]
        # position of each candidate within its section's group
        idx = np.arange(cand_sec.size, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, cand_sec[1:] != cand_sec[:-1]])
        group_start = np.repeat(starts, np.diff(np.r_[starts, cand_sec.size]))
        keep = (idx - group_start) < capacity[cand_sec]

        kept_students = cand_student[keep]
        held[kept_students] = cand_app[keep]
        held_section[kept_students] = cand_sec[keep]
        rejected = cand_student[~keep]
        held[rejected] = UNPLACED
        held_section[rejected] = n_sec
        proposers = rejected[next_choice[rejected] < end[rejected]]

    placed = held >= 0
    section = np.where(placed, held_section, UNPLACED)
    position = np.full(n, UNPLACED, dtype=np.int64)
    position[placed] = held[placed] - problem.offsets[:-1][placed]
    cutoff_key = np.full(n_sec, UNPLACED, dtype=np.int64)
    if placed.any():
        np.maximum.at(cutoff_key, section[placed], key[held[placed]])
    counts = np.bincount(section[placed], minlength=n_sec)
    cutoff_key[(counts < capacity) | (capacity == 0)] = UNPLACED
    return Assignment(
        problem=problem,
        keys=keys,
        choice=held,
        section=section,
        position=position,
        cutoff_key=cutoff_key,
        rounds=rounds,
        sequential_proposals=sequential,
    )


def _finish_one_at_a_time(
    *,
    proposers: IntArray,
    next_choice: IntArray,
    end: IntArray,
    held: IntArray,
    held_section: IntArray,
    sections: IntArray,
    key: IntArray,
    capacity: IntArray,
) -> int:
    """Textbook deferred acceptance from the current state; returns the number of proposals."""
    n_sec = capacity.size
    order = np.argsort(held_section, kind="stable")
    bounds = np.searchsorted(held_section[order], np.arange(n_sec + 1))
    heaps: dict[int, list[tuple[int, int]]] = {}

    def heap_of(c: int) -> list[tuple[int, int]]:
        heap = heaps.get(c)
        if heap is None:  # built when first needed: max-heap of (key, student) as negated keys
            members = order[bounds[c] : bounds[c + 1]].tolist()
            heap = [(-int(key[held[s]]), s) for s in members]
            heapq.heapify(heap)
            heaps[c] = heap
        return heap

    proposals = 0
    for first in proposers.tolist():
        s = first
        while next_choice[s] < end[s]:
            i = int(next_choice[s])
            next_choice[s] = i + 1
            proposals += 1
            c = int(sections[i])
            k = int(key[i])
            heap = heap_of(c)
            if len(heap) < capacity[c]:
                heapq.heappush(heap, (-k, s))
                held[s], held_section[s] = i, c
                break
            if heap and -heap[0][0] > k:
                _, worst = heapq.heapreplace(heap, (-k, s))
                held[s], held_section[s] = i, c
                held[worst], held_section[worst] = UNPLACED, n_sec
                s = worst  # the displaced student proposes next
    return proposals
