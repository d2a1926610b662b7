"""Boundaries between the packages of `openpathways`, beyond what .importlinter can express.

- Pure packages (analytics, allocation, rules) import no Django and no other OpenPathways package,
  whichever of them exist (the .importlinter contracts name only packages that already exist).
- Domain apps use each other only through services, selectors and access modules. Another app's
  `models` may be named only by an app's own data layer (models for foreign keys, access,
  selectors, services, migrations, admin); views, forms, importers and the like call that data
  layer. Admin modules may share base classes (another app's `admin`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import grimp
import pytest

ROOT = "openpathways"
SRC = Path(__file__).resolve().parents[2] / "src"
PURE_PACKAGES = ("analytics", "allocation", "rules")
ADAPTERS = ("web", "api", "cli")
#: Shared building blocks every app may import (abstract models, code sets, i18n tooling).
KERNEL = ("core",)
#: Modules through which one domain app may use another.
PUBLIC_MODULES = ("services", "selectors", "access")
#: Modules of an app that form its data layer and so may name another app's models. The admin
#: registers model classes; admins of student-linked rows are scoped and logged (test_admin.py).
DATA_LAYER = ("models", "access", "selectors", "services", "migrations", "admin")
#: Third-party packages that tie code to Django.
DJANGO_PACKAGES = ("django", "ninja")

#: Known, accepted exceptions: (importer, imported) -> reason. Keep this empty where possible.
ALLOWED_EXCEPTIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    importer: str
    imported: str
    line: int
    contents: str

    def __str__(self) -> str:
        return f"{self.importer}:{self.line} imports {self.imported} ({self.contents})"


def _top_packages(graph: grimp.ImportGraph) -> set[str]:
    return {
        m.split(".")[1] for m in graph.modules if m.startswith(f"{ROOT}.") and m.count(".") >= 1
    }


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == ROOT else None


def _role_of(module: str) -> str:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else "__init__"


def _details(graph: grimp.ImportGraph, importer: str, imported: str) -> list[Violation]:
    return [
        Violation(importer, imported, d["line_number"], d["line_contents"])
        for d in graph.get_import_details(importer=importer, imported=imported)
    ]


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_names(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, int]]:
    """Absolute names of what a module imports (including imports inside functions)."""
    package = module if is_package else module.rpartition(".")[0]
    names: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.append((base, node.lineno))
    return names


def pure_package_violations(src: Path, package: str) -> list[Violation]:
    """Imports of Django or of any other OpenPathways package in the files of `package`.

    Works on the source files, so a package still missing its __init__.py is checked too."""
    own = f"{ROOT}.{package}"
    found: list[Violation] = []
    for path in sorted((src / ROOT / package).rglob("*.py")):
        module = _module_name(path, src)
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text, filename=str(path))
        for imported, line in _imported_names(tree, module, path.name == "__init__.py"):
            top = imported.split(".")[0]
            other_app = top == ROOT and not (imported == own or imported.startswith(own + "."))
            if other_app or top in DJANGO_PACKAGES:
                found.append(Violation(module, imported, line, lines[line - 1].strip()))
    return found


def cross_app_violations(graph: grimp.ImportGraph) -> list[Violation]:
    """Imports from one domain app into another that bypass services, selectors and access."""
    packages = _top_packages(graph)
    domain_apps = {
        p
        for p in packages
        if p not in (*PURE_PACKAGES, *ADAPTERS, *KERNEL)
        and graph.find_children(f"{ROOT}.{p}")  # a package, not a module such as settings
    }
    found: list[Violation] = []
    for importer in sorted(graph.modules):
        app = _app_of(importer)
        if app not in domain_apps:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            other = _app_of(imported)
            if other is None or other == app or other not in domain_apps:
                continue
            role = _role_of(imported)
            if role in PUBLIC_MODULES:
                continue
            if role == "models" and _role_of(importer) in DATA_LAYER:
                continue
            if role == "admin" and _role_of(importer) == "admin":
                continue  # shared admin base classes (students.admin.StudentRecordAdmin)
            if (importer, imported) in ALLOWED_EXCEPTIONS:
                continue
            found += _details(graph, importer, imported)
    return found


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_package_imports_no_django_and_no_app(package: str) -> None:
    if not (SRC / ROOT / package).is_dir():
        pytest.skip(f"{ROOT}.{package} does not exist yet")
    violations = pure_package_violations(SRC, package)
    assert not violations, "\n".join(map(str, violations))


def test_domain_apps_use_each_other_through_services_selectors_and_access(
    import_graph: grimp.ImportGraph,
) -> None:
    violations = cross_app_violations(import_graph)
    assert not violations, "\n".join(map(str, violations))


def test_pure_package_check_catches_violations(tmp_path: Path) -> None:
    """The pure-package check finds Django and app imports, relative or lazy, and nothing else."""
    package = tmp_path / ROOT / "rules"
    (package / "engine").mkdir(parents=True)  # no __init__.py: still checked
    (package / "engine" / "evaluate.py").write_text(
        "import json\n"
        "from decimal import Decimal\n"
        "from .. import messages\n"
        "from ..schema import RulePack\n"
        "def load():\n"
        "    from django.conf import settings\n"
        "    from ...students import access\n"
        "    import openpathways.catalog.models\n"
    )
    found = {(v.importer, v.imported, v.line) for v in pure_package_violations(tmp_path, "rules")}
    module = "openpathways.rules.engine.evaluate"
    assert found == {
        (module, "django.conf", 6),
        (module, "openpathways.students", 7),
        (module, "openpathways.catalog.models", 8),
    }


def test_boundary_checks_catch_violations() -> None:
    """The cross-app check finds what it is meant to find (on a graph built by hand)."""
    graph = grimp.ImportGraph()
    for module in (
        "openpathways.analytics",
        "openpathways.analytics.metrics",
        "openpathways.students",
        "openpathways.students.models",
        "openpathways.students.access",
        "openpathways.students.forms",
        "openpathways.applications",
        "openpathways.applications.models",
        "openpathways.applications.services",
        "openpathways.applications.views",
        "openpathways.catalog",
        "openpathways.catalog.models",
    ):
        graph.add_module(module)
    graph.add_module("django", is_squashed=True)

    def imp(importer: str, imported: str, line: int) -> None:
        graph.add_import(
            importer=importer, imported=imported, line_number=line, line_contents="import ..."
        )

    imp("openpathways.analytics.metrics", "openpathways.catalog.models", 2)  # pure: not here
    imp("openpathways.applications.services", "openpathways.students.models", 3)  # fine
    imp("openpathways.applications.services", "openpathways.students.access", 4)  # fine
    imp("openpathways.applications.views", "openpathways.students.access", 5)  # fine
    imp("openpathways.applications.views", "openpathways.students.models", 6)  # bad
    imp("openpathways.applications.views", "openpathways.students.forms", 7)  # bad
    imp("openpathways.students.forms", "openpathways.students.models", 8)  # same app: fine here

    cross = {(v.imported, v.line) for v in cross_app_violations(graph)}
    assert cross == {("openpathways.students.models", 6), ("openpathways.students.forms", 7)}
