"""Every string of the finder, caseload and roster pages, and the reminder e-mails, has a Spanish
translation with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped, unused-ignore]
import pytest

import openpathways

PACKAGE = Path(openpathways.__file__).parent
TEMPLATES = PACKAGE / "web" / "templates" / "web"
CATALOGS = [
    PACKAGE / "catalog" / "locale" / "es" / "LC_MESSAGES" / "django.po",
    PACKAGE / "rosters" / "locale" / "es" / "LC_MESSAGES" / "django.po",
    PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po",
]
PAGES = sorted(
    p for folder in ("finder", "caseload", "rosters") for p in (TEMPLATES / folder).glob("*.html")
)
_TRANSLATE = re.compile(r"""{%\s*translate\s+(?:"([^"]+)"|'([^']+)')""")
_BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
_VAR = re.compile(r"{{\s*(\w+)\s*}}")
_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _translated() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in CATALOGS:
        for e in polib.pofile(str(path)):
            text = e.msgstr or (e.msgstr_plural.get(0) if e.msgstr_plural else "")
            if text and "fuzzy" not in e.flags:
                found.setdefault(e.msgid, text)
    return found


@pytest.mark.parametrize("template", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_page_string_is_translated(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    msgids = {a or b for a, b in _TRANSLATE.findall(text)}
    for body in _BLOCK.findall(text):
        singular = body.split("{% plural %}")[0]
        msgids.add(_VAR.sub(lambda m: f"%({m.group(1)})s", singular))
    translated = _translated()
    assert sorted(m for m in msgids if m not in translated) == []


@pytest.mark.parametrize("path", CATALOGS[:2], ids=lambda p: p.parts[-5])
def test_placeholders_match(path: Path) -> None:
    for e in polib.pofile(str(path)):
        targets = [e.msgstr] if e.msgstr else list(e.msgstr_plural.values())
        for target in targets:
            assert sorted(_PLACEHOLDER.findall(target)) == sorted(_PLACEHOLDER.findall(e.msgid))
