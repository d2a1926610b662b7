"""Streaming over Ed-Fi XML interchange files with lxml.iterparse.

Each top-level record of an interchange (a `Student`, a `Section`, ...) is handed over complete
and then cleared, so memory stays flat whatever the file size. Every value read keeps its file,
its line (lxml `sourceline`) and its element path, so a problem can name all three.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

#: Ed-Fi 5.x bulk namespaces: http://ed-fi.org/5.0.0, 5.1.0, 5.2.0, ...
NAMESPACE_RE = re.compile(r"^http://ed-fi\.org/5\.\d+\.\d+$")


class NotEdFiError(Exception):
    """The file is not an Ed-Fi 5.x interchange (message says why)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Record:
    """One top-level element of an interchange, e.g. the 12th `Section` of MasterSchedule.xml."""

    file: str
    element: etree._Element
    ns: str
    index: int

    @property
    def tag(self) -> str:
        return etree.QName(self.element).localname

    @property
    def line(self) -> int:
        return int(self.element.sourceline or 0)

    @property
    def path(self) -> str:
        return f"{self.tag}[{self.index}]"

    def _q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{part}" for part in path.split("/"))

    def find(self, path: str, base: etree._Element | None = None) -> etree._Element | None:
        root = self.element if base is None else base
        return root.find(self._q(path))

    def findall(self, path: str, base: etree._Element | None = None) -> list[etree._Element]:
        root = self.element if base is None else base
        return list(root.findall(self._q(path)))

    def text(self, path: str, base: etree._Element | None = None) -> str:
        node = self.find(path, base)
        return (node.text or "").strip() if node is not None else ""

    def where(self, path: str, base: etree._Element | None = None) -> tuple[int, str]:
        """(line, element path) of `path` below the record (or of the record when absent)."""
        node = self.find(path, base) if path else None
        if node is None:
            node = self.element if base is None else base
        return int(node.sourceline or self.line), self.path_of(node)

    def path_of(self, node: etree._Element) -> str:
        parts: list[str] = []
        current: etree._Element | None = node
        while current is not None and current is not self.element:
            parts.append(etree.QName(current).localname)
            current = current.getparent()
        return "/".join([self.path, *reversed(parts)])


def interchange_name(path: Path) -> tuple[str, str]:
    """(root element local name, namespace) of a file, read from its first start tag only."""
    try:
        for _event, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True
        ):
            qname = etree.QName(element)
            return qname.localname, qname.namespace or ""
    except etree.XMLSyntaxError as exc:
        raise NotEdFiError(f"not well-formed XML: {exc.msg}", exc.lineno) from exc
    raise NotEdFiError("the file is empty")


def records(path: Path) -> Iterator[Record]:
    """Every top-level record of one interchange file, in document order."""
    name = path.name
    ns = ""
    depth = 0
    counts: dict[str, int] = {}
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
    )
    try:
        for event, element in context:
            if event == "start":
                depth += 1
                if depth == 1:
                    ns = etree.QName(element).namespace or ""
                    if not NAMESPACE_RE.match(ns):
                        raise NotEdFiError(
                            f"namespace {ns!r} is not an Ed-Fi 5.x namespace "
                            "(expected http://ed-fi.org/5.x.y)",
                            element.sourceline,
                        )
                continue
            depth -= 1
            if depth == 1:
                local = etree.QName(element).localname
                counts[local] = counts.get(local, 0) + 1
                yield Record(file=name, element=element, ns=ns, index=counts[local])
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise NotEdFiError(f"not well-formed XML: {exc.msg}", exc.lineno) from exc
