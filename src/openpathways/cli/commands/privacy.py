"""`openpathways privacy`: small-cell protection for files before they are published."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

SUPPRESS_HELP = """Apply small-cell suppression to a CSV table before it is published.

\b
- Counts of 1..THRESHOLD (default 10, the CDE rule) become `*`; zero stays `0`; an empty cell
  or an empty (zero) denominator becomes `--`.
- Rates (--rate-cols, each computed from the matching --rate-bases count, divided by
  --total-col when given) are `*` whenever their count or denominator is hidden.
- Complementary suppression hides the next-smallest cell wherever a row (with --total-col) or a
  column would otherwise have exactly one hidden cell, until stable across rows and columns;
  a final check solves the published totals exactly and hides more if any value is still
  determined.
- Columns are protected as if their totals were published (a total row named by
  --total-row-label, or totals published elsewhere); pass --column-totals none when the rows
  are not parts of one whole.

The output is written completely or not at all.
"""


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()] if text else []


@click.group(name="privacy")
def command() -> None:
    """Privacy protection for published tables."""


@command.command(name="suppress", help=SUPPRESS_HELP)
@click.option(
    "--input",
    "input_path",
    required=True,
    type=click.Path(path_type=Path),
    help="CSV file with a header line.",
)
@click.option("--count-cols", required=True, help="Comma-separated count columns.")
@click.option("--total-col", default=None, help="Column holding each row's total.")
@click.option(
    "--threshold",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Largest count hidden on its own.",
)
@click.option("--rate-cols", default=None, help="Comma-separated rate columns.")
@click.option(
    "--rate-bases",
    default=None,
    help="Comma-separated count columns the rates are computed from (same order).",
)
@click.option(
    "--total-row-label",
    default=None,
    help="Value in --label-col that marks the row of column totals.",
)
@click.option(
    "--label-col",
    default=None,
    help="Column searched for --total-row-label (default: the first column).",
)
@click.option(
    "--column-totals",
    type=click.Choice(["implicit", "none"]),
    default="implicit",
    show_default=True,
    help="Without a total row: protect columns as if their totals were published "
    "elsewhere (implicit), or not (none).",
)
@click.option(
    "--output",
    "output_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Where to write the suppressed CSV.",
)
def suppress(  # noqa: PLR0917 - click passes every option as an argument
    input_path: Path,
    count_cols: str,
    total_col: str | None,
    threshold: int,
    rate_cols: str | None,
    rate_bases: str | None,
    total_row_label: str | None,
    label_col: str | None,
    column_totals: str,
    output_path: Path,
) -> None:
    from openpathways.analytics.suppression import RateSpec, suppress_rows
    from openpathways.cli.commands.equity import write_atomically

    counts = _split(count_cols)
    rates = _split(rate_cols)
    bases = _split(rate_bases)
    if len(rates) != len(bases):
        raise click.UsageError(
            f"--rate-cols names {len(rates)} column(s) but --rate-bases names {len(bases)}"
        )
    for base in bases:
        if base not in counts and base != total_col:
            raise click.UsageError(f"rate base {base!r} is not one of --count-cols")

    def fail(line: int, column: str | None, value: str | None, message: str) -> None:
        where = f"{input_path}, line {line}"
        if column is not None:
            where += f", column {column!r}"
        if value is not None:
            where += f", value {value!r}"
        click.echo(f"Error: {where}: {message}", err=True)
        sys.exit(2)

    try:
        text = input_path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        click.echo(f"Error: {input_path}: cannot read the file ({exc})", err=True)
        sys.exit(2)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = list(reader.fieldnames or [])
    if not header:
        fail(1, None, None, "the file is empty (no header line)")
    wanted = [("--count-cols", c) for c in counts] + [("--rate-cols", r) for r in rates]
    if total_col:
        wanted.append(("--total-col", total_col))
    if label_col:
        wanted.append(("--label-col", label_col))
    for option, column in wanted:
        if column not in header:
            fail(
                1,
                column,
                None,
                f"column named by {option} is missing; the header has: " + ", ".join(header),
            )
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    for record in reader:
        if None in record:
            fail(reader.line_num, None, None, "more fields than the header has")
        rows.append({k: (v or "") for k, v in record.items()})
        lines.append(reader.line_num)
        values: dict[str, int] = {}
        for column in [*counts, *([total_col] if total_col else [])]:
            raw = record.get(column) or ""
            if raw.strip() == "":
                continue
            try:
                values[column] = _count(raw)
            except ValueError as exc:
                fail(reader.line_num, column, raw, str(exc))
        if total_col and total_col in values:
            parts = sum(v for c, v in values.items() if c != total_col)
            if parts > values[total_col]:
                fail(
                    reader.line_num,
                    total_col,
                    record[total_col],
                    f"the row's counts add up to {parts}, more than its total",
                )

    total_row: int | None = None
    if total_row_label is not None:
        key = label_col or header[0]
        matches = [i for i, row in enumerate(rows) if row.get(key, "").strip() == total_row_label]
        if len(matches) != 1:
            fail(
                1,
                key,
                total_row_label,
                f"the total row label must occur exactly once, found {len(matches)}",
            )
        total_row = matches[0]

    specs = [RateSpec(r, b, total_col) for r, b in zip(rates, bases, strict=True)]
    result = suppress_rows(
        rows,
        count_cols=counts,
        total_col=total_col,
        total_row=total_row,
        column_totals="implicit" if column_totals == "implicit" else "none",
        rates=specs,
        threshold=threshold,
    )
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(result.rows)
    write_atomically(output_path, out.getvalue())
    click.echo(
        f"{output_path}: {len(result.primary)} small cell(s), "
        f"{len(result.complementary)} complementary, {len(result.derived)} derived value(s) "
        f"suppressed (threshold {threshold}).",
        err=True,
    )


def _count(raw: str) -> int:
    """A whole, non-negative number (`1,200` and `12.0` are accepted)."""
    from openpathways.analytics.counts import parse_count

    value = parse_count(raw)
    if value is None:
        raise ValueError("a count must be a whole number")
    if value < 0:
        raise ValueError("a count must not be negative")
    return value
