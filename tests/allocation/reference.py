"""Independent implementations used as oracles: kept deliberately simple and slow."""

from __future__ import annotations

import warnings

from openpathways.allocation.problem import Problem


def textbook_deferred_acceptance(problem: Problem) -> list[int]:
    """One proposal at a time (Gale and Shapley): the section each student holds, or -1."""
    lists = [[int(c) for c in problem.choices(s)] for s in range(problem.n_students)]
    prio = [
        [int(p) for p in problem.choice_priority[problem.offsets[s] : problem.offsets[s + 1]]]
        for s in range(problem.n_students)
    ]
    lottery = [int(x) for x in problem.lottery]
    capacity = [int(c) for c in problem.capacity]
    next_index = [0] * problem.n_students
    holders: list[list[int]] = [[] for _ in capacity]
    held = [-1] * problem.n_students

    def rank_at(student: int, section: int) -> tuple[int, int]:
        return (prio[student][lists[student].index(section)], lottery[student])

    free = list(range(problem.n_students))
    while free:
        student = free.pop()
        if next_index[student] >= len(lists[student]):
            continue
        section = lists[student][next_index[student]]
        next_index[student] += 1
        holders[section].append(student)
        held[student] = section
        if len(holders[section]) > capacity[section]:
            worst = max(holders[section], key=lambda s: rank_at(s, section))
            holders[section].remove(worst)
            held[worst] = -1
            free.append(worst)
    return held


def matching_package_hr(problem: Problem) -> list[int]:
    """The `matching` package's resident-optimal hospital-resident solver."""
    from matching.games import HospitalResident

    lottery = [int(x) for x in problem.lottery]
    resident_prefs: dict[int, list[int]] = {}
    applicants: dict[int, list[tuple[tuple[int, int], int]]] = {}
    for s in range(problem.n_students):
        start = int(problem.offsets[s])
        ranked = []
        for i, raw in enumerate(problem.choices(s)):
            section = int(raw)
            if problem.capacity[section] == 0:
                continue  # the package excludes hospitals without capacity
            ranked.append(section)
            key = (int(problem.choice_priority[start + i]), lottery[s])
            applicants.setdefault(section, []).append((key, s))
        if ranked:
            resident_prefs[s] = ranked
    hospital_prefs = {h: [s for _, s in sorted(apps)] for h, apps in applicants.items()}
    capacities = {h: int(problem.capacity[h]) for h in hospital_prefs}
    held = [-1] * problem.n_students
    if not resident_prefs:
        return held
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        matching = game.solve(optimal="resident")
    for hospital, residents in matching.items():
        for resident in residents:
            held[int(resident.name)] = int(hospital.name)
    return held
