"""Print the entity-relationship diagram of OpenPathways' models as Mermaid, from the real models.

    .venv/bin/python docs/tools/er_diagram.py            print the diagram
    .venv/bin/python docs/tools/er_diagram.py --write    refresh it in docs/domain-model.md
    .venv/bin/python docs/tools/er_diagram.py --check    exit 1 when docs/domain-model.md is stale

The diagram sits in docs/domain-model.md between the markers `<!-- BEGIN er-diagram -->`
and `<!-- END er-diagram -->`; tests/architecture/test_docs.py fails when it stops matching.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "domain-model.md"
BEGIN = "<!-- BEGIN er-diagram -->"
END = "<!-- END er-diagram -->"
PACKAGE = "openpathways."


def _project_models() -> list[Any]:
    from django.apps import apps

    models = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith(PACKAGE)
        for model in config.get_models()
    ]
    return sorted(models, key=lambda m: (m._meta.app_label, m.__name__))


def _entity(model: Any) -> str:
    return f"{model._meta.app_label}_{model.__name__}"


def _attribute(field: Any) -> str:
    kind = field.get_internal_type()
    if field.is_relation:
        kind = "ForeignKey" if field.many_to_one else "OneToOneField"
    keys = []
    if field.primary_key:
        keys.append("PK")
    if field.is_relation:
        keys.append("FK")
    if field.unique and not field.primary_key:
        keys.append("UK")
    name = field.attname
    return f"        {kind} {name}{' ' + ', '.join(keys) if keys else ''}"


def mermaid() -> str:
    """The Mermaid `erDiagram` for every model of the openpathways apps."""
    models = _project_models()
    ours = set(models)
    lines = ["erDiagram"]
    for model in models:
        lines.append(f"    {_entity(model)} {{")
        lines += [_attribute(f) for f in model._meta.concrete_fields]
        lines.append("    }")
    for model in models:
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in ours:
                continue
            target = _entity(field.related_model)
            if field.one_to_one:
                cardinality = "|o--o|" if field.null else "||--o|"
            else:
                cardinality = "|o--o{" if field.null else "||--o{"
            lines.append(f'    {target} {cardinality} {_entity(model)} : "{field.name}"')
        for field in model._meta.local_many_to_many:
            if field.related_model not in ours:
                continue
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue  # an explicit through model appears with its own foreign keys
            target = _entity(field.related_model)
            lines.append(f'    {_entity(model)} }}o--o{{ {target} : "{field.name}"')
    return "\n".join(lines) + "\n"


def _block(diagram: str) -> str:
    return f"{BEGIN}\n```mermaid\n{diagram}```\n{END}"


def documented() -> str:
    """The diagram as it stands in docs/domain-model.md (empty when the markers are missing)."""
    text = DOC.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return ""
    inner = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return inner.strip().removeprefix("```mermaid").removesuffix("```").strip() + "\n"


def write(diagram: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(head + _block(diagram) + tail, encoding="utf-8")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpathways.settings")
    import django

    django.setup()
    diagram = mermaid()
    if "--write" in argv:
        write(diagram)
        return 0
    if "--check" in argv:
        if documented() != diagram:
            sys.stderr.write(f"{DOC} is stale: run `python docs/tools/er_diagram.py --write`\n")
            return 1
        return 0
    sys.stdout.write(diagram)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
