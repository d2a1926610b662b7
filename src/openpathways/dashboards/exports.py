"""Exports of exactly what a dashboard shows: the same rows, columns and displayed values.

CSV: one table, the displayed text (UTF-8 with a byte-order mark so spreadsheets read accents).
XLSX: one sheet per table shown, counts as numbers, rates as numbers in a percent format that
displays the same rounding, hidden cells as `*`. PNG: a table's chart, drawn by vl-convert from
the very spec the page renders. Exports are always built from the suppressed view.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from openpathways.analytics.suppression import EMPTY, SUPPRESSED
from openpathways.dashboards.shown import COUNT, POINTS, RATE, Dashboard, ShownTable

FORMATS = ("csv", "xlsx", "png")


def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in text cells."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[-+][\d.,]+", text):
        return "'" + text
    return text


def table_csv(table: ShownTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_safe(h) for h in table.header])
    for cells in table.cells():
        writer.writerow([_safe(c) for c in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:28].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def dashboard_xlsx(board: Dashboard, tables: list[ShownTable] | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables if tables is not None else board.tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row, cells in zip(table.rows, table.cells(), strict=True):
            values: list[Any] = []
            for column, shown in zip(table.columns, cells, strict=True):
                values.append(_xlsx_value(row.get(column.key), column.kind, shown))
            sheet.append(values)
            r = sheet.max_row
            for i, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row=r, column=i)
                if column.kind == RATE and isinstance(cell.value, float):
                    cell.number_format = "0.0%"
                elif column.kind == POINTS and isinstance(cell.value, float):
                    cell.number_format = "+0.0;-0.0;0.0"
                elif column.kind == COUNT and isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        for note in board.notes:
            sheet.append([])
            sheet.append([note])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(raw: Any, kind: str, shown: str) -> Any:
    """Counts and rates as numbers (published rows may hold them as text); markers as shown."""
    if shown in (SUPPRESSED, EMPTY, "") or isinstance(raw, bool) or raw is None:
        return shown
    if kind not in (COUNT, RATE, POINTS):
        return shown
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return shown
    if kind == COUNT:
        return int(number)
    return number if kind == RATE else number * 100


def table_png(table: ShownTable, *, scale: float = 2.0) -> bytes:
    import vl_convert

    if table.chart is None:
        raise ValueError(f"table {table.id} has no chart")
    png: bytes = vl_convert.vegalite_to_png(table.chart, scale=scale)
    return png
