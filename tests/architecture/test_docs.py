"""The newcomer docs stay true: the ER diagram matches the models, links resolve, and every
command the README lists exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from openpathways.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _er_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("er_diagram", ROOT / "docs/tools/er_diagram.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_er_diagrams_match_the_models() -> None:
    tool = _er_tool()
    blocks = tool.diagrams()
    assert "    students_Student {\n        BigAutoField id PK\n" in blocks["er-diagram"]
    assert "    students_Student\n" in blocks["er-overview"]
    for diagram in blocks.values():
        assert 'students_Student ||--o{ applications_Application : "student"' in diagram
    for name, diagram in blocks.items():
        assert tool.documented(name) == diagram, (
            f"{name} in docs/domain-model.md is stale: "
            "run `.venv/bin/python docs/tools/er_diagram.py --write`"
        )


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):
            continue  # an absolute address
        if not (doc.parent / target).exists():
            broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)} links to missing files: {broken}"


def test_readme_lists_only_commands_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `openpathways (\w[\w-]*)` \|", readme, flags=re.MULTILINE))
    assert listed, "the README's command table was not found"
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    section = result.output.split("Commands:", 1)[1]
    existing = set(re.findall(r"^  (\w[\w-]*)\s", section, flags=re.MULTILINE))
    assert listed <= existing, f"README lists commands that do not exist: {listed - existing}"
