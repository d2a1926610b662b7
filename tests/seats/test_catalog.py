"""Every string of the seat pages students and parents read exists in Spanish."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped, unused-ignore]  # stubs may be missing
import pytest

import openpathways
from tests.web.test_catalog import _template_msgids

PACKAGE = Path(openpathways.__file__).parent
PAGES = ["choices.html", "mine.html"]
CATALOGS = [
    PACKAGE / "seats" / "locale" / "es" / "LC_MESSAGES" / "django.po",
    PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_string_of_the_page_has_a_spanish_translation(page: str) -> None:
    translated = {
        (e.msgctxt or "", e.msgid)
        for path in CATALOGS
        for e in polib.pofile(str(path))
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    }
    text = (PACKAGE / "web" / "templates" / "web" / "seats" / page).read_text()
    missing = sorted(m for _, m in _template_msgids(text) - translated)
    assert missing == []
