"""English and Spanish texts of the allocation explanations (data: this package imports no Django).

Each text is a ``str.format`` template over the parameters of a reason, plus the derived fields
``rank_ordinal``, ``priority_label`` and ``cutoff_label`` that ``render`` adds.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")

MESSAGES: dict[str, dict[str, str]] = {
    "placed": {
        "en": "Placed in your {rank_ordinal} choice, {section}.",
        "es": "Te asignamos un lugar en tu {rank_ordinal} opción, {section}.",
    },
    "placed_additional": {
        "en": "Also placed in your {rank_ordinal} choice, {section} (seat round {round}).",
        "es": "También te asignamos un lugar en tu {rank_ordinal} opción, {section} "
        "(ronda de lugares {round}).",
    },
    "unplaced": {
        "en": "Not placed: none of the sections you ranked had a seat left for you.",
        "es": "Sin lugar: ninguna de las secciones que elegiste tenía un lugar para ti.",
    },
    "no_choices": {
        "en": "Not placed: you ranked no sections.",
        "es": "Sin lugar: no elegiste ninguna sección.",
    },
    "filled_higher_priority": {
        "en": "Your {rank_ordinal} choice, {section}, filled with students of a higher priority "
        "tier (the last seat went to: {cutoff_label}; you are in: {priority_label}).",
        "es": "Tu {rank_ordinal} opción, {section}, se llenó con estudiantes de un nivel de "
        "prioridad más alto (el último lugar fue para: {cutoff_label}; tu nivel: "
        "{priority_label}).",
    },
    "filled_lottery": {
        "en": "Your {rank_ordinal} choice, {section}, filled with students of your priority tier "
        "({priority_label}) who drew lower lottery numbers: the last seat went to number "
        "{cutoff_lottery}; yours is {lottery}.",
        "es": "Tu {rank_ordinal} opción, {section}, se llenó con estudiantes de tu mismo nivel "
        "de prioridad ({priority_label}) con números de sorteo más bajos: el último lugar fue "
        "para el número {cutoff_lottery}; el tuyo es {lottery}.",
    },
    "no_seats": {
        "en": "Your {rank_ordinal} choice, {section}, has no seats.",
        "es": "Tu {rank_ordinal} opción, {section}, no tiene lugares.",
    },
    "filled_earlier_round": {
        "en": "Your {rank_ordinal} choice, {section}, filled in seat round {round}, while you "
        "were getting a seat you ranked higher.",
        "es": "Tu {rank_ordinal} opción, {section}, se llenó en la ronda de lugares {round}, "
        "mientras obtenías un lugar en una opción que pusiste antes.",
    },
    "skipped_max_sections": {
        "en": "Your {rank_ordinal} choice, {section}, was not considered: you already have the "
        "most sections allowed ({max_sections}).",
        "es": "Tu {rank_ordinal} opción, {section}, no se consideró: ya tienes el máximo de "
        "secciones permitido ({max_sections}).",
    },
    "skipped_units": {
        "en": "Your {rank_ordinal} choice, {section}, was not considered: its {units} units "
        "would take you over your limit of {unit_cap}.",
        "es": "Tu {rank_ordinal} opción, {section}, no se consideró: sus {units} unidades "
        "superarían tu límite de {unit_cap}.",
    },
    "skipped_conflict": {
        "en": "Your {rank_ordinal} choice, {section}, was not considered: it meets at the same "
        "time as {conflict_section}, where you already have a seat.",
        "es": "Tu {rank_ordinal} opción, {section}, no se consideró: tiene el mismo horario que "
        "{conflict_section}, donde ya tienes lugar.",
    },
}

DEFAULT_PRIORITY_LABEL = {"en": "tier {priority}", "es": "nivel {priority}"}


def ordinal(number: int, lang: str) -> str:
    """1st, 2nd, 11th, 21st in English; 1.ª, 2.ª (feminine, for *opción*) in Spanish."""
    if lang == "es":
        return f"{number}.ª"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
