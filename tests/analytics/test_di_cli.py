"""`openpathways equity di` on small CSV files written by the tests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli

HEADER = "year,race,students,transferred\n"
ROWS_2017 = [
    ("Asian", 3000, 2062),
    ("Black", 1000, 310),
    ("Hispanic", 2000, 410),
    ("Multi-Ethnicity", 500, 262),
    ("Native American", 100, 43),
    ("White", 3400, 2053),
]


def write(tmp_path: Path, text: str, name: str = "counts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cohort_file(tmp_path: Path, extra: str = "") -> Path:
    lines = "".join(f"2017,{g},{n},{s}\n" for g, n, s in ROWS_2017)
    return write(tmp_path, HEADER + lines + extra)


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["equity", "di", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


BASE = ("--group", "race", "--n", "students", "--successes", "transferred", "--cohort", "year")


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_ppg1_csv_matches_the_published_example(tmp_path: Path) -> None:
    path = cohort_file(tmp_path)
    code, out, _ = run("--input", path, *BASE, "--method", "ppg", "--reference", "all-but-current")
    assert code == 0
    assert out.splitlines()[0] == (
        "cohort,group,n,successes,rate,reference,gap,moe,di,needed_to_lose_flag,needed_for_parity"
    )
    black = parse(out)[1]
    assert black["group"] == "Black"
    assert black["di"] == "true"
    assert (black["needed_to_lose_flag"], black["needed_for_parity"]) == ("196", "227")
    # unrounded: the exact Python float, not a display rounding
    assert float(black["reference"]) == 4830 / 9000
    assert black["reference"] == repr(4830 / 9000)
    assert float(black["moe"]) == pytest.approx(0.030990321, abs=1e-9)


def test_single_group_cohort_is_reported_undefined_not_a_crash(tmp_path: Path) -> None:
    path = cohort_file(tmp_path, extra="2019,Only group,40,12\n")
    code, out, err = run(
        "--input", path, *BASE, "--method", "ppg", "--reference", "all-but-current"
    )
    assert code == 0
    last = parse(out)[-1]
    assert (last["cohort"], last["di"], last["reference"], last["gap"]) == (
        "2019",
        "undefined",
        "",
        "",
    )
    assert "PPG-1 is undefined with a single group" in err


def test_pi_and_eighty_columns_and_json(tmp_path: Path) -> None:
    path = cohort_file(tmp_path)
    code, out, _ = run("--input", path, *BASE, "--method", "pi")
    assert code == 0
    assert out.splitlines()[0] == (
        "cohort,group,n,successes,share_of_successes,share_of_group,index,di,"
        "needed_to_lose_flag,needed_for_parity"
    )
    code, out, _ = run("--input", path, *BASE, "--method", "80", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert list(rows[0]) == [
        "cohort",
        "group",
        "n",
        "successes",
        "rate",
        "reference",
        "index",
        "di",
        "needed_to_lose_flag",
        "needed_for_parity",
    ]
    assert rows[0]["reference"] == 2062 / 3000  # highest group by default
    assert [r["di"] for r in rows] == [False, True, True, True, True, False]


def test_named_group_and_fixed_reference_and_output_file(tmp_path: Path) -> None:
    path = cohort_file(tmp_path)
    out_file = tmp_path / "di.csv"
    code, out, _ = run(
        "--input",
        path,
        *BASE,
        "--method",
        "80",
        "--reference",
        "White",
        "--cutoff",
        "0.9",
        "--output",
        out_file,
    )
    assert code == 0
    assert out == ""
    rows = parse(out_file.read_text(encoding="utf-8"))
    assert rows[5]["index"] == "1.0"
    assert [r["di"] for r in rows] == ["false", "true", "true", "true", "true", "false"]
    code, out, _ = run("--input", path, *BASE, "--method", "ppg", "--reference", "0.54")
    assert {r["reference"] for r in parse(out)} == {"0.54"}


def test_moe_options_change_the_verdict(tmp_path: Path) -> None:
    path = write(tmp_path, "race,students,transferred\nFocus,5000,2500\nOthers,20000,10500\n")
    args = (
        "--input",
        path,
        "--group",
        "race",
        "--n",
        "students",
        "--successes",
        "transferred",
        "--method",
        "ppg",
        "--reference",
        "all-but-current",
    )
    _, default, _ = run(*args)
    _, proportion, _ = run(*args, "--moe-proportion", "--moe-floor", "0.02")
    assert parse(default)[0]["di"] == "false"
    assert parse(proportion)[0]["di"] == "true"
    assert parse(proportion)[0]["moe"] == "0.02"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("2017,Black,ten,3\n", "line 2, column 'students', value 'ten'"),
        ("2017,Black,10,11\n", "line 2, column 'transferred', value '11'"),
        ("2017,Black,0,0\n", "line 2, column 'students', value '0'"),
        ("2017,Black,10,-1\n", "line 2, column 'transferred', value '-1'"),
        ("2017,Black,10,2\n2017,Black,12,3\n", "line 3, column 'race', value 'Black'"),
    ],
)
def test_bad_input_is_located_and_nothing_is_written(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write(tmp_path, HEADER + body)
    out_file = tmp_path / "out.csv"
    code, _out, err = run("--input", path, *BASE, "--method", "ppg", "--output", out_file)
    assert code != 0
    assert str(path) in err
    assert expected in err
    assert not out_file.exists()


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "year,race,students\n2017,Black,10\n")
    code, _, err = run("--input", path, *BASE, "--method", "pi")
    assert code != 0
    assert "line 1, column 'transferred'" in err
    assert "--successes" in err


def test_unknown_reference_group_and_misplaced_options(tmp_path: Path) -> None:
    path = cohort_file(tmp_path)
    code, _, err = run("--input", path, *BASE, "--method", "ppg", "--reference", "Martian")
    assert code != 0
    assert "'Martian'" in err
    code, _, err = run("--input", path, *BASE, "--method", "pi", "--moe-floor", "0.02")
    assert code != 0
    assert "--moe-floor" in err


def test_help_documents_the_defaults() -> None:
    result = CliRunner().invoke(cli, ["equity", "di", "--help"])
    assert result.exit_code == 0
    assert "max(1.96*sqrt(0.25/n), 0.03)" in result.stdout
    assert "--reference highest, --cutoff 0.8" in result.stdout


def test_suppressed_output_hides_small_groups_and_what_they_feed(tmp_path: Path) -> None:
    path = write(tmp_path, "race,students,transferred\nA,300,200\nB,8,2\nC,250,90\nD,400,300\n")
    args = ("--input", path, "--group", "race", "--n", "students", "--successes", "transferred")
    code, out, _ = run(*args, "--method", "ppg", "--suppress", "10")
    assert code == 0
    rows = parse(out)
    b = rows[1]
    assert {b[c] for c in ("n", "successes", "rate", "gap", "moe", "di")} == {"*"}
    assert b["group"] == "B"
    # the next-smallest group is hidden too, so B is not the column total minus the others
    assert rows[2]["n"] == "*"
    assert rows[0]["n"] == "300"
    assert float(rows[0]["rate"]) == 200 / 300
    code, out, _ = run(*args, "--method", "80", "--suppress", "10", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data[1]["index"] == "*"
    assert data[0]["n"] == 300


def test_counts_with_thousands_separators_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, 'race,students,transferred\nA,"3,000","2,062"\nB,"1,000",310\n')
    code, out, _ = run(
        "--input",
        path,
        "--group",
        "race",
        "--n",
        "students",
        "--successes",
        "transferred",
        "--method",
        "ppg",
    )
    assert code == 0
    assert [r["n"] for r in parse(out)] == ["3000", "1000"]
