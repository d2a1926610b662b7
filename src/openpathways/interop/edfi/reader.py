"""Streaming over Ed-Fi XML interchange files with lxml.iterparse.

Each top-level record of an interchange (a `Student`, a `Section`, ...) is handed over complete
and then cleared, so memory stays flat whatever the file size. Every value read keeps its file,
its line (lxml `sourceline`) and its element path, so a problem can name all three.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

#: Ed-Fi 5.x bulk namespaces: http://ed-fi.org/5.0.0, 5.1.0, 5.2.0, ...
NAMESPACE_RE = re.compile(r"^http://ed-fi\.org/5\.\d+\.\d+$")


class NotEdFiError(Exception):
    """The file is not an Ed-Fi 5.x interchange (message says why)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@lru_cache(maxsize=4096)
def _qualified(ns: str, path: str) -> str:
    return "/".join(f"{{{ns}}}{part}" for part in path.split("/"))


@dataclass
class Record:
    """One top-level element of an interchange, e.g. the 12th `Section` of MasterSchedule.xml."""

    file: str
    element: etree._Element
    ns: str
    index: int
    _found: dict[str, etree._Element | None] = field(default_factory=dict, repr=False)

    @property
    def tag(self) -> str:
        return etree.QName(self.element).localname

    @property
    def line(self) -> int:
        return int(self.element.sourceline or 0)

    @property
    def path(self) -> str:
        return f"{self.tag}[{self.index}]"

    def find(self, path: str, base: etree._Element | None = None) -> etree._Element | None:
        if base is not None:
            return base.find(_qualified(self.ns, path))
        if not self._found:
            self._index()
        return self._found.get(path)

    def _index(self) -> None:
        """Every element below the record by its path of local names (the first one wins), in
        one walk: much faster than an ElementPath search per value."""
        cut = len(self.ns) + 2 if self.ns else 0
        found = self._found
        stack: list[tuple[etree._Element, str]] = [(self.element, "")]
        while stack:
            node, prefix = stack.pop()
            for child in reversed(node):
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                key = f"{prefix}{tag[cut:]}"
                found[key] = child  # reversed walk: the first in document order is kept last
                if len(child):
                    stack.append((child, key + "/"))
        found.setdefault("", self.element)

    def findall(self, path: str, base: etree._Element | None = None) -> list[etree._Element]:
        root = self.element if base is None else base
        return list(root.findall(_qualified(self.ns, path)))

    def text(self, path: str, base: etree._Element | None = None) -> str:
        node = self.find(path, base)
        return (node.text or "").strip() if node is not None else ""

    def where(self, path: str, base: etree._Element | None = None) -> tuple[int, str]:
        """(line, element path) of `path` below the record. A missing element is named by its
        path, on the line of its nearest present ancestor."""
        if base is not None:
            node = base.find(_qualified(self.ns, path)) if path else None
            node = base if node is None else node
            return int(node.sourceline or self.line), self.path_of(node)
        if not path:
            return self.line, self.path
        parts = path.split("/")
        for n in range(len(parts), 0, -1):
            node = self.find("/".join(parts[:n]))
            if node is not None:
                return int(node.sourceline or self.line), f"{self.path}/{path}"
        return self.line, f"{self.path}/{path}"

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


def records(path: Path, tags: frozenset[str] | None = None) -> Iterator[Record | str]:
    """The top-level records of one interchange file, in document order. With `tags` (local
    names), only records with those names are parsed into Records; the local name of every
    other top-level element is yielded as a plain string (so it can be counted)."""
    name = path.name
    root: etree._Element | None = None
    ns = ""
    counts: dict[str, int] = {}
    wanted: list[str] | None = None
    if tags is not None:
        ns_probe = interchange_name(path)[1]
        wanted = [f"{{{ns_probe}}}{t}" for t in sorted(tags)]
    context = etree.iterparse(
        str(path), events=("end",), tag=wanted, resolve_entities=False, no_network=True,
        remove_comments=True,
    )  # fmt: skip

    def drop_before(element: etree._Element, parent: etree._Element) -> Iterator[str]:
        while (previous := element.getprevious()) is not None:
            if wanted is not None and isinstance(previous.tag, str) and previous.tag not in wanted:
                yield etree.QName(previous).localname
            del parent[0]

    try:
        for _event, element in context:
            parent = element.getparent()
            if root is None:
                root = element
                while root.getparent() is not None:
                    root = root.getparent()
                ns = etree.QName(root).namespace or ""
                if not NAMESPACE_RE.match(ns):
                    raise NotEdFiError(
                        f"namespace {ns!r} is not an Ed-Fi 5.x namespace "
                        "(expected http://ed-fi.org/5.x.y)",
                        root.sourceline,
                    )
            if parent is None or parent is not root:
                continue
            yield from drop_before(element, parent)
            local = etree.QName(element).localname
            counts[local] = counts.get(local, 0) + 1
            yield Record(file=name, element=element, ns=ns, index=counts[local])
            element.clear(keep_tail=False)
        if root is None and wanted is not None:
            # No wanted record at all: read the file once more, counting its records only.
            for item in records(path):
                if isinstance(item, Record):
                    yield item.tag
            return
        if root is not None and wanted is not None:
            for child in root:
                if isinstance(child.tag, str) and child.tag not in wanted:
                    yield etree.QName(child).localname
    except etree.XMLSyntaxError as exc:
        raise NotEdFiError(f"not well-formed XML: {exc.msg}", exc.lineno) from exc
