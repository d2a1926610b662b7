"""Print the entity-relationship diagram of OpenPathways' models as Mermaid, from the real models.

    .venv/bin/python docs/tools/er_diagram.py            print the full diagram
    .venv/bin/python docs/tools/er_diagram.py --brief    entities and relations only, no columns
    .venv/bin/python docs/tools/er_diagram.py --write    refresh both in docs/domain-model.md
    .venv/bin/python docs/tools/er_diagram.py --check    exit 1 when docs/domain-model.md is stale

The diagrams sit in docs/domain-model.md between the markers `<!-- BEGIN er-overview -->` ...
`<!-- END er-overview -->` and `<!-- BEGIN er-diagram -->` ... `<!-- END er-diagram -->`;
tests/architecture/test_docs.py fails when they stop matching the models.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "domain-model.md"
BLOCKS = ("er-overview", "er-diagram")
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


def mermaid(*, brief: bool = False) -> str:
    """The Mermaid `erDiagram` for every model of the openpathways apps (`brief`: no columns)."""
    models = _project_models()
    ours = set(models)
    lines = ["erDiagram"]
    for model in models:
        if brief:
            lines.append(f"    {_entity(model)}")
            continue
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


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"


def diagrams() -> dict[str, str]:
    return {"er-overview": mermaid(brief=True), "er-diagram": mermaid()}


def documented(name: str) -> str:
    """A diagram as it stands in docs/domain-model.md (empty when its markers are missing)."""
    begin, end = _markers(name)
    text = DOC.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        return ""
    inner = text.split(begin, 1)[1].split(end, 1)[0]
    return inner.strip().removeprefix("```mermaid").removesuffix("```").strip() + "\n"


def write(blocks: dict[str, str]) -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, diagram in blocks.items():
        begin, end = _markers(name)
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = f"{head}{begin}\n```mermaid\n{diagram}```\n{end}{tail}"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpathways.settings")
    import django

    django.setup()
    blocks = diagrams()
    if "--write" in argv:
        write(blocks)
        return 0
    if "--check" in argv:
        stale = [name for name, diagram in blocks.items() if documented(name) != diagram]
        if stale:
            sys.stderr.write(f"{DOC} is stale: run `python docs/tools/er_diagram.py --write`\n")
            return 1
        return 0
    sys.stdout.write(blocks["er-overview" if "--brief" in argv else "er-diagram"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
