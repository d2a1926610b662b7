"""Every string of the work-based-learning, employer and compacts pages exists in Spanish."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped, unused-ignore]  # stubs may be missing
import pytest
from django.utils import translation

import openpathways
from openpathways.wbl.codes import AgreementParty, EvaluationCode, FormCode, LinkPurpose
from openpathways.wbl.services import WblLinkError
from tests.web.test_catalog import _template_msgids

PACKAGE = Path(openpathways.__file__).parent
TEMPLATES = sorted(
    p
    for area in ("wbl", "employers", "compacts")
    for p in (PACKAGE / "web" / "templates" / "web" / area).glob("*.html")
)


def _translated() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for po_path in PACKAGE.glob("**/locale/es/LC_MESSAGES/django.po"):
        for e in polib.pofile(str(po_path)):
            if (
                not e.obsolete
                and "fuzzy" not in e.flags
                and (e.msgstr or all(e.msgstr_plural.values()))
            ):
                found.add((e.msgctxt or "", e.msgid))
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_template_string_has_a_spanish_translation(template: Path) -> None:
    missing = sorted(_template_msgids(template.read_text(encoding="utf-8")) - _translated())
    assert missing == []


def test_code_labels_and_link_messages_are_spanish() -> None:
    translated = _translated()
    with translation.override("en"):
        labels = {
            str(label)
            for choices in (EvaluationCode, FormCode, LinkPurpose, AgreementParty)
            for label in choices.labels
        }
    assert sorted(label for label in labels if ("", label) not in translated) == []
    with translation.override("es"):
        assert str(WblLinkError("expired")).startswith("Este enlace venció")
