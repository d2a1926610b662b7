"""`openpathways equity`: equity analyses on summarized counts (no database needed)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

DI_HELP = """Disproportionate impact (DI) by the California Community Colleges methods.

Reads a CSV with one row per cohort and group (group size and successes) and writes one row per
cohort and group. Every computation is made within one cohort, on unrounded values.

\b
Methods:
  ppg  percentage point gap: DI when rate + MOE <= reference.
       Columns: cohort,group,n,successes,rate,reference,gap,moe,di,
                needed_to_lose_flag,needed_for_parity
  pi   proportionality index (share of successes / share of the cohort); DI when < cutoff.
       Columns: cohort,group,n,successes,share_of_successes,share_of_group,index,di,
                needed_to_lose_flag,needed_for_parity
  80   80% index (rate / reference); DI when < cutoff.
       Columns: cohort,group,n,successes,rate,reference,index,di,
                needed_to_lose_flag,needed_for_parity

\b
Defaults (CCCCO conventions):
  ppg: --reference overall (2017 Percentage Point Gap Method) and the 2017 MOE,
       max(1.96*sqrt(0.25/n), 0.03). PPG-1 as in the 2022 notes:
       --reference all-but-current --moe-proportion --moe-floor 0.02
       (with --moe-proportion, p = 0 and p = 1 are replaced by --sub0/--sub1, default 0.5).
  80:  --reference highest, --cutoff 0.8.
  pi:  --cutoff 0.8 (no reference).

--reference takes overall, all-but-current (PPG-1), highest, a group name or a rate between 0
and 1 (e.g. a statewide rate). Counts of successes needed hold the reference (and the MOE) fixed.
PPG-1 with a single group in a cohort is undefined: its row says `undefined` in the di column.
"""


@click.group(name="equity")
def command() -> None:
    """Equity analyses: disproportionate impact."""


@command.command(name="di", help=DI_HELP)
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(path_type=Path),
    help="CSV file with a header line.",
)
@click.option("--group", "group_col", required=True, help="Column holding the group name.")
@click.option("--n", "n_col", required=True, help="Column holding the group size.")
@click.option(
    "--successes", "successes_col", required=True, help="Column holding the number of successes."
)
@click.option(
    "--cohort",
    "cohort_col",
    default=None,
    help="Column holding the cohort (each cohort is analysed on its own).",
)
@click.option(
    "--method",
    type=click.Choice(["ppg", "pi", "80"]),
    required=True,
    help="ppg, pi (proportionality index) or 80 (80% index).",
)
@click.option(
    "--reference",
    default=None,
    help="overall | all-but-current | highest | <group name> | <rate>. "
    "Default: overall for ppg, highest for 80.",
)
@click.option(
    "--moe-floor", type=float, default=None, help="ppg: minimum margin of error. [default: 0.03]"
)
@click.option(
    "--moe-proportion",
    is_flag=True,
    default=False,
    help="ppg: use the observed rate in the MOE instead of 0.5.",
)
@click.option(
    "--sub0",
    type=float,
    default=None,
    help="ppg with --moe-proportion: p used when the rate is 0. [default: 0.5]",
)
@click.option(
    "--sub1",
    type=float,
    default=None,
    help="ppg with --moe-proportion: p used when the rate is 1. [default: 0.5]",
)
@click.option(
    "--cutoff",
    type=float,
    default=None,
    help="pi and 80: DI when the index is below this. [default: 0.8]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--suppress",
    "suppress_threshold",
    type=click.IntRange(min=1),
    default=None,
    help="Publishable output: hide counts of 1..N (10 is the CDE rule) and every value "
    "computed from a hidden count, with complementary cells within each cohort.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Write here instead of standard output.",
)
def di(  # noqa: PLR0917 - click passes every option as an argument
    input_path: Path,
    group_col: str,
    n_col: str,
    successes_col: str,
    cohort_col: str | None,
    method: str,
    reference: str | None,
    moe_floor: float | None,
    moe_proportion: bool,
    sub0: float | None,
    sub1: float | None,
    cutoff: float | None,
    fmt: str,
    suppress_threshold: int | None,
    output_path: Path | None,
) -> None:
    from openpathways.analytics import di as di_mod
    from openpathways.analytics.di_io import InputError, read_group_counts, render_rows

    if method != "ppg":
        used = [
            name
            for name, value in (("--moe-floor", moe_floor), ("--sub0", sub0), ("--sub1", sub1))
            if value is not None
        ]
        if moe_proportion:
            used.append("--moe-proportion")
        if used:
            raise click.UsageError(f"{', '.join(used)} apply to --method ppg only")
    if method == "ppg" and cutoff is not None:
        raise click.UsageError("--cutoff applies to --method pi and 80 only")
    if method == "pi" and reference is not None:
        raise click.UsageError("--reference does not apply to --method pi")
    if not moe_proportion and (sub0 is not None or sub1 is not None):
        raise click.UsageError("--sub0/--sub1 need --moe-proportion")

    try:
        counts = read_group_counts(
            input_path,
            group_col=group_col,
            n_col=n_col,
            successes_col=successes_col,
            cohort_col=cohort_col,
        )
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)

    try:
        ref = None
        if reference is not None:
            ref = di_mod.Reference.parse(reference, groups={c.group for c in counts})
        moe = di_mod.MoeOptions(
            floor=di_mod.DEFAULT_MOE_FLOOR if moe_floor is None else moe_floor,
            use_proportion=moe_proportion,
            sub0=di_mod.DEFAULT_SUBSTITUTE if sub0 is None else sub0,
            sub1=di_mod.DEFAULT_SUBSTITUTE if sub1 is None else sub1,
        )
        rows = di_mod.di_compute(
            counts,
            method,
            reference=ref,
            moe=moe,
            cutoff=di_mod.DEFAULT_CUTOFF if cutoff is None else cutoff,
        )
    except di_mod.DIError as exc:
        click.echo(f"Error: {input_path}: {exc}", err=True)
        sys.exit(2)

    columns = {
        "ppg": di_mod.PpgRow.COLUMNS,
        "pi": di_mod.PiRow.COLUMNS,
        "80": di_mod.EightyRow.COLUMNS,
    }[method]
    text = render_rows(rows, columns, fmt, suppress_threshold=suppress_threshold)
    for row in rows:
        if row.note:
            where = f"cohort {row.cohort!r}, " if row.cohort else ""
            click.echo(f"Note: {where}group {row.group!r}: {row.note}", err=True)
    if output_path is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output_path, text)


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing (a temporary file renamed into place)."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise click.UsageError(f"output folder does not exist: {directory}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
