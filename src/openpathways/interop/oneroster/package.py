"""Opening a OneRoster CSV package (a zip file or a folder) and reading its files row by row."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO


class Package:
    """The CSV files of a package by file name (the zip's or folder's top level, or the one
    sub-folder holding manifest.csv when the zip wraps the files in a folder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self.names: dict[str, str] = {}  # file name -> member path / file path
        if path.is_dir():
            files = [p for p in path.rglob("*.csv") if p.is_file()]
            base = _base([str(p.relative_to(path).as_posix()) for p in files])
            for p in files:
                rel = p.relative_to(path).as_posix()
                if str(PurePosixPath(rel).parent) == base:
                    self.names[p.name] = str(p)
        else:
            self._zip = zipfile.ZipFile(path)
            members = [m for m in self._zip.namelist() if m.lower().endswith(".csv")]
            base = _base(members)
            for m in members:
                if str(PurePosixPath(m).parent) == base and "__MACOSX" not in m:
                    self.names[PurePosixPath(m).name] = m

    def find(self, name: str, *, any_case: bool) -> str | None:
        """The actual file name of `name` (exactly, or ignoring case when `any_case`)."""
        if name in self.names:
            return name
        if any_case:
            for actual in self.names:
                if actual.lower() == name.lower():
                    return actual
        return None

    def open(self, actual: str) -> IO[str]:
        location = self.names[actual]
        if self._zip is not None:
            raw = self._zip.open(location)
            return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        return open(location, encoding="utf-8-sig", newline="")

    def rows(self, actual: str) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each record; the header is line 1. A record spanning lines
        (a quoted line break) is numbered by its first line."""
        with self.open(actual) as handle:
            reader = csv.reader(handle)
            start = 1
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _base(paths: list[str]) -> str:
    """The folder holding manifest.csv ('.' for the top level)."""
    manifests = [p for p in paths if PurePosixPath(p).name.lower() == "manifest.csv"]
    if not manifests:
        return "."
    return str(PurePosixPath(min(manifests, key=len)).parent)
