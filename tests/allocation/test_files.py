"""The fast reader returns exactly what the line-by-line reader returns, or steps aside."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openpathways.allocation.files import Inputs, InvalidInputError, read_inputs
from openpathways.allocation.files_fast import read_inputs_fast
from openpathways.allocation.problem import Problem
from tests.allocation.strategies import problems


def same(a: Inputs, b: Inputs) -> bool:
    arrays = (
        "tier",
        "capacity",
        "app_student",
        "app_section",
        "app_rank",
        "app_priority",
        "app_has_priority",
    )
    return (
        a.student_ids == b.student_ids
        and a.section_ids == b.section_ids
        and all(np.array_equal(getattr(a, n), getattr(b, n)) for n in arrays)
        and (a.lottery is None) == (b.lottery is None)
        and (a.lottery is None or b.lottery is None or np.array_equal(a.lottery, b.lottery))
    )


def write_problem(
    problem: Problem, folder: Path, *, lottery: bool, blanks: list[bool]
) -> tuple[Path, Path, Path]:
    students = ["student_id,tier" + (",lottery" if lottery else "")]
    students += [
        f"S{s},{s % 3}" + (f",{int(problem.lottery[s])}" if lottery else "")
        for s in range(problem.n_students)
    ]
    sections = ["capacity,section_id"] + [f"{int(k)},C{c}" for c, k in enumerate(problem.capacity)]
    apps = ["rank,student_id,section_id,priority"]
    rows = []
    for s in range(problem.n_students):
        start = int(problem.offsets[s])
        for i, c in enumerate(problem.choices(s)):
            prio = (
                ""
                if blanks[(start + i) % len(blanks)]
                else str(int(problem.choice_priority[start + i]))
            )
            rows.append(f"{i + 1},S{s},C{int(c)},{prio}")
    apps += rows[::-1]  # any order
    paths = (folder / "s.csv", folder / "c.csv", folder / "a.csv")
    for path, lines in zip(paths, (students, sections, apps), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(problems(), st.booleans(), st.lists(st.booleans(), min_size=1, max_size=4))
def test_fast_reader_equals_the_line_by_line_reader(tmp_path, problem, lottery, blanks) -> None:
    paths = write_problem(problem, tmp_path, lottery=lottery, blanks=blanks)
    fast = read_inputs_fast(*paths)
    assert fast is not None
    assert same(fast, read_inputs(*paths, fast=False))


@pytest.mark.parametrize(
    ("students", "applications"),
    [
        ("student_id,tier\n S1 ,2\nS2, 1\n", "student_id,section_id,rank\nS1,A,1\nS2 ,A,1\n"),
        (
            "\ufeffstudent_id,tier\nS1,2\n\nS2,1\n",
            "student_id,section_id,rank\nS1,A,01\n\nS2,A,1\n",
        ),
        ('student_id,tier\n"S1",2\n"S,2",1\n', 'student_id,section_id,rank\n"S,2",A,1\nS1,"A",1\n'),
        (
            "student_id,tier\nS1,+2\nS2,1\n",
            "student_id,section_id,rank,priority\nS1,A,1, \nS2,A,1,-0\n",
        ),
    ],
)
def test_unusual_but_valid_files_read_the_same_either_way(tmp_path, students, applications) -> None:
    s, c, a = tmp_path / "s.csv", tmp_path / "c.csv", tmp_path / "a.csv"
    s.write_text(students, encoding="utf-8")
    c.write_text("section_id,capacity\nA,1\n", encoding="utf-8")
    a.write_text(applications, encoding="utf-8")
    try:
        slow = read_inputs(s, c, a, fast=False)
    except InvalidInputError:
        with pytest.raises(InvalidInputError):
            read_inputs(s, c, a)
        assert read_inputs_fast(s, c, a) is None
        return
    fast = read_inputs_fast(s, c, a)
    assert fast is None or same(fast, slow)
    assert same(read_inputs(s, c, a), slow)
