"""Every string of the shell exists in Spanish: template strings, navigation, and the choice
labels the home pages show."""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped, unused-ignore]  # stubs may be missing
import pytest
from django.utils import translation

import openpathways
from openpathways.accounts.models import Role
from openpathways.agreements.models import AgreementStatus, CommitmentStatus
from openpathways.catalog.models import OpportunityStatus, OpportunityType, ScheduleKind, WblType
from openpathways.core.choices import RaceEthnicity
from openpathways.web.navigation import NAV_BY_ROLE

PACKAGE = Path(openpathways.__file__).parent
CATALOG = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
TEMPLATES = PACKAGE / "web" / "templates"
SHELL_TEMPLATES = sorted(
    [*TEMPLATES.glob("[0-9][0-9][0-9].html"), *(TEMPLATES / "web").glob("home*.html"),
     TEMPLATES / "web" / "base.html", TEMPLATES / "web" / "login.html"]
)  # fmt: skip

_TRANSLATE = re.compile(
    r"""{%\s*(?:translate|trans)\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?""", re.S
)
_BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)
_VAR = re.compile(r"{{\s*(\w+)\s*}}")


def _template_msgids(text: str) -> set[tuple[str, str]]:
    found = {(ctx or "", msgid) for msgid, ctx in _TRANSLATE.findall(text)}
    for body in _BLOCK.findall(text):
        singular = body.split("{% plural %}")[0]
        found.add(("", _VAR.sub(lambda m: f"%({m.group(1)})s", singular)))
    return found


def _translated() -> dict[tuple[str, str], bool]:
    catalog = polib.pofile(str(CATALOG))
    return {
        (e.msgctxt or "", e.msgid): bool(e.msgstr or all(e.msgstr_plural.values()))
        for e in catalog
        if not e.obsolete and "fuzzy" not in e.flags
    }


@pytest.mark.parametrize("template", SHELL_TEMPLATES, ids=lambda p: p.name)
def test_every_template_string_has_a_spanish_translation(template: Path) -> None:
    translated = _translated()
    msgids = _template_msgids(template.read_text(encoding="utf-8"))
    missing = sorted(m for m in msgids if not translated.get(m))
    assert missing == []


def test_navigation_and_choice_labels_have_spanish_translations() -> None:
    translated = _translated()
    with translation.override("en"):  # the English label is the msgid
        labels = {str(item.label) for items in NAV_BY_ROLE.values() for item in items}
        for choices in (Role, OpportunityType, ScheduleKind, WblType, OpportunityStatus,
                        AgreementStatus, CommitmentStatus, RaceEthnicity):  # fmt: skip
            labels |= {str(label) for label in choices.labels}
    missing = sorted(label for label in labels if not translated.get(("", label)))
    assert missing == []


def test_the_catalog_has_no_untranslated_or_fuzzy_entries() -> None:
    catalog = polib.pofile(str(CATALOG))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    placeholders = re.compile(r"%\(\w+\)s")
    for entry in catalog.translated_entries():
        targets = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for target in targets:
            assert sorted(placeholders.findall(target)) == sorted(
                placeholders.findall(entry.msgid)
            ), entry.msgid
