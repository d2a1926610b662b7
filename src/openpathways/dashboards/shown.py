"""What a dashboard shows: tables (each with a title, columns and published rows), the chart
drawn from the same rows, and the filters that chose them. Exports use these objects, so a file
holds exactly what the page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpathways.analytics.suppression import EMPTY, SUPPRESSED

#: Column kinds: how a value is displayed (and written to XLSX).
TEXT, COUNT, RATE, POINTS, FLAG, MARK = "text", "count", "rate", "points", "flag", "mark"

_YES = {"en": "Yes", "es": "Sí"}
_NO = {"en": "No", "es": "No"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT


@dataclass
class ShownTable:
    id: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    language: str = "en"
    description: str = ""
    #: A Vega-Lite spec drawn from `rows` (None: table only).
    chart: dict[str, Any] | None = None
    #: The first column names each row (a row header for screen readers).
    row_header: bool = True
    hidden_cells: int = 0

    def display(self, row: dict[str, Any], column: Column) -> str:
        return display(row.get(column.key), column.kind, self.language)

    def cells(self) -> list[list[str]]:
        return [[self.display(row, c) for c in self.columns] for row in self.rows]

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]


@dataclass
class Filter:
    name: str
    label: str
    options: list[tuple[str, str]]
    value: str


@dataclass
class Dashboard:
    name: str
    title: str
    intro: str
    filters: list[Filter]
    tables: list[ShownTable]
    suppressed: bool
    snapshot_at: str = ""
    notes: list[str] = field(default_factory=list)

    def table(self, table_id: str) -> ShownTable | None:
        return next((t for t in self.tables if t.id == table_id), None)

    @property
    def query(self) -> dict[str, str]:
        return {f.name: f.value for f in self.filters}


def display(value: Any, kind: str, language: str = "en") -> str:  # noqa: PLR0911 (one return per kind)
    """A value as the page shows it: counts with thousands separators, rates as percents with one
    decimal, gaps in percentage points, flags Yes/No; `*` and `--` pass through."""
    if isinstance(value, str) and value in (SUPPRESSED, EMPTY):
        return value
    if value is None:
        return EMPTY if kind in (RATE, POINTS) else ""
    if kind == COUNT:
        text = f"{int(value):,}"
        return text.replace(",", " ") if language == "es" else text
    if kind == RATE:
        text = f"{float(value) * 100:.1f}%"
        return text.replace(".", ",") if language == "es" else text
    if kind == POINTS:
        text = f"{float(value) * 100:+.1f}"
        return text.replace(".", ",") if language == "es" else text
    if kind == FLAG:
        return (_YES if value else _NO).get(language, _YES["en"] if value else _NO["en"])
    if kind == MARK:
        return "✓" if value else "—"
    return str(value)


def chart_value(value: Any) -> float | None:
    """A value for a chart: hidden or empty cells are not drawn."""
    if value is None or isinstance(value, str):
        return None
    return float(value)
