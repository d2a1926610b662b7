"""`openpathways seats allocate` on small CSV files written by the tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from openpathways.allocation import draw_lottery
from openpathways.allocation.problem import Problem
from openpathways.cli.commands.seats import command
from tests.allocation.reference import textbook_deferred_acceptance
from tests.allocation.strategies import problems


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "students": write(tmp_path / "s.csv", "student_id,tier\nS1,2\nS2,1\nS3,2\nS4,3\n"),
        "sections": write(tmp_path / "c.csv", "section_id,capacity\nBIO,1\nCS,2\nART,0\n"),
        "applications": write(
            tmp_path / "a.csv",
            "student_id,section_id,rank,priority\n"
            "S1,BIO,1,\nS1,CS,2,\nS2,BIO,1,\nS3,ART,1,\nS3,BIO,2,\nS3,CS,3,\nS4,CS,1,\n",
        ),
        "labels": write(
            tmp_path / "t.csv",
            "tier,label_en,label_es\n1,seniors,estudiantes de último año\n"
            "2,host-school students,estudiantes de la escuela sede\n",
        ),
    }


def run(files: dict[str, Path], tmp_path: Path, *extra: str, seed: int = 7):
    args = [
        "allocate",
        "--students", str(files["students"]),
        "--sections", str(files["sections"]),
        "--applications", str(files["applications"]),
        "--seed", str(seed),
        "--output", str(tmp_path / "out.csv"),
        *extra,
    ]  # fmt: skip
    return CliRunner().invoke(command, args)


def test_allocates_and_writes_one_row_per_student_in_file_order(files, tmp_path) -> None:
    result = run(files, tmp_path)
    assert result.exit_code == 0, result.output
    rows = read(tmp_path / "out.csv")
    assert [r["student_id"] for r in rows] == ["S1", "S2", "S3", "S4"]
    placed = {r["student_id"]: (r["section_id"], r["rank"]) for r in rows}
    # S2 (tier 1) takes the single BIO seat; S1 and S3 share CS; S4 (tier 3) loses CS to them
    assert placed == {"S1": ("CS", "2"), "S2": ("BIO", "1"), "S3": ("CS", "3"), "S4": ("", "")}
    lottery = [int(r["lottery"]) for r in rows]
    assert lottery == draw_lottery(["S1", "S2", "S3", "S4"], 7).tolist()
    assert sorted(lottery) == [1, 2, 3, 4]
    assert "placed" in result.output
    assert "unplaced" in result.output
    assert "algorithm" in result.output


def test_same_seed_same_files_and_the_seed_matters(files, tmp_path) -> None:
    run(files, tmp_path, seed=11)
    first = (tmp_path / "out.csv").read_bytes()
    run(files, tmp_path, seed=11)
    assert (tmp_path / "out.csv").read_bytes() == first
    draws = {tuple(draw_lottery(["S1", "S2", "S3", "S4"], seed).tolist()) for seed in range(20)}
    assert len(draws) > 10


def test_lottery_ignores_row_order() -> None:
    ids = [f"S{i}" for i in range(50)]
    forward = dict(zip(ids, draw_lottery(ids, 3).tolist(), strict=True))
    backward = dict(zip(ids[::-1], draw_lottery(ids[::-1], 3).tolist(), strict=True))
    assert forward == backward


def test_lottery_from_the_students_file_is_used_as_is(files, tmp_path) -> None:
    # S1 and S3 are both tier 2 and compete for BIO when S2 is absent; lower lottery wins
    write(files["students"], "student_id,tier,lottery\nS1,2,900\nS2,1,5\nS3,2,17\nS4,3,40\n")
    write(files["sections"], "section_id,capacity\nBIO,1\nCS,0\nART,0\n")
    write(files["applications"], "student_id,section_id,rank\nS1,BIO,1\nS3,BIO,1\n")
    result = run(files, tmp_path)
    assert result.exit_code == 0, result.output
    rows = {r["student_id"]: r for r in read(tmp_path / "out.csv")}
    assert rows["S3"]["section_id"] == "BIO"
    assert rows["S1"]["section_id"] == ""
    assert [rows[s]["lottery"] for s in ("S1", "S2", "S3", "S4")] == ["900", "5", "17", "40"]


def test_waitlists_in_priority_order(files, tmp_path) -> None:
    result = run(files, tmp_path, "--waitlists", str(tmp_path / "w.csv"))
    assert result.exit_code == 0, result.output
    rows = [
        (r["section_id"], r["position"], r["student_id"], r["rank"])
        for r in read(tmp_path / "w.csv")
    ]
    lottery = dict(
        zip(["S1", "S3"], draw_lottery(["S1", "S2", "S3", "S4"], 7).tolist()[0::2], strict=True)
    )
    bio = sorted(["S1", "S3"], key=lottery.__getitem__)  # both tier 2 at BIO: lottery decides
    assert [r for r in rows if r[0] == "BIO"] == [
        ("BIO", "1", bio[0], "1" if bio[0] == "S1" else "2"),
        ("BIO", "2", bio[1], "1" if bio[1] == "S1" else "2"),
    ]
    assert [r for r in rows if r[0] == "CS"] == [("CS", "1", "S4", "1")]
    assert [r for r in rows if r[0] == "ART"] == [("ART", "1", "S3", "1")]


def test_explanations_in_english_and_spanish(files, tmp_path) -> None:
    explain = tmp_path / "e.csv"
    labels = ("--tier-labels", str(files["labels"]))
    assert run(files, tmp_path, "--explain", str(explain), *labels).exit_code == 0
    english = read(explain)
    s1 = [r for r in english if r["student_id"] == "S1"]
    assert [r["code"] for r in s1] == ["placed", "filled_higher_priority"]
    assert s1[0]["text"] == "Placed in your 2nd choice, CS."
    assert "Your 1st choice, BIO, filled with students of a higher priority tier" in s1[1]["text"]
    assert "the last seat went to: seniors" in s1[1]["text"]
    s3 = [r["code"] for r in english if r["student_id"] == "S3"]
    assert s3 == ["placed", "no_seats", "filled_higher_priority"]
    s4 = [r for r in english if r["student_id"] == "S4"]
    assert s4[0]["code"] == "unplaced"
    assert "tier 3" in s4[1]["text"]  # no label given for tier 3

    assert run(files, tmp_path, "--explain", str(explain), "--lang", "es", *labels).exit_code == 0
    spanish = read(explain)
    s1 = [r for r in spanish if r["student_id"] == "S1"]
    assert s1[0]["text"] == "Te asignamos un lugar en tu 2.ª opción, CS."
    assert "estudiantes de último año" in s1[1]["text"]
    assert [r["code"] for r in spanish] == [r["code"] for r in english]


def test_explains_a_lottery_loss(tmp_path) -> None:
    files = {
        "students": write(tmp_path / "s.csv", "student_id,tier,lottery\nA,1,10\nB,1,20\n"),
        "sections": write(tmp_path / "c.csv", "section_id,capacity\nX,1\n"),
        "applications": write(tmp_path / "a.csv", "student_id,section_id,rank\nA,X,1\nB,X,1\n"),
    }
    assert run(files, tmp_path, "--explain", str(tmp_path / "e.csv")).exit_code == 0
    b = [r for r in read(tmp_path / "e.csv") if r["student_id"] == "B"]
    assert [r["code"] for r in b] == ["unplaced", "filled_lottery"]
    assert "the last seat went to number 10; yours is 20" in b[1]["text"]


@pytest.mark.parametrize(
    ("which", "text", "expected"),
    [
        (
            "students",
            "student_id,tier\nS1,2\nS2,high\n",
            "s.csv, line 3, column tier: not an integer (value: 'high')",
        ),
        (
            "students",
            "student_id,tier\nS1,2\nS1,1\n",
            "s.csv, line 3, column student_id: duplicate student_id (value: 'S1')",
        ),
        (
            "students",
            "student_id,tiers\nS1,2\n",
            "s.csv, line 1, column tier: missing column 'tier'",
        ),
        (
            "students",
            "student_id,tier,lottery\nS1,2,5\nS2,1,5\nS3,2,6\nS4,1,7\n",
            "s.csv, line 3, column lottery: duplicate lottery number (also on line 2)",
        ),
        (
            "sections",
            "section_id,capacity\nBIO,1.5\nCS,2\nART,0\n",
            "c.csv, line 2, column capacity: not an integer (value: '1.5')",
        ),
        (
            "sections",
            "section_id,capacity\nBIO,-1\nCS,2\nART,0\n",
            "c.csv, line 2, column capacity: must be at least 0 (value: '-1')",
        ),
        (
            "sections",
            "section_id\nBIO\n",
            "c.csv, line 1, column capacity: missing column 'capacity'",
        ),
        (
            "applications",
            "student_id,section_id,rank\nS9,BIO,1\n",
            "a.csv, line 2, column student_id: unknown student_id (not in the students file) "
            "(value: 'S9')",
        ),
        (
            "applications",
            "student_id,section_id,rank\nS1,MATH,1\n",
            "a.csv, line 2, column section_id: unknown section_id (not in the sections file) "
            "(value: 'MATH')",
        ),
        (
            "applications",
            "student_id,section_id,rank\nS1,BIO,1\nS1,CS,1\n",
            "a.csv, line 3, column rank: duplicate rank for student S1 (also on line 2) "
            "(value: '1')",
        ),
        (
            "applications",
            "student_id,section_id,rank\nS1,BIO,1\nS1,BIO,2\n",
            "a.csv, line 3, column section_id: student S1 ranked this section twice "
            "(also on line 2) (value: 'BIO')",
        ),
        (
            "applications",
            "student_id,section_id,rank\nS1,BIO,0\n",
            "a.csv, line 2, column rank: must be at least 1 (value: '0')",
        ),
        (
            "applications",
            "student_id,section_id,rank,priority\nS1,BIO,1,top\n",
            "a.csv, line 2, column priority: not an integer (value: 'top')",
        ),
        (
            "applications",
            "student_id,section_id,rank\nS1,BIO\n",
            "a.csv, line 2: expected 3 fields, found 2 (value: 'S1,BIO')",
        ),
    ],
)
def test_bad_input_names_file_line_column_and_value_and_writes_nothing(
    files, tmp_path, which, text, expected
) -> None:
    write(files[which], text)
    out = tmp_path / "out.csv"
    out.write_text("previous result\n", encoding="utf-8")
    result = run(files, tmp_path, "--waitlists", str(tmp_path / "w.csv"))
    assert result.exit_code == 1
    assert expected in result.output
    assert "nothing was written" in result.output
    assert out.read_text(encoding="utf-8") == "previous result\n"
    assert not (tmp_path / "w.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.csv",
        "c.csv",
        "out.csv",
        "s.csv",
        "t.csv",
    ]


def test_reports_every_error_at_once(files, tmp_path) -> None:
    write(files["students"], "student_id,tier\nS1,x\nS2,y\n")
    write(files["applications"], "student_id,section_id,rank\nS2,BIO,1\nS1,NOPE,1\n")
    result = run(files, tmp_path)
    assert result.exit_code == 1
    assert "line 2, column tier" in result.output
    assert "line 3, column tier" in result.output
    assert "NOPE" in result.output
    assert "unknown student_id" not in result.output  # S1 and S2 were reported once, in s.csv
    assert "3 error(s) found" in result.output


def _csv_files(problem: Problem, folder: Path) -> dict[str, Path]:
    students = ["student_id,tier,lottery"]
    students += [f"S{s},0,{int(problem.lottery[s])}" for s in range(problem.n_students)]
    sections = ["section_id,capacity"] + [f"C{c},{int(k)}" for c, k in enumerate(problem.capacity)]
    apps = ["student_id,section_id,rank,priority"]
    for s in range(problem.n_students):
        start = int(problem.offsets[s])
        for i, c in enumerate(problem.choices(s)):
            apps.append(f"S{s},C{int(c)},{i + 1},{int(problem.choice_priority[start + i])}")
    return {
        "students": write(folder / "s.csv", "\n".join(students) + "\n"),
        "sections": write(folder / "c.csv", "\n".join(sections) + "\n"),
        "applications": write(folder / "a.csv", "\n".join(apps) + "\n"),
    }


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(problems())
def test_files_round_trip_matches_the_textbook_loop(tmp_path, problem: Problem) -> None:
    files = _csv_files(problem, tmp_path)
    result = run(files, tmp_path)
    assert result.exit_code == 0, result.output
    expected = textbook_deferred_acceptance(problem)
    got = [r["section_id"] for r in read(tmp_path / "out.csv")]
    assert got == [f"C{c}" if c >= 0 else "" for c in expected]


def test_a_missing_input_file_is_named_and_nothing_is_written(files, tmp_path) -> None:
    files["sections"].unlink()
    result = run(files, tmp_path)
    assert result.exit_code != 0
    assert "c.csv" in result.output
    assert "does not exist" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_a_value_too_large_is_out_of_range(files, tmp_path) -> None:
    write(files["sections"], "section_id,capacity\nBIO,99999999999999999999\nCS,2\nART,0\n")
    result = run(files, tmp_path)
    assert result.exit_code == 1
    assert "c.csv, line 2, column capacity: out of range" in result.output


def test_outputs_may_not_overwrite_inputs_or_each_other(files, tmp_path) -> None:
    before = files["students"].read_bytes()
    result = run(files, tmp_path, "--waitlists", str(files["students"]))
    assert result.exit_code == 2
    assert "distinct from the inputs" in result.output
    assert files["students"].read_bytes() == before
    result = run(files, tmp_path, "--explain", str(tmp_path / "out.csv"))
    assert result.exit_code == 2
    assert not (tmp_path / "out.csv").exists()


def test_bad_tier_labels_are_reported(files, tmp_path) -> None:
    write(files["labels"], "tier,label_en,label_es\nseniors,seniors,último año\n")
    result = run(files, tmp_path, "--tier-labels", str(files["labels"]))
    assert result.exit_code == 1
    assert "t.csv, line 2, column tier: not an integer (value: 'seniors')" in result.output
    assert not (tmp_path / "out.csv").exists()
