"""`openpathways privacy suppress` on small CSV files written by the tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["privacy", "suppress", *map(str, args)])
    return result.exit_code, result.stderr


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(text, encoding="utf-8")
    return path


GENDER = (
    "school,Female,Male,Non-binary,Total,nb_rate\n"
    "Roosevelt HS,120,115,4,239,0.0167\n"
    "Garfield HS,0,0,0,0,\n"
)


def test_gender_example_hides_a_second_cell_and_the_rate(tmp_path: Path) -> None:
    src = write(tmp_path, GENDER)
    out = tmp_path / "public.csv"
    code, err = run(
        "--input",
        src,
        "--count-cols",
        "Female,Male,Non-binary",
        "--total-col",
        "Total",
        "--rate-cols",
        "nb_rate",
        "--rate-bases",
        "Non-binary",
        "--column-totals",
        "none",
        "--output",
        out,
    )
    assert code == 0, err
    rows = read(out)
    assert rows[0] == {
        "school": "Roosevelt HS",
        "Female": "120",
        "Male": "*",
        "Non-binary": "*",
        "Total": "239",
        "nb_rate": "*",
    }
    # zero counts show 0; a rate over an empty denominator shows --
    assert rows[1] == {
        "school": "Garfield HS",
        "Female": "0",
        "Male": "0",
        "Non-binary": "0",
        "Total": "0",
        "nb_rate": "--",
    }
    assert "1 small cell(s), 1 complementary" in err


def test_column_totals_published_elsewhere_protect_columns(tmp_path: Path) -> None:
    # With the column totals known (the default assumption), Male 115 would be the Male total
    # minus Garfield's 0: Garfield's cells in those columns are hidden too.
    src = write(tmp_path, GENDER)
    out = tmp_path / "public.csv"
    code, _ = run(
        "--input",
        src,
        "--count-cols",
        "Female,Male,Non-binary",
        "--total-col",
        "Total",
        "--output",
        out,
    )
    assert code == 0
    garfield = read(out)[1]
    assert (garfield["Male"], garfield["Non-binary"]) == ("*", "*")
    assert garfield["Female"] == "0"


def test_total_row_and_threshold(tmp_path: Path) -> None:
    src = write(
        tmp_path,
        "group,enrolled,completed\nA,25,12\nB,40,31\nC,18,15\nAll,83,58\n",
    )
    out = tmp_path / "public.csv"
    code, _ = run(
        "--input",
        src,
        "--count-cols",
        "enrolled,completed",
        "--threshold",
        "12",
        "--total-row-label",
        "All",
        "--output",
        out,
    )
    assert code == 0
    rows = read(out)
    completed = [r["completed"] for r in rows]
    assert completed[0] == "*"  # 12 is small under a threshold of 12
    assert completed.count("*") >= 2  # and cannot be recovered from the total row
    code, _ = run(
        "--input",
        src,
        "--count-cols",
        "enrolled,completed",
        "--total-row-label",
        "All",
        "--output",
        out,
    )
    assert "*" not in out.read_text(encoding="utf-8")  # default threshold 10: nothing small


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("A,12,x,20\n", "line 2, column 'Male', value 'x'"),
        ("A,12,-3,20\n", "line 2, column 'Male', value '-3'"),
        ("A,12,2.5,20\n", "line 2, column 'Male', value '2.5'"),
        ("A,12,30,20\n", "line 2, column 'Total', value '20'"),
    ],
)
def test_bad_counts_are_located_and_nothing_is_written(
    tmp_path: Path, body: str, expected: str
) -> None:
    src = write(tmp_path, "school,Female,Male,Total\n" + body)
    out = tmp_path / "public.csv"
    code, err = run(
        "--input", src, "--count-cols", "Female,Male", "--total-col", "Total", "--output", out
    )
    assert code != 0
    assert str(src) in err
    assert expected in err
    assert not out.exists()


def test_missing_column_and_mismatched_rates(tmp_path: Path) -> None:
    src = write(tmp_path, GENDER)
    out = tmp_path / "public.csv"
    code, err = run("--input", src, "--count-cols", "Female,Men", "--output", out)
    assert code != 0
    assert "line 1, column 'Men'" in err
    code, err = run(
        "--input", src, "--count-cols", "Female,Male", "--rate-cols", "nb_rate", "--output", out
    )
    assert code != 0
    assert "--rate-bases" in err
    assert not out.exists()
