"""The engine's own words, in English and Spanish.

Rule messages live in the packs; these are the few phrases the engine adds around them (decision
names, statuses, why a rule did not apply). This package imports no Django, so it keeps its
translations as data rather than in a gettext catalog.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")

TEXT: dict[str, dict[str, str]] = {
    "decision.eligible": {"en": "eligible", "es": "elegible"},
    "decision.ineligible": {"en": "ineligible", "es": "no elegible"},
    "decision.pending": {"en": "pending", "es": "pendiente"},
    "status.passed": {"en": "passed", "es": "cumple"},
    "status.failed": {"en": "failed", "es": "no cumple"},
    "status.not_applicable": {"en": "not applicable", "es": "no aplica"},
    "outcome.ineligible": {"en": "ineligible if failed", "es": "no elegible si no cumple"},
    "outcome.pending": {"en": "pending if failed", "es": "pendiente si no cumple"},
    "outcome.info": {"en": "information only", "es": "solo informativo"},
    "status.info_suffix": {"en": "info", "es": "informativo"},
    "na.prefix": {"en": "Not applicable: {reason}", "es": "No aplica: {reason}"},
    "na.applies_when": {
        "en": "applies only when {path} is {allowed} (here: {value}).",
        "es": "solo se aplica cuando {path} es {allowed} (aquí: {value}).",
    },
    "na.condition_input": {
        "en": "the request does not give {path}, which decides whether this rule applies.",
        "es": "la solicitud no indica {path}, que decide si esta regla se aplica.",
    },
    "na.missing_input": {
        "en": "the request does not give {paths}.",
        "es": "la solicitud no indica {paths}.",
    },
    "na.disabled": {
        "en": "turned off by pack {pack}.",
        "es": "desactivada por el paquete {pack}.",
    },
    "na.not_in_effect": {
        "en": "not in effect on {date} (in effect {window}).",
        "es": "no está vigente el {date} (vigente {window}).",
    },
    "missing.pending": {
        "en": "Cannot be checked yet: the request does not give {paths}.",
        "es": "Todavía no se puede comprobar: la solicitud no indica {paths}.",
    },
    "word.or": {"en": "or", "es": "o"},
    "word.none": {"en": "none", "es": "ninguno"},
    "word.yes": {"en": "yes", "es": "sí"},
    "word.no": {"en": "no", "es": "no"},
    "window.from": {"en": "from {start}", "es": "desde el {start}"},
    "window.until": {"en": "until {end}", "es": "hasta el {end}"},
    "window.between": {"en": "from {start} to {end}", "es": "del {start} al {end}"},
    "header.decision": {"en": "Decision", "es": "Decisión"},
    "header.pack": {"en": "Pack", "es": "Paquete"},
    "header.on": {"en": "evaluated on", "es": "evaluado el"},
    "header.rule": {"en": "Rule", "es": "Regla"},
    "header.result": {"en": "Result", "es": "Resultado"},
    "header.source": {"en": "Source", "es": "Fuente"},
    "header.message": {"en": "Message", "es": "Mensaje"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The phrase `key` in `lang` (English when the language is unknown), filled with `values`."""
    entry = TEXT[key]
    text = entry.get(lang, entry["en"])
    return text.format(**values) if values else text
