"""Versioned disclosure texts shown to a guardian before consenting (data: disclosures.json).

A consent records the version id and the language it was signed in, so the exact words the
guardian read can be shown again later."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es")
DATA = Path(__file__).with_name("disclosures.json")


@dataclass(frozen=True)
class Disclosure:
    kind: str
    version: str
    effective: dt.date
    title: dict[str, str]
    paragraphs: dict[str, tuple[str, ...]]

    def text(self, lang: str) -> str:
        lang = lang if lang in LANGUAGES else "en"
        return "\n\n".join(self.paragraphs[lang])


@cache
def _all() -> dict[str, tuple[Disclosure, ...]]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    out: dict[str, tuple[Disclosure, ...]] = {}
    for kind, versions in raw.items():
        items = []
        for v in versions:
            for lang in LANGUAGES:
                if not v["title"].get(lang) or not v["paragraphs"].get(lang):
                    raise ValueError(f"{DATA.name}: {kind} {v['version']}: no {lang} text")
            items.append(
                Disclosure(
                    kind=kind,
                    version=v["version"],
                    effective=dt.date.fromisoformat(v["effective"]),
                    title=dict(v["title"]),
                    paragraphs={k: tuple(p) for k, p in v["paragraphs"].items()},
                )
            )
        out[kind] = tuple(sorted(items, key=lambda d: d.effective))
    return out


def disclosure_current(kind: str, *, on: dt.date | None = None) -> Disclosure:
    """The newest disclosure of `kind` in effect on `on` (today when not given)."""
    on = on or dt.date.today()  # noqa: DTZ011 (a calendar date, compared with calendar dates)
    versions = [d for d in _all().get(kind, ()) if d.effective <= on] or list(_all().get(kind, ()))
    if not versions:
        raise LookupError(f"no disclosure text for consent kind {kind!r}")
    return versions[-1]


def disclosure_get(kind: str, version: str) -> Disclosure:
    for d in _all().get(kind, ()):
        if d.version == version:
            return d
    raise LookupError(f"no disclosure {kind!r} version {version!r}")
