"""`openpathways cci project` on small CSV files written by the tests: outputs and refusals."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli

STUDENTS = """student_id,graduated,ag_complete,sbac_ela,sbac_math
s1,Y,N,,
s2,Y,N,,
s3,Y,N,,
s4,N,N,,
s5,Y,Y,3,2
s6,Y,N,2,2
s7,Y,N,,
"""

COURSES = """student_id,year,kind,term_length,grade,units,college_credit,subject,pathway
s1,2024-25,college,semester,B,3,Y,academic,
s1,2024-25,college,semester,C-,3,Y,academic,
s2,2024-25,college,semester,A,3,Y,academic,
s2,2024-25,college,semester,D,3,Y,academic,
s3,2024-25,college,quarter,C,4,Y,academic,
s3,2024-25,college,quarter,C,4,Y,cte,
s3,2024-25,college,quarter,P,4.5,Y,academic,
s4,2024-25,college,semester,A,3,Y,academic,
s4,2024-25,college,semester,A,3,Y,academic,
s4,2024-25,college,semester,A,3,Y,academic,
s4,2024-25,college,semester,A,3,Y,academic,
s7,2024-25,cte_capstone,,B,,,,160
s7,2024-25,college,semester,A,3,Y,cte,160
"""


def write(tmp_path: Path, students: str = STUDENTS, courses: str = COURSES) -> tuple[Path, Path]:
    s = tmp_path / "S.csv"
    c = tmp_path / "C.csv"
    s.write_text(students, encoding="utf-8")
    c.write_text(courses, encoding="utf-8")
    return s, c


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["cci", "project", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def rows(text: str) -> dict[str, dict[str, str]]:
    table = text.split("\n\n", maxsplit=1)[0]
    return {r["student_id"]: r for r in csv.DictReader(io.StringIO(table))}


def test_csv_output_per_student(tmp_path: Path) -> None:
    s, c = write(tmp_path)
    code, out, _ = run("--students", s, "--courses", c)
    assert code == 0
    assert out.splitlines()[0] == "student_id,level,measures,de_units"
    got = rows(out)
    assert list(got) == ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]
    assert got["s1"] == {
        "student_id": "s1",
        "level": "Prepared",
        "measures": "prepared.college_credit",
        "de_units": "6",
    }
    assert got["s2"]["level"] == "Approaching Prepared"
    assert got["s2"]["de_units"] == "3"
    assert got["s3"]["level"] == "Prepared"
    assert got["s3"]["de_units"] == "12.5"
    assert got["s4"] == {
        "student_id": "s4",
        "level": "Not Prepared",
        "measures": "",
        "de_units": "12",
    }
    assert got["s5"]["measures"] == "prepared.ag_sbac"
    assert got["s6"]["measures"] == "approaching.sbac"
    # capstone and college course in the same year and the same pathway: not Prepared
    assert got["s7"]["level"] == "Approaching Prepared"
    assert got["s7"]["measures"] == "approaching.college_credit;approaching.cte"
    assert "\n\n" not in out  # no summary unless asked


def test_summary_in_csv(tmp_path: Path) -> None:
    s, c = write(tmp_path)
    code, out, _ = run("--students", s, "--courses", c, "--summary")
    assert code == 0
    summary = list(csv.reader(io.StringIO(out.split("\n\n")[1])))
    assert summary == [
        ["summary", "count", "percent"],
        ["status", "3", "42.9"],
        ["cohort", "7", "100.0"],
        ["Prepared", "3", "42.9"],
        ["Approaching Prepared", "3", "42.9"],
        ["Not Prepared", "1", "14.3"],
        ["term_rule", "combined", ""],
    ]


def test_json_with_summary_to_a_file(tmp_path: Path) -> None:
    s, c = write(tmp_path)
    target = tmp_path / "out" / "cci.json"
    code, out, _ = run(
        "--students", s, "--courses", c, "--format", "json", "--summary", "--output", target
    )
    assert code == 0
    assert out == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["term_rule"] == "combined"
    first = doc["students"][0]
    assert first == {
        "student_id": "s1",
        "level": "Prepared",
        "measures": ["prepared.college_credit"],
        "de_units": 6.0,
    }
    assert doc["summary"]["cohort"] == 7
    assert doc["summary"]["prepared"] == 3
    assert doc["summary"]["status_percent"] == 42.9
    assert doc["summary"]["levels"]["Not Prepared"] == {"count": 1, "percent": 14.3}
    assert doc["summary"]["measures"]["approaching.cte"] == 1


def test_term_rule_separate_is_stated_and_applied(tmp_path: Path) -> None:
    s, c = write(
        tmp_path,
        "student_id,graduated,ag_complete,sbac_ela,sbac_math\nm1,Y,N,,\n",
        "student_id,year,kind,term_length,grade,units,college_credit,subject,pathway\n"
        "m1,2024-25,college,semester,A,3,Y,academic,\n"
        "m1,2024-25,college,quarter,A,4,Y,academic,\n"
        "m1,2024-25,college,quarter,A,4,Y,academic,\n",
    )
    _, combined, _ = run("--students", s, "--courses", c)
    _, separate, _ = run("--students", s, "--courses", c, "--term-rule", "separate", "--summary")
    assert rows(combined)["m1"]["level"] == "Prepared"
    assert rows(separate)["m1"]["level"] == "Approaching Prepared"
    assert separate.rstrip().endswith("term_rule,separate,")


def test_empty_courses_file_with_header_only(tmp_path: Path) -> None:
    s, c = write(tmp_path, courses="student_id,year,kind,term_length,grade,units,"
                 "college_credit,subject,pathway\n")  # fmt: skip
    code, out, _ = run("--students", s, "--courses", c)
    assert code == 0
    assert rows(out)["s5"]["level"] == "Prepared"


def test_byte_order_mark_and_extra_columns_are_accepted(tmp_path: Path) -> None:
    s, c = write(
        tmp_path,
        "\ufeffstudent_id,school,graduated,ag_complete,sbac_ela,sbac_math\nx1,Roosevelt,y,n,4,4\n",
        "student_id,year,kind,term_length,grade,units,college_credit,subject,pathway\n",
    )
    code, out, _ = run("--students", s, "--courses", c)
    assert code == 0
    assert rows(out)["x1"]["level"] == "Prepared"


# --- refusals ----------------------------------------------------------------------------------


def refused(tmp_path: Path, students: str = STUDENTS, courses: str = COURSES) -> str:
    s, c = write(tmp_path, students, courses)
    target = tmp_path / "out.csv"
    code, out, err = run("--students", s, "--courses", c, "--output", target)
    assert code == 1
    assert out == ""
    assert not target.exists()
    assert "Nothing was written." in err
    return err


def test_missing_column_is_named(tmp_path: Path) -> None:
    err = refused(tmp_path, students="student_id,graduated,sbac_ela,sbac_math\ns1,Y,3,3\n")
    assert "S.csv, line 1, column ag_complete" in err
    assert "student_id,graduated,ag_complete,sbac_ela,sbac_math" in err


def test_missing_course_column_is_named(tmp_path: Path) -> None:
    courses = COURSES.replace(",pathway\n", "\n", 1)
    err = refused(tmp_path, courses=courses)
    assert "C.csv, line 1, column pathway" in err


@pytest.mark.parametrize(
    ("old", "new", "column", "expected"),
    [
        (
            "s1,2024-25,college,semester,B,3",
            "s1,2024-25,college,semster,B,3",
            "term_length",
            "semester, quarter, trimester",
        ),
        ("s1,2024-25,college,semester,B,3", "s1,2024-25,course,semester,B,3", "kind", "college"),
        ("s1,2024-25,college,semester,B,3", "s1,2024-25,college,semester,E,3", "grade", "P, NP"),
        (
            "s1,2024-25,college,semester,B,3,Y",
            "s1,2024-25,college,semester,B,3,Yes",
            "college_credit",
            "Y or N",
        ),
        (
            "s1,2024-25,college,semester,B,3,Y,academic",
            "s1,2024-25,college,semester,B,3,Y,math",
            "subject",
            "academic, cte, other",
        ),
        (
            "s1,2024-25,college,semester,B,3",
            "s1,2024-25,college,semester,B,three",
            "units",
            "number",
        ),
        ("s1,2024-25,college,semester,B,3", "s1,2024-26,college,semester,B,3", "year", "2024-25"),
        (
            "s1,2024-25,college,semester,B,3",
            "s9,2024-25,college,semester,B,3",
            "student_id",
            "students file",
        ),
    ],
)
def test_bad_course_value_names_file_line_column_value(
    tmp_path: Path, old: str, new: str, column: str, expected: str
) -> None:
    err = refused(tmp_path, courses=COURSES.replace(old, new, 1))
    value = new.split(",")[COURSE_INDEX[column]]
    assert f"C.csv, line 2, column {column}: '{value}'" in err
    assert expected in err


COURSE_INDEX = {
    "student_id": 0,
    "year": 1,
    "kind": 2,
    "term_length": 3,
    "grade": 4,
    "units": 5,
    "college_credit": 6,
    "subject": 7,
}


def test_capstone_without_pathway_is_refused(tmp_path: Path) -> None:
    err = refused(
        tmp_path, courses=COURSES.replace("cte_capstone,,B,,,,160", "cte_capstone,,B,,,,")
    )
    assert "C.csv, line 13, column pathway: ''" in err


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("s2,Y,N,,", "s2,yes,N,,", "graduated"),
        ("s2,Y,N,,", "s2,Y,X,,", "ag_complete"),
        ("s2,Y,N,,", "s2,Y,N,5,", "sbac_ela"),
        ("s2,Y,N,,", "s2,Y,N,,3.5", "sbac_math"),
    ],
)
def test_bad_student_value_names_file_line_column_value(
    tmp_path: Path, old: str, new: str, column: str
) -> None:
    err = refused(tmp_path, students=STUDENTS.replace(old, new, 1))
    assert f"S.csv, line 3, column {column}:" in err


def test_duplicate_student_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, students=STUDENTS + "s1,N,N,,\n")
    assert "S.csv, line 9, column student_id: 's1'" in err
    assert "already on line 2" in err


def test_every_problem_is_listed(tmp_path: Path) -> None:
    courses = COURSES + "s8,2024-25,college,semester,Z,3,Y,academic,\n"
    err = refused(tmp_path, students=STUDENTS.replace("s2,Y,N,,", "s2,?,N,,"), courses=courses)
    assert "S.csv, line 3, column graduated: '?'" in err
    assert "C.csv, line 15, column student_id: 's8'" in err
    assert "C.csv, line 15, column grade: 'Z'" in err


def test_existing_output_is_left_untouched_on_refusal(tmp_path: Path) -> None:
    s, c = write(tmp_path, courses=COURSES.replace(",B,3,", ",B,-3,", 1))
    target = tmp_path / "out.csv"
    target.write_text("previous\n", encoding="utf-8")
    code, _, err = run("--students", s, "--courses", c, "--output", target)
    assert code == 1
    assert "column units: '-3'" in err
    assert target.read_text(encoding="utf-8") == "previous\n"


def test_installed_command_exits_non_zero_on_bad_input(tmp_path: Path) -> None:
    s, c = write(tmp_path, courses=COURSES.replace("semester,B", "semestre,B", 1))
    exe = Path(sys.executable).with_name("openpathways")
    done = subprocess.run(
        [str(exe), "cci", "project", "--students", str(s), "--courses", str(c)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "C.csv, line 2, column term_length: 'semestre'" in done.stderr
