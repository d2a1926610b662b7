"""The import contracts in .importlinter hold, and they catch the violations they are written for.
Also: no model anywhere has a field for a Social Security number (Title 5, 2023: colleges may not
require one for dual enrollment, so the platform never stores it)."""

from __future__ import annotations

import ast
import configparser
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = [
    sys.executable,
    "-c",
    "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())",
    "--no-cache",
]


def _lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        LINT_IMPORTS, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _contract_names() -> list[str]:
    text = (ROOT / ".importlinter").read_text()
    return re.findall(r"^name = (.+)$", text, flags=re.MULTILINE)


def test_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(_contract_names())} kept, 0 broken." in result.stdout


def test_import_contracts_catch_violations(tmp_path: Path) -> None:
    """Copy the package, plant one violation per contract, and expect each contract to break."""
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "openpathways",
        src / "openpathways",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale", "templates", "static"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    planted = {
        "analytics/planted_metric.py": "import django\n",
        "analytics/planted_join.py": "from openpathways.catalog import models\n",
        "web/planted_view.py": "from openpathways.students.models import Student\n",
        "catalog/planted_form.py": "from openpathways.enrollments.models import CourseEnrollment\n",
    }
    for relative, code in planted.items():
        (src / "openpathways" / relative).write_text(code)

    result = _lint_imports(tmp_path, src)

    output = " ".join(result.stdout.split())  # the report wraps long contract names
    assert result.returncode == 1, output
    assert f"Contracts: 0 kept, {len(_contract_names())} broken." in output
    for link in (
        "openpathways.analytics.planted_metric -> django",
        "openpathways.analytics.planted_join -> openpathways.catalog.models",
        "openpathways.web.planted_view -> openpathways.students.models",
        "openpathways.catalog.planted_form -> openpathways.enrollments.models",
    ):
        assert link in output


SSN_PATTERN = re.compile(
    r"(^|[^a-z0-9])ssn($|[^a-z0-9])|social[\s_-]*security|socsec", re.IGNORECASE
)


def looks_like_ssn(text: str) -> bool:
    """True for names like `ssn`, `student_ssn`, `social_security_no`, `Social Security number`."""
    return bool(SSN_PATTERN.search(text.replace("_", " ")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ssn", True),
        ("student_ssn", True),
        ("SSN last four", True),
        ("social_security_number", True),
        ("Social Security No.", True),
        ("socsec", True),
        ("state_student_id", False),
        ("business_name", False),
        ("session", False),
        ("classname", False),
    ],
)
def test_ssn_name_detection(text: str, expected: bool) -> None:
    assert looks_like_ssn(text) is expected


def test_no_model_field_holds_a_social_security_number() -> None:
    offending = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            texts = [
                field.name,
                str(getattr(field, "verbose_name", "") or ""),
                str(getattr(field, "db_column", "") or ""),
                str(getattr(field, "help_text", "") or ""),
            ]
            if any(looks_like_ssn(t) for t in texts):
                offending.append(f"{model._meta.label}.{field.name}")
    assert not offending, f"fields that look like a Social Security number: {offending}"
    assert len(apps.get_models()) > 10  # the check saw the real models


def _ignored_imports() -> set[tuple[str, str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    pairs = set()
    for section in config.sections():
        for line in config[section].get("ignore_imports", "").strip().splitlines():
            importer, _, imported = (part.strip() for part in line.partition("->"))
            pairs.add((importer, imported))
    return pairs


def test_ignored_imports_name_only_code_sets() -> None:
    """Imports that a contract ignores may bring in TextChoices enums only, never a model."""
    checked = 0
    for importer, imported in sorted(_ignored_imports()):
        spec = importlib.util.find_spec(importer)
        if spec is None or spec.origin is None:
            continue  # the module is not there (yet); lint-imports warns about it
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        target = importlib.import_module(imported)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert imported not in {a.name for a in node.names}, (
                    f"{importer}: import {imported}"
                )
            if isinstance(node, ast.ImportFrom) and node.module == imported:
                for alias in node.names:
                    value = getattr(target, alias.name)
                    assert isinstance(value, type), f"{importer} imports {alias.name}"
                    assert issubclass(value, models.Choices), (
                        f"{importer} imports {imported}.{alias.name}, which is not a code set"
                    )
                    checked += 1
    assert checked or not _ignored_imports()
